"""What a workspace holds now, file by file, and what the index already knows about each file.

Light on purpose: a warm `check` or `case list` answers from here without importing YAML or
pydantic; only files the index has not seen (or whose bytes changed) go to the full loader.
"""

from __future__ import annotations

import gc
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ssvssj.i18n import language
from ssvssj.method.problems import Problem, duplicate_case_id
from ssvssj.store.index import Index, Outcome, decode, digest, open_index, settled, stat_of
from ssvssj.store.listing import CaseFile, case_files, read_file
from ssvssj.store.paths import CAUSES_FILE, CONFIG_FILE, JOURNEY_FILE, VOCABULARY_FILE

SETTINGS = "<settings>"
# With this many files the index knows nothing about (a first run, a checkout of another
# branch), each is read once, by the loader's workers, instead of once here and once there.
READ_IN_LOADER_FROM = 200
Progress = Callable[[int, int], None]
ROW_KEYS = frozenset(
    [
        "id",
        "title",
        "step",
        "step_number",
        "state",
        "is_open",
        "touchpoint",
        "severity",
        "kind",
        "tags",
        "updated",
    ]
)


class Seen:
    """One case file as it is now: its digest, and its outcome where it is known.

    A known outcome is a valid case (its id, and its row as JSON) or the file's problems.
    """

    __slots__ = ("body", "case_id", "digest", "item", "known", "problems", "unread")

    def __init__(self, item: CaseFile) -> None:
        self.item = item
        self.unread = False  # left for the loader to read, hash and parse in one go
        self.digest: str | None = None
        self.known = False
        self.case_id: str | None = None
        self.body: str | None = None
        self.problems: list[Problem] = []

    def learn(self, outcome: Outcome) -> None:
        self.known = True
        self.case_id, self.body = outcome


class StaleIndex(Exception):
    """A row in the index did not decode: the caller loads again without the index."""


@dataclass
class Survey:
    root: Path
    context: str
    settings_digest: str
    settings: list[Problem] | None
    seen: list[Seen]
    walk_problems: list[Problem]
    gone: list[str] = field(default_factory=list)
    known: dict[tuple[str, str], Outcome] = field(default_factory=dict)

    @property
    def inputs(self) -> str:
        """A hash of every input a journey or report depends on (apart from templates)."""
        parts = [self.context, self.settings_digest]
        parts += [f"{p.file}\0{p.message}" for p in self.walk_problems]
        parts += [f"{s.item.rel}\0{s.digest}" for s in self.seen]
        return digest("\n".join(parts).encode("utf-8", "surrogateescape"))

    @property
    def hashed(self) -> bool:
        """Whether every case file's bytes are known by their digest (so `inputs` holds)."""
        return all(s.digest is not None and not s.unread for s in self.seen)

    @property
    def complete(self) -> bool:
        return self.settings is not None and all(
            s.known or (s.digest is None and not s.unread) for s in self.seen
        )


def settings_bytes(root: Path) -> bytes:
    """The workspace's settings files together, for a digest: a file that cannot be read
    counts by why not (missing, a folder, too large, a link leading out or nowhere), since
    each gives its own problem."""
    parts = []
    for name in (CONFIG_FILE, VOCABULARY_FILE, CAUSES_FILE, JOURNEY_FILE):
        raw, problems = read_file(root / name, name)
        if raw is None:
            why = "\0".join(problem.message for problem in problems)
            parts.append(b"-" + why.encode("utf-8", "surrogateescape"))
        else:
            parts.append(b"+" + digest(raw).encode())
    return b"\n".join(parts)


