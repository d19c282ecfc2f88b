"""Data derived from the whole workspace (the outline of the journey a case report is placed
in), kept in the index under a hash of everything it is made from: every input file's bytes,
the workspace's own templates, the tool's code, the language and the question's parameters.
Never by a command line, and never a rendered answer: any changed byte of any input makes a new
key. Also the packing that every such kept value shares (a key, a hash, the problems)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ssvssj.confine import leads_out
from ssvssj.i18n import language
from ssvssj.method.problems import Problem
from ssvssj.store.index import digest, encode, open_index
from ssvssj.store.listing import read_file
from ssvssj.store.scan import problems_body, problems_of, settings_bytes, survey

Question = tuple[object, ...]
TEMPLATES_DIR = "templates"


def templates_digest(root: Path) -> str:
    """The bytes of every file under the workspace's templates/ folder, as the template loader
    would reach them: through links that stay inside the workspace, each folder once. A link
    leading out is counted by its name only (rendering refuses it), never read or walked."""
    parts: list[str] = []
    base = root / TEMPLATES_DIR
    if leads_out(root, base):
        return digest(b"leads out")
    walked: set[str] = set()
    for folder, dirs, names in os.walk(base, followlinks=True):
        real = os.path.realpath(folder)
        if real in walked:
            dirs.clear()
            continue
        walked.add(real)
        dirs[:] = sorted(d for d in dirs if not leads_out(root, Path(folder, d)))
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if leads_out(root, path):
                parts.append(f"{rel}\0out")
                continue
            raw, _ = read_file(path, rel)
            parts.append(f"{rel}\0{'-' if raw is None else digest(raw)}")
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def result_key(root: Path, inputs: str, question: Question) -> str:
    parts = [inputs, templates_digest(root), language(), repr(question)]
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def recall(root: Path, question: Question) -> tuple[bytes, list[Problem]] | None:
    """The kept result of `question` over the workspace as it is now, and the workspace's
    problems; None when any input is new to the index, the result was never kept, or what is
    kept does not hold together. Only the files' digests are looked up: the result carries the
    problems it was made with."""
    index = open_index(root)
    if index is None:
        return None
    try:
        found = survey(root, index, with_outcomes=False)
        if not found.hashed:
            return None
        key = result_key(root, found.inputs, question)
        kept = index.derived(key)
        unpacked = None if kept is None else unpack(key, kept)
        if unpacked is not None:
            index.save(found.context, found.gone)
        return unpacked
    finally:
        index.close()


def keep(root: Path, inputs: str, question: Question, body: bytes, problems: list[Problem]) -> None:
    index = open_index(root)
    if index is not None:
        key = result_key(root, inputs, question)
        index.remember(key, pack(key, body, problems))
        index.close()


PACKED = b"ssvssj result 1\n"


def pack(key: str, body: bytes, problems: list[Problem]) -> bytes:
    """A result and the problems it was made with, behind its key and a hash of both: a kept
    result that was damaged in any way, or moved to another key, is not used."""
    header = encode(problems_body(problems)).encode("utf-8", "surrogateescape")
    payload = len(header).to_bytes(8, "big") + header + body
    return PACKED + key.encode() + b"\n" + digest(payload).encode() + b"\n" + payload


def unpack(key: str, kept: bytes) -> tuple[bytes, list[Problem]] | None:
    head = PACKED + key.encode() + b"\n"
    if not kept.startswith(head):
        return None
    checksum, _, payload = kept[len(head) :].partition(b"\n")
    if len(payload) < 8 or checksum != digest(payload).encode():
        return None
    size = int.from_bytes(payload[:8], "big")
    problems = problems_of(payload[8 : 8 + size].decode("utf-8", "surrogateescape"))
    if problems is None or len(payload) < 8 + size:
        return None
    return payload[8 + size :], problems


class ReportSettings(NamedTuple):
    """What the reports read of ssvssj.yaml: the language, the review date and staleness."""

    language: str
    as_of: date | None
    stale_after_days: int


def report_settings(root: Path) -> ReportSettings:
    """The settings the reports read, kept in the index under a hash of the settings files'
    bytes: while they are the same, no settings file is parsed (nor pydantic imported)."""
    key = digest(b"report settings\n" + settings_bytes(root))
    index = open_index(root)
    try:
        kept = None if index is None else index.derived(key)
        unpacked = None if kept is None else unpack(key, kept)
        found = None if unpacked is None else _settings_from(unpacked[0])
        if found is not None:
            return found
        from ssvssj.store.store import load_settings

        config = load_settings(root)[0]
        found = ReportSettings(config.language, config.as_of, config.stale_after_days)
        if index is not None:
            as_of = None if found.as_of is None else found.as_of.isoformat()
            body = encode([found.language, as_of, found.stale_after_days])
            index.remember(key, pack(key, body.encode("utf-8"), []))
        return found
    finally:
        if index is not None:
            index.close()


def _settings_from(body: bytes) -> ReportSettings | None:
    try:
        language, as_of, stale_after_days = json.loads(body)
        if language not in ("zh", "en") or type(stale_after_days) is not int:
            return None
        if stale_after_days < 0:
            return None
        day = None if as_of is None else date.fromisoformat(as_of)
    except (ValueError, TypeError):
        return None
    return ReportSettings(language, day, stale_after_days)
