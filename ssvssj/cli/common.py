"""Shared plumbing of the commands: which workspace, loading it, today's date."""

from __future__ import annotations

import gc
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ssvssj.method.problems import Problem
    from ssvssj.store.scan import Outline
    from ssvssj.store.workspace import Workspace


def workspace_root(ctx: typer.Context) -> Path:
    from ssvssj.i18n import set_language
    from ssvssj.store.paths import find_root, read_declared_language

    options = ctx.find_root().obj or {}
    root = find_root(Path.cwd(), options.get("workspace"))
    if not options.get("language"):
        set_language(read_declared_language(root) or options.get("fallback_language", "en"))
    return root


def open_workspace(ctx: typer.Context, strict: bool = False, every_case: bool = True) -> Workspace:
    """Load the workspace; warn about bad files and go on, unless `strict`.

    A command about one case passes `every_case=False`: it gets the settings and the ids the
    case files are named by, and reads its case itself, so that it costs the same in a workspace
    of 100 cases as in one of 100,000.
    """
    from ssvssj.cli.output import ProgressBar
    from ssvssj.i18n import tr
    from ssvssj.store.store import load_case_ids, load_workspace

    if not every_case:
        workspace = load_case_ids(workspace_root(ctx))
    else:
        bar = ProgressBar(tr("loading cases", "正在读取案例"))
        try:
            workspace = load_workspace(workspace_root(ctx), progress=bar)
        finally:
            bar.close()
    if not (ctx.find_root().obj or {}).get("language"):
        from ssvssj.i18n import set_language

        set_language(workspace.language)
    gc.freeze()  # what was loaded lives as long as the command: the collector may skip it
    tell_problems(workspace.problems, strict)
    return workspace


def tell_problems(problems: list[Problem], strict: bool) -> None:
    """Warn about bad files and go on; with `strict`, list them and stop."""
    from ssvssj.cli.output import print_problems, warn_problems
    from ssvssj.errors import ProblemsFound

    if strict and problems:
        print_problems(problems)
        from ssvssj.i18n import tr

        raise ProblemsFound(
            tr(
                "{n} problem(s) found (--strict)",
                "发现 {n} 个问题（`--strict`）",
                n=len(problems),
            )
        )
    warn_problems(problems)


def open_outline(ctx: typer.Context) -> Outline:
    """Rows of the valid cases and every problem, answered from the index where it can be;
    bad files are warned about, as by `open_workspace`."""
    from ssvssj.cli.output import ProgressBar, warn_problems
    from ssvssj.i18n import tr
    from ssvssj.store.scan import outline

    bar = ProgressBar(tr("loading cases", "正在读取案例"))
    try:
        found = outline(workspace_root(ctx), progress=bar)
    finally:
        bar.close()
    warn_problems(found.problems)
    return found


def today() -> date:
    """The tool's clock; SSVSSJ_TODAY pins it for reproducible examples and tests."""
    pinned = os.environ.get("SSVSSJ_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()