def survey(root: Path, index: Index | None, with_outcomes: bool = True) -> Survey:
    """Every case file with its digest; outcomes from the index where it has them (unless
    only the digests are wanted, as for a result kept under `inputs`).

    A file whose stat is the one the snapshot of hints holds keeps its recorded digest
    unread; any other file is read and hashed (or left to the loader, when there are many).
    This runs on every command, once per file: it does little more than one `os.stat`. The
    garbage collector waits meanwhile: what is made here lives on, so a collection would
    walk tens of thousands of objects to free none."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _survey(root, index, with_outcomes)
    finally:
        if collecting:
            gc.enable()


def _survey(root: Path, index: Index | None, with_outcomes: bool) -> Survey:
    settings_digest = digest(settings_bytes(root))
    context = digest(
        "\n".join([index.tool if index else "-", language(), settings_digest]).encode()
    )
    known = index.outcomes(context) if index is not None and with_outcomes else {}
    hints = index.hints() if index is not None else {}
    files, walk_problems = case_files(root)
    now = time.time_ns()
    prefix = os.path.join(root, "")  # joined by hand: os.path.join per file costs more
    stat = os.stat
    # With no file hinted and enough files, the loader reads them all and takes each one's
    # stat itself: none is looked at here.
    looking = bool(hints) or len(files) < READ_IN_LOADER_FROM
    seen: list[Seen] = []
    unhinted: list[tuple[Seen, os.stat_result | None]] = []
    hinted = 0  # files the snapshot names: when that is all it names, no file is gone
    for item in files:
        entry = Seen(item)
        seen.append(entry)
        info: os.stat_result | None = None
        if looking:
            try:
                info = stat(prefix + item.rel)
            except OSError:
                info = None
        recorded = hints.get(item.rel)
        if recorded is not None:
            hinted += 1
        if (
            recorded is not None
            and info is not None
            and recorded[4] == info.st_ctime_ns
            and recorded[3] == info.st_mtime_ns
            and recorded[2] == info.st_size
            and recorded[1] == info.st_ino
            and recorded[0] == info.st_dev
        ):
            entry.digest = recorded[5]
            if known:
                outcome = known.get((item.rel, entry.digest))
                if outcome is not None:
                    entry.learn(outcome)
        else:
            unhinted.append((entry, info))
    if len(unhinted) >= READ_IN_LOADER_FROM:
        for entry, _ in unhinted:
            entry.unread = True
    else:
        for entry, info in unhinted:
            item = entry.item
            raw, entry.problems = read_file(Path(prefix + item.rel), item.rel)
            if raw is None:
                continue
            entry.digest = digest(raw)
            if index is not None and info is not None and settled(info, now):
                index.hint(item.rel, stat_of(info), entry.digest)
            outcome = known.get((item.rel, entry.digest))
            if outcome is not None:
                entry.learn(outcome)
    settings_outcome = known.get((SETTINGS, settings_digest))
    settings = None if settings_outcome is None else problems_of(settings_outcome[1])
    gone = sorted(set(hints) - {item.rel for item in files}) if hinted < len(hints) else []
    return Survey(root, context, settings_digest, settings, seen, walk_problems, gone, known)


Kept = TypeVar("Kept")
Made = TypeVar("Made")


def _paused(make: Callable[..., Made], *args: Any) -> Made:
    """`make(*args)` with the collector waiting, as in `survey`: what is made lives on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return make(*args)
    finally:
        if collecting:
            gc.enable()


def learn_known(
    found: Survey, kept: Callable[[tuple[str, str]], tuple[str, Kept] | None]
) -> dict[Seen, Kept]:
    """Every file the index knows as it is now: a file whose outcome it kept (a problem) learns
    it; a valid case's value kept elsewhere, which `kept` gives with the case's id by the file's
    path and digest, is returned by its entry. A file known neither way stays to be parsed."""
    known: dict[Seen, Kept] = {}
    for entry in found.seen:
        if entry.digest is None or entry.unread:
            continue
        key = (entry.item.rel, entry.digest)
        outcome = found.known.get(key)
        if outcome is not None:
            entry.learn(outcome)
            continue
        case = kept(key)
        if case is not None:
            entry.known, entry.case_id = True, case[0]
            known[entry] = case[1]
    return known


def problems_of(body: str | None) -> list[Problem] | None:
    """A stored list of problems, or None where it does not decode as one."""
    return problems_from(decode(body))


FileLists = tuple[list[str], list[str], list[str | None], list[Any]]
_TEXT = {str}
_TEXT_OR_NONE = {str, type(None)}


def file_lists(value: Any, kept: str) -> FileLists | None:
    """A value kept for every file as four parallel lists: each file's path, the digest of its
    bytes, its case's id (None for a file that is no valid case) and what is kept of it, named
    `kept`; each file's problems stand in the last list where it is no valid case. None where
    any list is missing, of another length, or holds an item of another type: told apart by
    the set of the items' types, checked a list at a time rather than with calls per file."""
    if type(value) is not dict:
        return None
    rels, digests, ids, items = (value.get(name) for name in ("rels", "digests", "ids", kept))
    if not (
        type(rels) is list
        and type(digests) is list
        and type(ids) is list
        and type(items) is list
        and len(rels) == len(digests) == len(ids) == len(items)
        and set(map(type, rels)) <= _TEXT
        and set(map(type, digests)) <= _TEXT
        and set(map(type, ids)) <= _TEXT_OR_NONE
    ):
        return None
    for at, case_id in enumerate(ids):
        if case_id is None:
            problems = problems_from(items[at])
            if problems is None:
                return None
            items[at] = problems
    return rels, digests, ids, items


