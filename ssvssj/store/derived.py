"""Results computed from the whole workspace (a journey export, a report), kept in the index
under a hash of everything they are made from: every input file's bytes, the workspace's own
templates, the tool's code, the language and the question's parameters. Never by a command
line: two ways of asking for the same thing share one result, and any changed byte of any
input makes a new key."""

from __future__ import annotations

import os
from pathlib import Path

from ssvssj.confine import leads_out
from ssvssj.i18n import language
from ssvssj.method.problems import Problem
from ssvssj.store.index import digest, open_index
from ssvssj.store.listing import read_file
from ssvssj.store.scan import StaleIndex, assemble, survey

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
    problems; None when any input is new to the index or the result was never kept."""
    index = open_index(root)
    if index is None:
        return None
    try:
        found = survey(root, index)
        if not found.complete:
            return None
        body = index.derived(result_key(root, found.inputs, question))
        if body is None:
            return None
        _, problems = assemble(found)
        index.save(found.context, found.gone)
        return body, problems
    except StaleIndex:
        return None
    finally:
        index.close()


def keep(root: Path, inputs: str, question: Question, body: bytes) -> None:
    index = open_index(root)
    if index is not None:
        index.remember(result_key(root, inputs, question), body)
        index.close()
