"""Many problem and warning lines are written at once where no colour is shown; every line must
read exactly as rich prints it one by one."""

from __future__ import annotations

import pytest

from ssvssj.cli.output import console, print_lines

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