def problems_from(value: Any) -> list[Problem] | None:
    """Problems back from JSON data, or None where it holds anything else."""
    if not isinstance(value, list):
        return None
    problems = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and isinstance(item[0], str)
            and (item[1] is None or type(item[1]) is int)
            and (item[2] is None or isinstance(item[2], str))
            and isinstance(item[3], str)
        ):
            return None
        problems.append(Problem(*item))
    return problems


def problems_body(problems: list[Problem]) -> list[list[Any]]:
    return [[p.file, p.line, p.field, p.message] for p in problems]


def row_of(entry: Seen) -> dict[str, Any]:
    """The stored row of a valid case."""
    value = decode(entry.body)
    if type(value) is not dict or not value.keys() >= ROW_KEYS or value["id"] != entry.case_id:
        raise StaleIndex(entry.item.rel)
    return value


def assemble(found: Survey) -> tuple[list[Seen], list[Problem]]:
    """The valid cases in id order (the first file of a duplicated id wins) and every problem,
    from outcomes that are all known by now. An invalid file that declares an id another file
    declares is told so in the same run, so that fixing it shows no duplicate only later."""
    problems = list(found.settings or []) + found.walk_problems
    accepted: dict[str, Seen] = {}
    invalid: list[tuple[Seen, str]] = []
    for entry in found.seen:
        problems += entry.problems
        if not entry.known:
            continue
        if entry.case_id is None:
            stored = problems_of(entry.body)
            if stored is None:
                raise StaleIndex(entry.item.rel)
            problems += stored
            declared = declared_id(entry)
            if declared is not None:
                invalid.append((entry, declared))
            continue
        first = accepted.get(entry.case_id)
        if first is not None:
            problems.append(duplicate_case_id(entry.item.rel, entry.case_id, first.item.rel))
            continue
        accepted[entry.case_id] = entry
    declaring: dict[str, list[str]] = {}
    for entry in found.seen:
        case_id = entry.case_id if entry.known else None
        if case_id is not None:
            declaring.setdefault(case_id, []).append(entry.item.rel)
    for entry, declared in invalid:
        declaring.setdefault(declared, []).append(entry.item.rel)
    for entry, declared in invalid:
        others = [rel for rel in declaring[declared] if rel != entry.item.rel]
        if others:
            problems.append(duplicate_case_id(entry.item.rel, declared, min(others)))
    return [accepted[case_id] for case_id in sorted(accepted)], problems


# A case's id as a plain top-level line, read from a file that is not a valid case (its YAML
# may not even parse): `id: 20261102-k3f9`, quoted or not.
_DECLARED_ID = re.compile(rb"""^id:[ \t]*(["']?)([0-9A-Za-z_-]+)\1[ \t]*(?:#.*)?\r?$""", re.M)


def declared_id(entry: Seen) -> str | None:
    """The id an invalid case file declares, where a plain line of it says so."""
    raw, _ = read_file(Path(entry.item.location), entry.item.rel)
    found = _DECLARED_ID.search(raw) if raw is not None else None
    return found.group(2).decode("ascii") if found else None


@dataclass
class Outline:
    """The workspace as lists and counts need it: valid cases' rows and every problem."""

    rows: list[tuple[str, dict[str, Any]]]
    problems: list[Problem]
    inputs: str | None = None  # the hash of every input, where every file's digest is known


def _rows(
    found: Survey, kept: dict[Seen, dict[str, Any]]
) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """The valid cases' rows (those in `kept` as they are, the others decoded) and every
    problem. The collector waits meanwhile, as in `survey`: every row made here lives on, so a
    collection would free nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        accepted, problems = assemble(found)
        rows = []
        for entry in accepted:
            row = kept.get(entry)
            if row is None:
                row = kept[entry] = row_of(entry)
            rows.append((entry.item.rel, row))
        return rows, problems
    finally:
        if collecting:
            gc.enable()


def outline(root: Path, use_cache: bool = True, progress: Progress | None = None) -> Outline:
    """Rows and problems from the index where it knows the bytes (one kept value for all the
    files, see store/outlines.py); only new or changed files are loaded. A row that does not
    decode makes the whole answer come from the files."""
    from ssvssj.store.outlines import keep_outline, learn_outline

    index = open_index(root, use_cache)
    try:
        found = survey(root, index, with_outcomes=False)
        kept, current = ({}, False) if index is None else _paused(learn_outline, found, index)
        if not found.complete:
            from ssvssj.store.store import complete

            complete(found, index, progress)
        rows, problems = _rows(found, kept)
        if index is not None:
            if not current:
                keep_outline(index, found, kept)
            index.save(found.context, found.gone)
        return Outline(rows, problems, found.inputs if found.hashed else None)
    except StaleIndex:
        if index is None:
            raise
        index.forget()
        return outline(root, False, progress)
    finally:
        if index is not None:
            index.close()
