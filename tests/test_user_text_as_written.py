"""Text a person wrote (a title, a touchpoint, a file or folder name, a typed id) is printed as
written: `:fire:` stays `:fire:`, never becomes an emoji, and `[red]` is never a style."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

EMOJI = ("🔥", "🚀", "😄")
TITLE = ":fire: 无人接待 :smile: [red]"
TOUCHPOINT = ":rocket:前台"


@pytest.fixture
def written(empty: Path) -> Path:
    Cli(empty)(
        "case", "new", "--no-input", "--title", TITLE, "--touchpoint", TOUCHPOINT,
        "--problem", "等了 :fire:", "--severity", "4",
    )  # fmt: skip
    folder = empty / "cases" / ":fire:"
    folder.mkdir()
    (folder / "20261102-bad1.yaml").write_text("title: [\n", encoding="utf-8")
    return empty


COMMANDS = [
    ("case", "list"),
    ("case", "show", "2026112"),
    ("journey", "show"),
    ("journey", "gaps"),
    ("journey", "variants"),
    ("touchpoints",),
    ("check",),
    ("case", "show", ":fire:"),
    ("case", "solve", ":fire:", "s1", "--status", "done"),
    ("import", ":fire:.csv", "--map", "touchpoint=a,problem=b"),
    ("init", ":fire:x"),
    ("report", "case", ":smile:"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_user_text_is_printed_as_written(
    written: Path, command: tuple[str, ...], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(written)
    result = Cli(written).runner.invoke(
        __import__("ssvssj.cli", fromlist=["app"]).app,
        ["--workspace", str(written), "--language", language, *command],
    )
    assert not any(emoji in result.output for emoji in EMOJI), result.output
    assert ":fire:" in result.output or ":rocket:" in result.output or ":smile:" in result.output


def test_a_coloured_terminal_prints_user_text_as_written_too(written: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"})
    for command in (("check",), ("case", "list"), ("case", "show", ":fire:")):
        result = subprocess.run(
            [sys.executable, "-m", "ssvssj", *command],
            cwd=written,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
        )
        output = result.stdout + result.stderr
        assert "\x1b[" in output, "the terminal is coloured"
        assert not any(emoji in output for emoji in EMOJI), output
        assert ":fire:" in output, output
