"""The state of every file a read-only command reads, from metadata alone.

A file's line holds its inode, size, mode, mtime and ctime: equal lines mean the same bytes as
long as the file was last changed well before it was looked at (a change within the clock's
granularity could otherwise keep its times). A link anywhere, or anything that is neither a
file nor a folder, makes the state unknown: the command then runs in full.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from ssvssj.store.paths import (
    CASES_DIR,
    CAUSES_FILE,
    CONFIG_FILE,
    JOURNEY_FILE,
    PRIVATE_DIR,
    VOCABULARY_FILE,
)

# Every file or folder of a workspace a read-only command reads (reports/ only `report all`).
READ = (
    CONFIG_FILE,
    VOCABULARY_FILE,
    JOURNEY_FILE,
    CAUSES_FILE,
    CASES_DIR,
    "templates",
    PRIVATE_DIR,
)
REPORTS = "reports"
# Where a git repository keeps what names a commit: the portfolio's timing follows HEAD.
GIT_NAMES = ("HEAD", "packed-refs", "shallow", "refs")


class Unknown(Exception):
    """A link, a special file or a folder that cannot be read: no state from metadata."""


@dataclass(frozen=True)
class State:
    lines: tuple[str, ...]
    newest_ns: int  # the latest mtime or ctime of anything in it

    def settled(self, now_ns: int, margin_ns: int) -> bool:
        return self.newest_ns < now_ns - margin_ns


def _line(rel: str, info: os.stat_result) -> str:
    if stat.S_ISDIR(info.st_mode):
        kind = "d"
    elif stat.S_ISREG(info.st_mode):
        kind = "f"
    else:
        raise Unknown(rel)
    return (
        f"{rel}\0{kind}{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mode}:"
        f"{info.st_mtime_ns}:{info.st_ctime_ns}"
    )


def _walk(folder: str, rel: str, lines: list[str], newest: list[int]) -> None:
    try:
        with os.scandir(folder) as entries:
            found = list(entries)
    except OSError as error:
        raise Unknown(rel) from error
    for entry in found:
        name = f"{rel}/{entry.name}"
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            raise Unknown(name) from error
        lines.append(_line(name, info))
        newest.append(max(info.st_mtime_ns, info.st_ctime_ns))
        if stat.S_ISDIR(info.st_mode):
            _walk(entry.path, name, lines, newest)


def _add(base: str, rel: str, lines: list[str], newest: list[int], label: str = "") -> None:
    """One named file or folder (and all below a folder); a missing one counts too."""
    path = os.path.join(base, rel)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        lines.append(f"{label}{rel}\0-")
        return
    except OSError as error:
        raise Unknown(rel) from error
    lines.append(_line(f"{label}{rel}", info))
    newest.append(max(info.st_mtime_ns, info.st_ctime_ns))
    if stat.S_ISDIR(info.st_mode):
        _walk(path, f"{label}{rel}", lines, newest)


def _git(root: str, lines: list[str], newest: list[int]) -> None:
    """What names HEAD in the nearest repository around the workspace, if there is one."""
    folder = root
    while True:
        candidate = os.path.join(folder, ".git")
        if os.path.lexists(candidate):
            if os.path.islink(candidate) or not os.path.isdir(candidate):
                raise Unknown(candidate)
            lines.append(f"git\0{candidate}")
            for name in GIT_NAMES:
                _add(candidate, name, lines, newest, label="git:")
            return
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def workspace_state(root: str, reports: bool, history: bool) -> State | None:
    """The state of what a read-only command reads in the workspace at `root` (a real path),
    with reports/ when `reports` and what names git's HEAD when `history`; None where it
    cannot be told from metadata."""
    lines: list[str] = []
    newest: list[int] = [0]
    try:
        for rel in (*READ, *((REPORTS,) if reports else ())):
            _add(root, rel, lines, newest)
        if history:
            _git(root, lines, newest)
    except Unknown:
        return None
    return State(tuple(sorted(lines)), max(newest))
