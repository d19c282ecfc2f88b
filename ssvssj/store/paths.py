"""Where things live in a workspace, and finding the workspace. Light: no heavy imports."""

from __future__ import annotations

from pathlib import Path

from ssvssj.errors import WorkspaceNotFound

CONFIG_FILE = "ssvssj.yaml"
VOCABULARY_FILE = "touchpoints.yaml"
CASES_DIR = "cases"
PRIVATE_DIR = ".ssvssj"


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The named workspace, or the first folder upwards from `start` holding ssvssj.yaml."""
    if explicit is not None:
        root = explicit.expanduser()
        if not (root / CONFIG_FILE).is_file():
            raise WorkspaceNotFound(
                f"{root} is not an ssvssj workspace (no {CONFIG_FILE})",
                f"run `ssvssj init {root}` to make one",
            )
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise WorkspaceNotFound(
        f"no ssvssj workspace here: no {CONFIG_FILE} in {here} or any folder above it",
        "run `ssvssj init` to make one, or pass --workspace DIR (or set SSVSSJ_WORKSPACE)",
    )
