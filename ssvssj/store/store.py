"""The only module that reads or writes workspace files."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ssvssj.errors import InvalidCase, UsageError
from ssvssj.journey.agreed import JOURNEY_FILE, Agreed
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case, WorkspaceConfig
from ssvssj.method.problems import Problem
from ssvssj.store.cache import CacheWriter, ParsedCache, stamp
from ssvssj.store.files import create_exclusive, write_atomic
from ssvssj.store.ids import is_valid_id, new_id
from ssvssj.store.listing import CaseFile, case_files, read_file
from ssvssj.store.loading import (
    case_from_data,
    load_agreed,
    load_case,
    load_config,
    load_vocabulary,
    read_mapping,
)
from ssvssj.store.paths import CASES_DIR, CONFIG_FILE, PRIVATE_DIR, VOCABULARY_FILE
from ssvssj.store.workspace import Workspace
from ssvssj.store.yamlwrite import dump_case, dump_document, to_document, update_document


def load_settings(root: Path) -> tuple[WorkspaceConfig, Vocabulary, list[Problem]]:
    problems: list[Problem] = []
    raw, read_problems = read_file(root / CONFIG_FILE, CONFIG_FILE)
    problems += read_problems
    config = None
    if raw is not None:
        config, config_problems = load_config(CONFIG_FILE, raw)
        problems += config_problems
    if config is None:
        config = WorkspaceConfig(schema_version=1, name=root.name or "ssvssj")
    vocab = Vocabulary()
    if (root / VOCABULARY_FILE).exists():
        raw, read_problems = read_file(root / VOCABULARY_FILE, VOCABULARY_FILE)
        problems += read_problems
        if raw is not None:
            vocab, vocab_problems = load_vocabulary(VOCABULARY_FILE, raw)
            problems += vocab_problems
    return config, vocab, problems


def load_agreed_journey(root: Path, vocab: Vocabulary) -> tuple[Agreed | None, list[Problem]]:
    """journey.yaml, when the workspace has one."""
    path = root / JOURNEY_FILE
    if not path.exists():
        return None, []
    raw, problems = read_file(path, JOURNEY_FILE)
    if raw is None:
        return None, problems
    return load_agreed(JOURNEY_FILE, raw, vocab)


def save_agreed_journey(root: Path, data: bytes, original: bytes | None) -> Path:
    """Write journey.yaml if it loads back without a problem; never one that would not."""
    from ssvssj.i18n import tr

    _, vocab, _ = load_settings(root)
    _, problems = load_agreed(JOURNEY_FILE, data, vocab)
    if problems:
        raise InvalidCase(
            tr(
                "{file} would not be valid; nothing was written",
                "{file} 将不合法；未写入任何内容",
                file=JOURNEY_FILE,
            ),
            problems,
        )
    path = root / JOURNEY_FILE
    write_atomic(path, data, expected=original)
    return path


Parsed = tuple[dict[str, Any] | None, list[Problem]]


def parse_file(item: CaseFile) -> Parsed:
    raw, problems = read_file(item.path, item.rel)
    if raw is None:
        return None, problems
    return read_mapping(item.rel, raw)


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Loading builds many objects and no cycles: the cyclic collector would only rescan them
    (about half the cost of validation), so it pauses while loading."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Progress = Callable[[int, int], None]


def load_workspace(
    root: Path, use_cache: bool = True, progress: Progress | None = None
) -> Workspace:
    """Every valid case and every problem of every file: one bad file hides nothing else.

    `progress(done, total)` hears how far loading has come, for a progress bar.
    """
    with _bulk_allocation():
        if not use_cache:
            return _load_workspace(root, None, progress)
        with ParsedCache(root) as cache:
            return _load_workspace(root, cache, progress)


def _load_workspace(root: Path, cache: ParsedCache | None, progress: Progress | None) -> Workspace:
    from ssvssj.store.parallel import iterate_in_workers

    config, vocab, problems = load_settings(root)
    workspace = Workspace(root=root, config=config, vocabulary=vocab, problems=problems)
    workspace.agreed, agreed_problems = load_agreed_journey(root, vocab)
    workspace.problems += agreed_problems
    files, walk_problems = case_files(root)
    workspace.problems += walk_problems
    stamps = [stamp(item.path) for item in files]
    cached = [
        cache.line(item.rel, current) if cache is not None and current is not None else None
        for item, current in zip(files, stamps, strict=True)
    ]
    missing = [item for item, line in zip(files, cached, strict=True) if line is None]
    writer: CacheWriter | None = None
    if cache is not None and (missing or len(files) != len(cache.index)):
        writer = cache.writer()
    fresh = iterate_in_workers(parse_file, missing)
    broken = False
    for done, (item, current, line) in enumerate(zip(files, stamps, cached, strict=True)):
        if progress is not None and done % 100 == 0:
            progress(done, len(files))
        data = ParsedCache.data(line) if line is not None else None
        reused = data is not None
        if data is None:
            broken = broken or line is not None
            data, read_problems = next(fresh) if line is None else parse_file(item)
            if data is None:
                workspace.problems += read_problems
                continue
        case, case_problems = case_from_data(item.rel, data, vocab, item.path.read_bytes)
        workspace.problems += case_problems
        if case is None:
            continue
        if writer is not None and current is not None:
            writer.add(line if reused else ParsedCache.make_line(item.rel, current, data))
        if case.id in workspace.files:
            workspace.problems.append(
                Problem(
                    item.rel,
                    None,
                    "id",
                    f"duplicate id '{case.id}': also in {workspace.files[case.id]}",
                )
            )
            continue
        workspace.files[case.id] = item.rel
        workspace.cases.append(case)
    workspace.cases.sort(key=lambda case: case.id)
    if cache is not None and broken and writer is None:
        cache.discard()
    if writer is not None:
        writer.commit()
    return workspace


def read_case(workspace: Workspace, case_id: str) -> tuple[Case, bytes]:
    """Re-read one case from disk (its bytes too, to detect a concurrent change on write)."""
    rel = workspace.files[case_id]
    raw = (workspace.root / rel).read_bytes()
    case, problems = load_case(rel, raw, workspace.vocabulary)
    if case is None:
        raise InvalidCase(f"{rel} is not valid; fix it first (see `ssvssj check`)", problems)
    return case, raw


def checked(data: bytes, workspace: Workspace, rel: str) -> bytes:
    """The bytes about to be written, if they load back as a valid case: never write one that
    would not."""
    reloaded, problems = load_case(rel, data, workspace.vocabulary)
    if reloaded is None:
        raise InvalidCase(f"the case would not be valid; nothing was written to {rel}", problems)
    return data


def save_case(workspace: Workspace, case: Case, original: bytes, today: date) -> Path:
    """Write an existing case, keeping a person's comments and key order."""
    case.updated = max(today, case.created)
    rel = workspace.files[case.id]
    data = checked(update_document(original, to_document(case)), workspace, rel)
    path = workspace.root / rel
    write_atomic(path, data, expected=original)
    return path


