"""The workspace as it was at a commit, through the same loading functions as the working tree.

Blobs come from git in bulk; a blob that two revisions share is parsed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from ssvssj.journey.agreed import JOURNEY_FILE
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case, WorkspaceConfig
from ssvssj.method.problems import Problem, duplicate_case_id
from ssvssj.store.git import (
    Commit,
    FileChange,
    Repository,
    is_case_file,
    read_blobs,
    workspace_files,
)
from ssvssj.store.listing import too_large
from ssvssj.store.loading import (
    case_from_data,
    load_agreed,
    load_causes,
    load_config,
    load_vocabulary,
    read_mapping,
    validated,
)
from ssvssj.store.paths import CAUSES_FILE, CONFIG_FILE, VOCABULARY_FILE
from ssvssj.store.workspace import Workspace

Parsed = tuple[dict[str, Any] | None, list[Problem]]
T = TypeVar("T")
Loaded = tuple[T, list[Problem]]


@dataclass(frozen=True)
class Snapshot:
    """One revision's files: workspace path -> blob id."""

    commit: str
    files: dict[str, str]

    def case_files(self) -> list[tuple[str, str]]:
        return sorted((rel, blob) for rel, blob in self.files.items() if is_case_file(rel))


def _parse(item: tuple[str, bytes]) -> Parsed:
    return read_mapping(*item)


class BlobParser:
    """Parses each distinct blob once, on both cores when there are many."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.raw: dict[str, bytes] = {}
        self.parsed: dict[str, Parsed] = {}
        self.cases: dict[tuple[str, str, str], tuple[Case | None, list[Problem]]] = {}
        self.oversized: dict[str, int] = {}

    def fetch(self, blobs: Sequence[tuple[str, str]]) -> None:
        """Read and parse the (path, blob) pairs not seen yet."""
        from ssvssj.store.parallel import iterate_in_workers

        fresh: dict[str, str] = {}
        for rel, blob in blobs:
            if blob not in self.parsed and blob not in fresh:
                fresh[blob] = rel
        raw, oversized = read_blobs(self.repo, fresh)
        self.raw.update(raw)
        self.oversized.update(oversized)
        for blob, size in oversized.items():
            self.parsed[blob] = None, [Problem(fresh[blob], None, None, too_large(size))]
        readable = [blob for blob in fresh if blob in raw]
        items = [(fresh[blob], raw[blob]) for blob in readable]
        for blob, parsed in zip(readable, iterate_in_workers(_parse, items), strict=True):
            self.parsed[blob] = parsed

    def settings(
        self, rel: str, blob: str, load: Callable[[str, bytes], Loaded[T]], empty: T
    ) -> Loaded[T]:
        """A settings file through its loader; an oversized one is `empty`, with its problem."""
        if blob in self.oversized:
            return empty, [Problem(rel, None, None, too_large(self.oversized[blob]))]
        return load(rel, self.raw[blob])

    def mapping(self, rel: str, blob: str) -> Parsed:
        data, problems = self.parsed[blob]
        if data is None:
            return None, [Problem(rel, p.line, p.field, p.message) for p in problems]
        return data, []

    def case(
        self, rel: str, blob: str, vocab: Vocabulary, vocab_key: str
    ) -> tuple[Case | None, list[Problem]]:
        """The case in a blob, validated once per vocabulary: `vocab_key` names the vocabulary
        (its blob id, or a name no other vocabulary of this parser has), since the same file
        under the same vocabulary is the same case. Callers only read the cases they get."""
        key = (rel, blob, vocab_key)
        found = self.cases.get(key)
        if found is None:
            found = validated(
                self.mapping(rel, blob),
                lambda data: case_from_data(rel, data, vocab, lambda: self.raw[blob]),
            )
            self.cases[key] = found
        return found


def snapshot(repo: Repository, commit: str) -> Snapshot:
    return Snapshot(commit, workspace_files(repo, commit))


def workspace_at(root: Path, snap: Snapshot, parser: BlobParser) -> Workspace:
    """The workspace of one revision; a revision before the workspace existed is empty."""
    parser.fetch(sorted(snap.files.items()))
    problems: list[Problem] = []
    config: WorkspaceConfig | None = None
    if CONFIG_FILE in snap.files:
        config, found = parser.settings(CONFIG_FILE, snap.files[CONFIG_FILE], load_config, None)
        problems += found
    if config is None:
        config = WorkspaceConfig(schema_version=1, name=root.name or "ssvssj")
    vocab = Vocabulary()
    if VOCABULARY_FILE in snap.files:
        vocab, found = parser.settings(
            VOCABULARY_FILE, snap.files[VOCABULARY_FILE], load_vocabulary, vocab
        )
        problems += found
    workspace = Workspace(root=root, config=config, vocabulary=vocab, problems=problems)
    if CAUSES_FILE in snap.files:
        workspace.causes, found = parser.settings(
            CAUSES_FILE, snap.files[CAUSES_FILE], load_causes, workspace.causes
        )
        workspace.problems += found
    if JOURNEY_FILE in snap.files:
        workspace.agreed, found = parser.settings(
            JOURNEY_FILE,
            snap.files[JOURNEY_FILE],
            lambda rel, raw: load_agreed(rel, raw, vocab),
            None,
        )
        workspace.problems += found
    for rel, blob in snap.case_files():
        case, found = parser.case(rel, blob, vocab, snap.files.get(VOCABULARY_FILE, "none"))
        workspace.problems += found
        if case is None:
            continue
        if case.id in workspace.files:
            workspace.problems.append(duplicate_case_id(rel, case.id, workspace.files[case.id]))
            continue
        workspace.files[case.id] = rel
        workspace.cases.append(case)
    workspace.cases.sort(key=lambda case: case.id)
    return workspace


def case_id_of(rel: str) -> str:
    return PurePosixPath(rel).stem


# The commit, the case (None where it did not load), whether the commit removed it, and the
# file the commit left it in (None where it removed it).
CaseVersion = tuple[Commit, Case | None, bool, str | None]


def changes_by_case(
    commits: Sequence[Commit], only: str | None = None
) -> dict[str, list[tuple[Commit, FileChange | None]]]:
    """Each case's (or `only` the one's) commits, oldest first, with the file the commit left
    (None where it removed the case)."""
    found: dict[str, list[tuple[Commit, FileChange | None]]] = {}
    for commit in commits:
        mine: dict[str, list[FileChange]] = {}
        for each in commit.changes:
            case_id = case_id_of(each.path)
            if only is None or case_id == only:
                mine.setdefault(case_id, []).append(each)
        for case_id, changes in sorted(mine.items()):
            kept = [c for c in changes if not c.deleted]
            found.setdefault(case_id, []).append((commit, kept[-1] if kept else None))
    return found


def versions_by_case(
    commits: Sequence[Commit], parser: BlobParser, vocab: Vocabulary, only: str | None = None
) -> dict[str, list[CaseVersion]]:
    """Each case (or `only` the one) as every commit that touched its file left it, oldest
    first (see CaseVersion). All blobs are read at once."""
    touched = changes_by_case(commits, only)
    parser.fetch([(c.path, c.blob) for found in touched.values() for _, c in found if c])
    return {
        case_id: [
            (
                commit,
                parser.case(c.path, c.blob, vocab, "given")[0] if c else None,
                c is None,
                c.path if c else None,
            )
            for commit, c in found
        ]
        for case_id, found in touched.items()
    }
