"""Where a workspace ends: what may be read from it, shared by every part that reads its files.

Workspaces arrive from other people's repositories, so a link inside one may point anywhere:
nothing is read or written through a link that leads out, and files have a size limit."""

from __future__ import annotations

import os
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
