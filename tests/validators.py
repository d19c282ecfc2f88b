"""The real tools that generated files must satisfy. CI installs them (see .ci/run); on a
machine without one, its tests skip and say why, unless SSVSSJ_REQUIRE_VALIDATORS is set."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).parent / "tools"


def _missing(reason: str) -> None:
    if os.environ.get("SSVSSJ_REQUIRE_VALIDATORS"):
        pytest.fail(f"{reason} (SSVSSJ_REQUIRE_VALIDATORS is set)")
    pytest.skip(reason)


def graphviz_dot(path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("dot") is None:
        _missing("Graphviz `dot` is not installed: apt-get install graphviz")
    return subprocess.run(
        ["dot", "-Tsvg", str(path)], capture_output=True, text=True, check=False, timeout=60
    )


def _node_tool(script: str, package: str) -> list[str]:
    if shutil.which("node") is None:
        _missing("Node.js is not installed")
    if not (TOOLS / "node_modules" / package).is_dir():
        _missing(f"{package} is not installed: npm ci --prefix tests/tools")
    return ["node", str(TOOLS / script)]


def mermaid_parse(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Mermaid's own parser (the npm package, under jsdom: no browser needed)."""
    command = [*_node_tool("check-mermaid.mjs", "mermaid"), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def mermaid_journey(path: Path) -> dict[str, Any]:
    """The title, sections and tasks Mermaid's journey parser reads, entity codes decoded."""
    command = [*_node_tool("journey-tasks.mjs", "mermaid"), str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # Mermaid keeps a numeric entity code as ﬂ°°code¶ß until it draws.
    decoded = re.sub(r"ﬂ°°(\d+)¶ß", lambda match: chr(int(match.group(1))), result.stdout.strip())
    return dict(json.loads(decoded))


def markdownlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """markdownlint-cli2 with the project's rule set (tests/tools/.markdownlint-cli2.jsonc)."""
    binary = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
    if shutil.which("node") is None or not binary.exists():
        _missing("markdownlint-cli2 is not installed: npm ci --prefix tests/tools")
    config = TOOLS / ".markdownlint-cli2.jsonc"
    command = [str(binary), "--config", str(config), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
