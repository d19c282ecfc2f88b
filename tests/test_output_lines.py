"""Many problem and warning lines are written at once where no colour is shown; every line must
read exactly as rich prints it one by one."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssvssj.cli.output import _uncoloured, console, print_lines

LINES = [
    ("cases/2026/20260101-0001.yaml:3: title: 标题太长" + "很" * 120, "red"),
    ("cases/x:fire:.yml: rename 'x:fire:.yml'", "yellow"),
    ("cases/ok:smile-text:.YAML: :not_an_emoji: [rule]", "yellow"),
    ("cases/tab\tname.yml: a\ttab", "red"),
    ("cases/esc\x1b]0;title\x07.yml: control", "red"),
    ("cases/cr\rname.yml: carriage return\r\n", "red"),
    ("cases/\u202eelif.yml: bidi\u2066 marks\u2069", "yellow"),
    ("two\nlines", "yellow"),
    ("", "red"),
]


@pytest.mark.parametrize("no_color", [True, False])
def test_lines_written_at_once_read_as_rich_prints_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    out = console()
    for text, style in LINES:
        out.print(text, style=style, markup=False)
    one_by_one = capsys.readouterr().out
    print_lines(LINES)
    assert capsys.readouterr().out == one_by_one
    assert ":fire:" in one_by_one and "🔥" not in one_by_one  # user text as written
    assert "\t" not in one_by_one and "\x1b" not in one_by_one
    assert "\u202e" not in one_by_one


class _Stream:
    """A stream that is a terminal or not, as asked."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


COLOUR_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")
ENVIRONMENTS = [
    {name: value for name, value in zip(COLOUR_SETTINGS, values, strict=True) if value is not None}
    for values in itertools.product([None, "", "1"], [None, "", "1"], [None, "0", "1"])
]


@pytest.mark.parametrize("terminal", [True, False])
@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=repr)
def test_lines_are_written_without_rich_only_where_rich_shows_no_colour(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], terminal: bool
) -> None:
    from rich.console import Console

    for name in COLOUR_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = _Stream(terminal)
    rich_console = Console(file=stream)  # type: ignore[arg-type]
    coloured = rich_console.color_system is not None and not rich_console.no_color
    if _uncoloured(stream):  # type: ignore[arg-type]
        assert not coloured
    if not coloured and not environment:
        assert _uncoloured(stream)  # type: ignore[arg-type]


def test_warnings_over_a_pipe_import_no_rich(tmp_path: Path) -> None:
    """A warning about skipped files, written to a pipe, reads as rich would write it without
    rich being imported."""
    probe = (
        "import sys\n"
        "from ssvssj.cli.output import warn_problems\n"
        "from ssvssj.method.problems import Problem\n"
        "warn_problems([Problem('cases/a.yaml', 3, 'title', 'empty')])\n"
        "print('RICH=' + str('rich' in sys.modules))\n"
    )
    environment = {name: value for name, value in os.environ.items() if name not in COLOUR_SETTINGS}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=True,
    )
    assert result.stdout == "RICH=False\n"
    assert result.stderr == (
        "warning: skipped 1 file(s) with 1 problem(s); run `ssvssj check` for details\n"
    )
