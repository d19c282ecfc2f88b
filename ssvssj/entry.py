"""The `ssvssj` command's entry point: `--version` is answered before the command line loads."""

from __future__ import annotations

import sys

from ssvssj import __version__


def main() -> None:
    """`--version` costs a Python start and little more; everything else goes to the typer
    application."""
    if sys.argv[1:] == ["--version"]:
        print(version_text(__version__))
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
