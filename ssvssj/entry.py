"""The `ssvssj` command's entry point: answers what it can before the command line loads."""

from __future__ import annotations

import sys

from ssvssj import __version__


def main() -> None:
    """`--version` and remembered answers cost a Python start and little more; everything else
    goes to the typer application."""
    argv = sys.argv[1:]
    if argv == ["--version"]:
        print(version_text(__version__))
        return
    from ssvssj.fastpath import answer_from_memory

    if answer_from_memory(argv):
        return
    from ssvssj.cli import app

    app(prog_name="ssvssj")


def version_text(version: str) -> str:
    return (
        f"ssvssj {version} (YAML: {'libyaml C loader' if _has_libyaml() else 'pure-Python loader'})"
    )


def _has_libyaml() -> bool:
    """Ask where PyYAML lives without importing it: start-up must stay light."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return False
    return any(
        next(Path(folder).glob("_yaml*"), None) is not None
        for folder in spec.submodule_search_locations
    )
