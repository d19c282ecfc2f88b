"""One set of date forms everywhere: the wizard, options, --since/--until and imports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ssvssj.i18n import set_language
from ssvssj.method.dates import DateError, parse_date
from ssvssj.voc.importing import to_date
from tests.conftest import Cli

SAME_DAY = [
    "2026-11-02",
    "2026/11/2",
    "2026.11.2",
    "2026年11月2日",
    "２０２６年１１月２日",
    " 2026-11-2 ",
]


@pytest.mark.parametrize("typed", SAME_DAY)
def test_every_accepted_form_names_the_same_day(typed: str) -> None:
    assert parse_date(typed) == date(2026, 11, 2)
    assert to_date(typed) == date(2026, 11, 2)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-13-01", "没有 13 月"),
        ("2026年0月5日", "没有 0 月"),
        ("2026-02-29", "2026 年 2 月没有 29 日（这个月只有 28 天）"),
        ("2026/11/31", "2026 年 11 月没有 31 日（这个月只有 30 天）"),
        ("0000-01-01", "没有 0 年"),
        (
            "20261102",
            "“20261102”不是日期，请写成 2026-11-02、2026/11/2、2026.11.2 或 2026年11月2日",
        ),
        ("2026-11/02", "不是日期"),
        ("下周一", "不是日期"),
    ],
)
def test_an_impossible_date_is_refused_as_impossible(typed: str, reason: str) -> None:
    set_language("zh")
    try:
        with pytest.raises(DateError, match=reason):
            parse_date(typed)
    finally:
        set_language("en")
    assert parse_date("2028-02-29") == date(2028, 2, 29)


def test_options_take_the_same_forms(cli_empty: Cli) -> None:
    made = cli_empty(
        "case",
        "new",
        "--no-input",
        "--title",
        "t",
        "--touchpoint",
        "前台",
        "--problem",
        "p",
        "--observed",
        "2026年11月2日",
    ).stdout.strip()
    assert "  observed: 2026-11-02\n" in (cli_empty.root / made).read_text(encoding="utf-8")
    shown = cli_empty("journey", "export", "--format", "json", "--since", "2026/11/2")
    assert json.loads(shown.stdout)["cases"] == 1
    assert (
        json.loads(
            cli_empty("journey", "export", "--format", "json", "--until", "2026.11.1").stdout
        )["cases"]
        == 0
    )
    refused = cli_empty("journey", "show", "--since", "2026-13-01", code=2)
    assert refused.output == "错误：--since：没有 13 月\n"
    refused = cli_empty(
        "case",
        "new",
        "--no-input",
        "--title",
        "t",
        "--touchpoint",
        "前台",
        "--problem",
        "p",
        "--observed",
        "2026-02-30",
        code=2,
    )
    assert "--observed：2026 年 2 月没有 30 日" in refused.output
    assert len(list((cli_empty.root / "cases").iterdir())) == 1


def test_an_import_reads_the_same_forms_and_names_an_impossible_one(
    cli_empty: Cli, tmp_path: Path
) -> None:
    table = tmp_path / "voc.csv"
    table.write_text(
        "门店,内容,日期\n前台,等太久,2026年11月2日 10:30\n展厅,没人理,2026/13/2\n", encoding="utf-8"
    )
    result = cli_empty("import", str(table), "--map", "touchpoint=门店,problem=内容,observed=日期")
    assert "没有 13 月" in result.output
    [made] = (cli_empty.root / "cases").iterdir()
    assert "  observed: 2026-11-02\n" in made.read_text(encoding="utf-8")