def create_case(
    workspace: Workspace, doc: dict[str, Any], today: date, preferred: str | None = None
) -> tuple[Case, Path]:
    """Give a new case an id that no branch will collide with, and write it exclusively."""
    for attempt in range(100):
        case_id = preferred if preferred and attempt == 0 else new_id(today)
        if case_id in workspace.files:
            continue
        rel = f"{CASES_DIR}/{case_id}.yaml"
        case = Case.model_validate(
            {
                **doc,
                "schema_version": 1,
                "id": case_id,
                "created": doc.get("created", today),
                "updated": today,
            }
        )
        path = workspace.root / rel
        data = checked(schema_comment(workspace.root, path) + dump_case(case), workspace, rel)
        if create_exclusive(path, data):
            workspace.files[case_id] = rel
            workspace.cases.append(case)
            return case, path
    raise UsageError("could not find a free case id; try again")


SCHEMA_FILE = "case.schema.json"


def schema_comment(root: Path, path: Path) -> bytes:
    """The first line of a case the tool creates: editors with the YAML language server then
    validate and complete the file against the schema under .ssvssj/ (written if missing)."""
    schema = root / PRIVATE_DIR / SCHEMA_FILE
    if not schema.exists():
        from ssvssj.method.schema import case_schema_json

        write_atomic(schema, case_schema_json().encode("utf-8"))
    relative = os.path.relpath(schema, path.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={relative}\n".encode()


def draft_path(root: Path, case_id: str) -> Path:
    if not is_valid_id(case_id):
        raise UsageError(f"'{case_id}' is not a case id")
    return root / PRIVATE_DIR / "drafts" / f"{case_id}.yaml"


def save_draft(root: Path, case_id: str, doc: dict[str, Any]) -> None:
    write_atomic(draft_path(root, case_id), dump_document(doc))


def load_draft(root: Path, case_id: str) -> dict[str, Any] | None:
    from ssvssj.store.yamlread import ReadError, parse

    path = draft_path(root, case_id)
    try:
        data = parse(path.read_bytes())
    except (FileNotFoundError, ReadError):
        return None
    return data if isinstance(data, dict) else None


def draft_ids(root: Path) -> list[str]:
    folder = root / PRIVATE_DIR / "drafts"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if is_valid_id(p.stem))


def drop_draft(root: Path, case_id: str) -> None:
    draft_path(root, case_id).unlink(missing_ok=True)
