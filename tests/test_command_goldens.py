"""What every command prints, in Chinese and in English, held as golden files: a change to any
word a consultant reads shows up as a reviewed diff (SSVSSJ_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssvssj.cli import app
from tests.golden import assert_golden

CASE = "20261104-m2pq"
COMMANDS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "case-list": ("case", "list"),
    "case-list-step": ("case", "list", "--step", "2"),
    "case-show": ("case", "show", CASE),
    "case-solve": ("case", "solve", CASE, "s2", "--status", "2"),
    "case-solve-refused": ("case", "solve", CASE, "s2", "--status", "perfect"),
    "case-show-unknown": ("case", "show", "2099"),
    "touchpoints": ("touchpoints",),
    "touchpoints-suggest": ("touchpoints", "--suggest"),
    "causes": ("causes",),
    "journey-show": ("journey", "show"),
    "journey-variants": ("journey", "variants"),
    "journey-gaps": ("journey", "gaps"),
    "journey-export-csv": ("journey", "export", "--format", "csv"),
    "journey-show-impossible-date": ("journey", "show", "--since", "2026-02-30"),
    "report-index": ("report", "index"),
}


@pytest.fixture(params=["zh", "en"])
def workspace(request: pytest.FixtureRequest, example: Path) -> tuple[str, Path]:
    language = request.param
    config = example / "ssvssj.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^language: \w+$", f"language: {language}", text), "utf-8")
    return language, example


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_prints_its_golden_output(
    workspace: tuple[str, Path], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    language, root = workspace
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, ["--workspace", str(root), *COMMANDS[name]])
    assert "Traceback" not in result.output
    shown = f"exit {result.exit_code}\n{result.output}".replace(str(root), "WORKSPACE")
    assert_golden(f"commands/{language}/{name}.txt", shown.encode("utf-8"))
