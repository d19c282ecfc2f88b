"""`ssvssj import`: VoC exports in the encodings Chinese tools write, duplicates, dry runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ssvssj.store.store import load_workspace
from ssvssj.voc.importing import derive_title, to_date
from tests.conftest import Cli

ROWS = [
    ["标题", "门店", "投诉内容", "日期", "渠道"],
    ["等太久", "前台", "到店等了20分钟", "2026/11/02", "门店"],
    ["", "展厅", "没有人讲解,只能自己看。后来走了", "2026年11月3日", "门店"],
    ["等太久", "前台", "到店等了20分钟", "2026/11/02", "门店"],
    ["坏日期", "前台", "x", "明天", "门店"],
    ["", "", "", "", ""],
]
MAP = "title=标题,touchpoint=门店,problem=投诉内容,observed=日期,channel=渠道"


def csv_bytes(encoding: str) -> bytes:
    lines = [",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_any_common_encoding_becomes_spot_cases(
    cli_empty: Cli, tmp_path: Path, encoding: str
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes(encoding))
    result = cli_empty("import", str(source), "--map", MAP)
    assert len(result.stdout.split()) == 2
    assert "created 2, skipped 3" in result.stderr
    assert "row 4: duplicate of row 2" in result.stderr
    assert "row 5: observed: “明天”不是日期" in result.stderr
    assert "row 6: empty row" in result.stderr
    cases = sorted(load_workspace(cli_empty.root).cases, key=lambda c: c.spot.touchpoint)
    assert [(c.title, c.spot.touchpoint, str(c.spot.observed), c.step) for c in cases] == [
        ("等太久", "前台", "2026-11-02", "scene"),
        ("没有人讲解,只能自己看", "展厅", "2026-11-03", "scene"),
    ]
    assert cases[0].extra == {"imported_from": {"file": "voc.csv", "row": 2}}


def test_importing_twice_creates_nothing_new(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes("utf-8"))
    cli_empty("import", str(source), "--map", MAP)
    again = cli_empty("import", str(source), "--map", MAP)
    assert again.stdout == ""
    assert "created 0, skipped 5" in again.stderr
    assert len(load_workspace(cli_empty.root).cases) == 2


def test_dry_run_shows_the_plan_and_writes_nothing(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes("gbk"))
    result = cli_empty("import", str(source), "--map", MAP, "--dry-run")
    assert "would create 2, skipped 3" in result.stderr
    assert "create" in result.stdout and "skip: duplicate of row 2" in result.stdout
    assert list((cli_empty.root / "cases").iterdir()) == []


def test_xlsx(cli_empty: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "投诉"
    sheet.append(["门店", "投诉内容", "日期", "严重度"])
    sheet.append(["交车区", "交车晚了两小时", datetime(2026, 11, 6, 14, 30), 5])
    sheet.append(["交车区", "讲解太快", None, 2])
    source = tmp_path / "voc.xlsx"
    book.save(source)
    result = cli_empty(
        "import",
        str(source),
        "--sheet",
        "投诉",
        "--map",
        "touchpoint=门店,problem=投诉内容,observed=日期,severity=严重度",
    )
    assert "created 2, skipped 0" in result.stderr
    cases = sorted(load_workspace(cli_empty.root).cases, key=lambda c: c.spot.problem)
    assert [(c.spot.problem, c.spot.severity, c.spot.observed) for c in cases] == [
        ("交车晚了两小时", 5, datetime(2026, 11, 6).date()),
        ("讲解太快", 2, None),
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("title=标题", "--map must name a column for: touchpoint, problem"),
        ("touchpoint=门店,problem=内容", "no column '内容' in the file"),
        ("touchpoint=门店,problem=投诉内容,mood=渠道", "unknown field 'mood'"),
        ("touchpoint", "'touchpoint' is not FIELD=COLUMN"),
    ],
)
def test_a_bad_mapping_is_a_usage_error(
    cli_empty: Cli, tmp_path: Path, mapping: str, message: str
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes("utf-8"))
    result = cli_empty("import", str(source), "--map", mapping, code=2)
    assert message in result.output


def test_a_file_in_an_unknown_encoding_says_so(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(b"\xff\xfe\xfa\xfb" * 10)
    result = cli_empty("import", str(source), "--map", "touchpoint=a,problem=b", code=2)
    assert "save it as UTF-8 CSV" in result.output


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-02", "2026-11-02"),
        ("2026/1/2", "2026-01-02"),
        ("2026年11月3日", "2026-11-03"),
        ("2026.11.04 10:30", "2026-11-04"),
        ("", None),
    ],
)
def test_dates_as_spreadsheets_write_them(text: str, day: str | None) -> None:
    parsed = to_date(text)
    assert (parsed.isoformat() if parsed else None) == day


def test_titles_come_from_the_first_sentence() -> None:
    assert derive_title("没有人讲解。后来走了") == "没有人讲解"
    assert len(derive_title("长" * 100)) == 30
