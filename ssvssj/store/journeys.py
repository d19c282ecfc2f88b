"""The journey of a workspace, kept in the index under hashes of what it is made from.

A journey is made from the valid cases as lean cases (journey/lean.py), the settings files
(the vocabularies, the agreed journey), the language of its emergent stage names and the
filters asked. It is kept as compressed JSON behind its key in the index (each kept value
carries its key and a hash of itself, under the index's MAC):

- under a hash of what inferring reads of each case (`inference_json`): when a file changed
  in a way no inference reads (a title, a problem's words, a consultant), the journey is read
  back rather than inferred again, with the cases as they are now; only the changed files
  were parsed;
- pointed to from a hash of every input file's bytes (the survey's `inputs`), beside the
  workspace's problems and the file each of the journey's cases is read from: when no file
  changed, a command reads these two values and renders, reading the cases again only for a
  rendering that shows what they say.

A kept journey that does not read back is inferred again; nothing kept is ever the only
source of an answer.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ssvssj.i18n import language as current_language
from ssvssj.journey.infer import Filters, Journey, infer
from ssvssj.journey.kept import journey_from_json, journey_json
from ssvssj.journey.lean import LeanCase
from ssvssj.journey.shapes import NotKept
from ssvssj.method.problems import Problem
from ssvssj.store.derived import pack, unpack
from ssvssj.store.index import Index, digest, encode, open_index
from ssvssj.store.scan import Progress, StaleIndex, Survey, survey

if TYPE_CHECKING:
    from ssvssj.store.leans import LeanRow
    from ssvssj.store.workspace import Workspace

# The kept journey is compressed in one quick pass: its JSON repeats names and ids.
COMPRESSION = 1


@dataclass
class WorkspaceJourney:
    """A journey with what a command says beside it: the workspace's name and problems."""

    journey: Journey
    name: str
    problems: list[Problem]
    inputs: str | None  # the hash of every input file, where every file's digest is known
    read_back: bool  # read under the files' hash: nothing was loaded or inferred
    digests: dict[str, str | None] = field(default_factory=dict)  # each case's file's, if known
    read: Callable[[list[str]], Sequence[LeanCase]] | None = None  # reads some of its cases
    key: str | None = None  # the hash it is kept under: of what it is made from, not its files


def workspace_journey(
    root: Path, filters: Filters, language: str, progress: Progress | None = None
) -> WorkspaceJourney:
    """The journey of the workspace's valid cases that pass `filters`, its emergent stages
    named in `language`: kept from an earlier command where what it is made from is unchanged,
    else inferred (from the lean cases the index keeps, parsing only new or changed files)."""
    asked = [repr(filters), language, current_language()]
    index = open_index(root)
    if index is None:
        from ssvssj.store.store import load_for_journey

        return _inferred(root, None, load_for_journey(root, progress), filters, language, asked)
    try:
        found = survey(root, index, with_outcomes=False)
        kept = _read_back(root, index, found, asked)
        if kept is not None:
            index.save(found.context, found.gone)
            return kept
        return _made(root, index, found, filters, language, asked, progress)
    finally:
        index.close()


def _key(kind: str, parts: Sequence[str]) -> str:
    return digest("\n".join(["journey", kind, *parts]).encode("utf-8", "surrogateescape"))


def _packed(key: str, value: dict[str, Any], problems: list[Problem]) -> bytes:
    """`value` as compressed JSON, made part by part: a journey of 100,000 cases is never all
    held as text at once."""
    packer = zlib.compressobj(COMPRESSION)
    parts = [packer.compress(b"{")]
    for at, (name, item) in enumerate(value.items()):
        text = ("," if at else "") + encode(name) + ":" + encode(item)
        parts.append(packer.compress(text.encode("utf-8", "surrogatepass")))
    parts += [packer.compress(b"}"), packer.flush()]
    return pack(key, b"".join(parts), problems)


def _unpacked(index: Index, key: str) -> tuple[Any, list[Problem]] | None:
    """The JSON data kept under `key` and the problems kept with it, or None. The value was
    verified by the index's MAC and by its own hash: only its shape is left to check."""
    kept = index.derived(key)
    unpacked = None if kept is None else unpack(key, kept)
    if unpacked is None:
        return None
    try:
        return json.loads(zlib.decompress(unpacked[0])), unpacked[1]
    except (zlib.error, ValueError, RecursionError, MemoryError):
        return None


