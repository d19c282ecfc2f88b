"""Shared plumbing of the commands: which workspace, loading it, today's date."""

from __future__ import annotations

import gc
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ssvssj.store.workspace import Workspace


def workspace_root(ctx: typer.Context) -> Path:
    from ssvssj.store.paths import find_root

    explicit = (ctx.find_root().obj or {}).get("workspace")
    return find_root(Path.cwd(), explicit)


def open_workspace(ctx: typer.Context, strict: bool = False) -> Workspace:
    """Load the workspace; warn about bad files and go on, unless `strict`."""
    from ssvssj.cli.output import ProgressBar, print_problems, warn_problems
    from ssvssj.errors import ProblemsFound
    from ssvssj.store.store import load_workspace

    bar = ProgressBar("loading cases")
    try:
        workspace = load_workspace(workspace_root(ctx), progress=bar)
    finally:
        bar.close()
    gc.freeze()  # what was loaded lives as long as the command: the collector may skip it
    if strict and workspace.problems:
        print_problems(workspace.problems)
        raise ProblemsFound(f"{len(workspace.problems)} problem(s) found (--strict)")
    warn_problems(workspace.problems)
    return workspace


def today() -> date:
    """The tool's clock; SSVSSJ_TODAY pins it for reproducible examples and tests."""
    pinned = os.environ.get("SSVSSJ_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()
