"""What `report all` wrote into a folder, kept in the index: for each report the key of the
inputs it was rendered from, the digest of its bytes and how its file looked once written.

A later run renders a report again only when its key changed or its file no longer holds what
was written; a file that still looks as it did (device, inode, size, mtime, ctime; recorded only
once settled, see index.stat_hint) is not read back. The record is one MAC-checked JSON value
of the index, so a planted or damaged one is a miss, never a report left wrong.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ssvssj.method.problems import Problem
from ssvssj.store.index import Stat, digest, encode, open_index, stat_hint
from ssvssj.store.scan import problems_body, problems_of, survey

UNSETTLED = "-"


class Report(NamedTuple):
    """One written report: its inputs' key, its bytes' digest, its file's look once settled,
    and for a case report the hash of what its key was made from (see reports/keys.py). A
    tuple: a warm run reads ten thousand of them back."""

    key: str
    digest: str
    stat: str = UNSETTLED
    sources: str = UNSETTLED


@dataclass
class Written:
    """Every report one `report all` left in a folder, the `basis` (a hash of every input)
    they were made from, and the workspace's problems then."""

    basis: str
    problems: list[Problem]
    reports: dict[str, Report] = field(default_factory=dict)


def _record_key(target: Path) -> str:
    return "reports written:" + digest(os.fsencode(os.path.realpath(target)))


def inputs_now(root: Path) -> str | None:
    """A hash of every input file's bytes as they are now, from the index's hints (only new
    or changed files are read); None where some file's bytes are not known to it."""
    index = open_index(root)
    if index is None:
        return None
    try:
        found = survey(root, index, with_outcomes=False)
        if not found.hashed:
            return None
        index.save(found.context, found.gone)
        return found.inputs
    finally:
        index.close()


def looks(path: str | Path, now: int | None = None) -> str | None:
    """How a file looks at `now` (default: now), when that can be relied on later, else
    UNSETTLED; None when there is no file."""
    hint = stat_hint(os.fspath(path), time.time_ns() if now is None else now)
    if hint is None:
        return None
    return look_of(hint[0]) if hint[1] else UNSETTLED


def look_of(stat: Stat) -> str:
    """A settled file's look as a record keeps it."""
    return f"{stat[0]}:{stat[1]}:{stat[2]}:{stat[3]}:{stat[4]}"


def recall_written(root: Path, target: Path) -> Written | None:
    index = open_index(root)
    if index is None:
        return None
    try:
        key = _record_key(target)
        written = _written_of(index.derived(key))
        if written is not None:
            index.touch(key)  # the most costly kept value to make again is the last to go
        return written
    finally:
        index.close()


def keep_written(root: Path, target: Path, written: Written) -> None:
    index = open_index(root)
    if index is None:
        return
    body = {
        "basis": written.basis,
        "problems": problems_body(written.problems),
        "reports": {
            rel: f"{r.key} {r.digest} {r.stat} {r.sources}"
            for rel, r in sorted(written.reports.items())
        },
    }
    try:
        index.remember(_record_key(target), encode(body).encode("utf-8", "surrogateescape"))
    finally:
        index.close()


def _written_of(raw: bytes | None) -> Written | None:
    """A record as `keep_written` made it; None for anything else."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError, MemoryError):
        return None
    if type(value) is not dict or value.keys() != {"basis", "problems", "reports"}:
        return None
    problems = problems_of(encode(value["problems"]))
    reports = value["reports"]
    if not isinstance(value["basis"], str) or problems is None or type(reports) is not dict:
        return None
    written = Written(value["basis"], problems)
    made = Report._make
    for rel, entry in reports.items():
        parts = entry.split(" ") if type(entry) is str else ()
        if len(parts) != 4:
            return None
        written.reports[rel] = made(parts)
    return written
