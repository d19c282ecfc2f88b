"""`case edit`: the person's editor on a copy; only a valid result replaces the case."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import typer

from ssvssj.cli.output import console, print_problems
from ssvssj.errors import InvalidCase, UsageError
from ssvssj.store.files import write_atomic
from ssvssj.store.loading import load_case
from ssvssj.store.paths import PRIVATE_DIR
from ssvssj.store.workspace import Workspace


def _editor() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def edit_case(workspace: Workspace, case_id: str, interactive: bool) -> None:
    rel = workspace.files[case_id]
    path = workspace.root / rel
    original = path.read_bytes()
    copy = workspace.root / PRIVATE_DIR / "edit" / Path(rel).name
    write_atomic(copy, original)
    out = console(stderr=True)
    while True:
        try:
            subprocess.run([*_editor(), str(copy)], check=True)
        except FileNotFoundError:
            raise UsageError(f"editor not found: {_editor()[0]}", "set $EDITOR") from None
        except subprocess.CalledProcessError as error:
            raise UsageError(
                f"the editor exited with code {error.returncode}; the case is unchanged "
                f"(your copy: {copy})"
            ) from None
        edited = copy.read_bytes()
        if edited == original:
            out.print("no change", markup=False)
            copy.unlink()
            return
        case, problems = load_case(rel, edited, workspace.vocabulary)
        if case is not None:
            write_atomic(path, edited, expected=original)
            copy.unlink()
            out.print(f"saved {rel}", markup=False)
            return
        print_problems(problems)
        if not interactive or not typer.confirm("Re-open the editor to fix it?", default=True):
            raise InvalidCase(
                f"the edit has problems; {rel} is unchanged and your edit is kept in {copy}"
            )