def _read_back(
    root: Path, index: Index, found: Survey, asked: list[str]
) -> WorkspaceJourney | None:
    """The journey kept under the hash of every input file as they are now, if there is one."""
    if not found.hashed:
        return None
    inputs = found.inputs  # a hash over every file: made once
    key = _key("files", [inputs, *asked])
    unpacked = _unpacked(index, key)
    if unpacked is None:
        return None
    value, problems = unpacked
    try:
        if type(value) is not dict:
            raise NotKept
        name, rels, by_leans = value["name"], value["rels"], value["journey"]
        if type(name) is not str or type(rels) is not list or type(by_leans) is not str:
            raise NotKept
        kept = _unpacked(index, by_leans)
        if kept is None:
            return None
        digests = {entry.item.rel: entry.digest for entry in found.seen}
        files: dict[str, tuple[str, str | None]] = {}
        read = _reader(root, found.context, files)
        journey = journey_from_json(kept[0], read)
        if len(rels) != len(journey.cases):
            return None
        files.update(zip(journey.severities, [(rel, digests[rel]) for rel in rels], strict=True))
    except (NotKept, KeyError, TypeError, ValueError):
        return None
    held = {case_id: file_digest for case_id, (_, file_digest) in files.items()}
    return WorkspaceJourney(journey, name, problems, inputs, True, held, read, by_leans)


def _reader(
    root: Path, context: str, files: dict[str, tuple[str, str | None]]
) -> Callable[[list[str]], Sequence[LeanCase]]:
    """What reads some of a journey's cases (given their ids), from their files' lean cases;
    `files` holds each case's file and its digest."""

    def read(ids: list[str]) -> Sequence[LeanCase]:
        return _lean_cases(root, context, [files[case_id] for case_id in ids], ids)

    return read


def _lean_cases(
    root: Path, context: str, files: list[tuple[str, str | None]], ids: list[str]
) -> list[LeanCase]:
    """The lean cases of a kept journey, from the index where it keeps them for the files'
    bytes, else as the workspace gives them now (a file changed back to bytes the index has
    forgotten is parsed again, and only it)."""
    from ssvssj.store.leans import LeanRow, read_leans

    index = open_index(root)
    try:
        return read_leans([LeanRow(case_id, "", "") for case_id in ids], files, index, context)
    except StaleIndex:
        pass
    finally:
        if index is not None:
            index.close()
    leans, digests = _every_lean_case(root)
    for (rel, asked), case_id in zip(files, ids, strict=True):
        if digests.get(case_id) != asked:
            _changed_meanwhile(rel)
    chosen = {lean.id: lean for lean in leans}
    return [chosen[case_id] for case_id in ids]


def _moved(workspace: Workspace, digests: dict[str, str]) -> list[str]:
    """The files of the cases whose bytes are not those `workspace` was read from."""
    ids = sorted(set(digests) | set(workspace.digests))
    moved = [i for i in ids if digests.get(i) != workspace.digests.get(i)]
    return [workspace.files.get(i, i) for i in moved]


def _changed_meanwhile(rel: str) -> NoReturn:
    """A case file read again holds other bytes than the ones the command's journey was made
    from: what is made of it would be kept under the wrong bytes."""
    from ssvssj.errors import ConcurrentChange
    from ssvssj.i18n import tr

    raise ConcurrentChange(
        tr(
            "{file} changed while ssvssj was reading it; nothing was written",
            "{file} 在 ssvssj 读取期间被修改；没有写入任何内容",
            file=rel,
        ),
        tr("run the command again", "请重新运行该命令"),
    )


def _from_files(root: Path) -> tuple[list[LeanCase], dict[str, str]]:
    """Every valid case as a lean case, made from the files without the index."""
    from ssvssj.store.leans import read_leans
    from ssvssj.store.store import load_for_journey

    workspace = load_for_journey(root, use_cache=False)
    rows = workspace.leans or []
    return read_leans(rows, [("", None)] * len(rows), None, ""), workspace.digests


def every_lean_case(root: Path) -> list[LeanCase]:
    """Every valid case of the workspace as a lean case, in id order: from the index where it
    keeps them for the files' bytes (only new or changed files parsed), else from the files."""
    return _every_lean_case(root)[0]


