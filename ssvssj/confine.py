"""Where a workspace ends: what may be read from it, shared by every part that reads its files.

Workspaces arrive from other people's repositories, so a link inside one may point anywhere:
nothing is read or written through a link that leads out, and files have a size limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 2 * 1024 * 1024


def leads_out(root: Path, path: Path) -> bool:
    """Whether `path`, followed through every link on the way, ends outside the workspace.
    (A link loop ends inside; opening it then fails with a clear error.)"""
    try:
        real = os.path.realpath(path)
        base = os.path.realpath(root)
        return os.path.commonpath([real, base]) != base
    except (OSError, ValueError):
        return True


def leads_out_below(root: Path, parts: tuple[str, ...]) -> bool:
    """`leads_out(root, root.joinpath(*parts))`, cheaply where nothing on the way is a link.
    Plain names that are neither links nor `..` keep a path where it is written, so each part
    is only looked at (lstat) instead of resolving the whole path twice, as reading 10,000 case
    files needs. A link, `..`, or a part that cannot be looked at takes the full resolution."""
    if not parts or any(part in ("..", ".", "") or "/" in part for part in parts):
        return leads_out(root, root.joinpath(*parts))
    here = os.fspath(root)
    for part in parts:
        here = os.path.join(here, part)
        try:
            plain = not stat.S_ISLNK(os.lstat(here).st_mode)
        except OSError:
            plain = False
        if not plain:
            return leads_out(root, root.joinpath(*parts))
    return False