def _every_lean_case(root: Path) -> tuple[list[LeanCase], dict[str, str]]:
    """`every_lean_case`, and the digest of each one's file by its id."""
    from ssvssj.store.leans import read_leans
    from ssvssj.store.store import complete_for_journey

    index = open_index(root)
    if index is None:
        return _from_files(root)
    try:
        found = survey(root, index, with_outcomes=False)
        workspace = complete_for_journey(found, index)
        rows = workspace.leans or []
        leans = read_leans(rows, _files(workspace, found, rows), index, found.context)
        return leans, workspace.digests
    except StaleIndex:
        index.forget()
        return _from_files(root)
    finally:
        index.close()


def _files(
    workspace: Workspace, found: Survey, rows: list[LeanRow]
) -> list[tuple[str, str | None]]:
    """The file of each row's case, and that file's digest."""
    digests = {entry.item.rel: entry.digest for entry in found.seen}
    rels = [workspace.files[row.case_id] for row in rows]
    return [(rel, digests.get(rel)) for rel in rels]


def _made(
    root: Path,
    index: Index,
    found: Survey,
    filters: Filters,
    language: str,
    asked: list[str],
    progress: Progress | None,
) -> WorkspaceJourney:
    """The journey of the workspace as the survey found it, from its lean cases (only new or
    changed files parsed)."""
    from ssvssj.store.store import complete_for_journey, load_for_journey

    try:
        workspace = complete_for_journey(found, index, progress)
    except StaleIndex:
        index.forget()
        workspace = load_for_journey(root, progress, use_cache=False)
        return _inferred(root, None, workspace, filters, language, asked)
    return _inferred(root, index, workspace, filters, language, asked, found)


def _inferred(
    root: Path,
    index: Index | None,
    workspace: Workspace,
    filters: Filters,
    language: str,
    asked: list[str],
    found: Survey | None = None,
) -> WorkspaceJourney:
    """The journey of `workspace` (loaded for a journey): read back under its cases' inference
    facts where it was kept for them (its cases then read only when a rendering asks), else
    inferred from its lean cases; kept under both hashes where there is an index."""
    from ssvssj.store.leans import read_leans
    from ssvssj.store.scan import settings_bytes

    rows = workspace.leans or []
    settings = found.settings_digest if found is not None else digest(settings_bytes(root))
    by_leans = _key("leans", [settings, *asked, *(f"{r.case_id}\0{r.facts}" for r in rows)])
    journey = None
    where = workspace.files
    digests = {entry.item.rel: entry.digest for entry in found.seen} if found is not None else {}
    context = found.context if found is not None else ""
    case_files = {case_id: (rel, digests.get(rel)) for case_id, rel in where.items()}
    read = _reader(root, context, case_files)

    unpacked = _unpacked(index, by_leans) if index is not None and found is not None else None
    if unpacked is not None:
        try:
            journey = journey_from_json(unpacked[0], read)
            if not set(journey.severities) <= set(where):
                journey = None
        except NotKept:
            journey = None
    if journey is None:
        # Where the index holds every lean case, the journey reads them again in full only for
        # a rendering that shows them: inference reads them without their texts (at 100,000
        # cases, the texts and the decoded cases are each over a hundred megabytes).
        deferred = index is not None and found is not None
        try:
            if found is None:
                leans = read_leans(rows, [("", None)] * len(rows), None, "")
            else:
                files = _files(workspace, found, rows)
                leans = read_leans(rows, files, index, found.context, texts=not deferred)
        except StaleIndex:
            if index is not None:
                index.forget()
            leans, read_now = _from_files(root)
            if read_now != workspace.digests:
                _changed_meanwhile(_moved(workspace, read_now)[0])
            deferred = False
        journey = infer(
            leans,
            workspace.vocabulary,
            filters,
            language,
            workspace.agreed,
            workspace.causes,
        )
        if deferred:
            journey.read_cases_later(lambda: read(list(journey.severities)))
            del leans
        if index is not None:
            index.remember(by_leans, _packed(by_leans, journey_json(journey), []))
    if index is not None and workspace.inputs is not None:
        by_files = _key("files", [workspace.inputs, *asked])
        rels = [workspace.files[case_id] for case_id in journey.severities]
        kept = {"name": workspace.config.name, "rels": rels, "journey": by_leans}
        index.remember(by_files, _packed(by_files, kept, workspace.problems))
    held = {case_id: case_files[case_id][1] for case_id in journey.severities}
    return WorkspaceJourney(
        journey,
        workspace.config.name,
        workspace.problems,
        workspace.inputs,
        False,
        held,
        read,
        by_leans,
    )
