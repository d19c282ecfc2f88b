"""`ssvssj import`: VoC exports in the encodings Chinese tools write, duplicates, dry runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ssvssj.store.store import load_workspace
from ssvssj.voc.importing import derive_title, parse_mapping, to_date
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
    assert "已新建 2 个案例，跳过 3 行" in result.stderr
    assert "第 4 行：与第 2 行重复" in result.stderr
    assert "第 5 行：观察日期：“明天”不是日期" in result.stderr
    assert "第 6 行：空行" in result.stderr
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
    assert "已新建 0 个案例，跳过 5 行" in again.stderr
    assert len(load_workspace(cli_empty.root).cases) == 2
    ids = sorted(case.id for case in load_workspace(cli_empty.root).cases)
    assert any(f"：与案例 {case_id} 重复" in again.stderr for case_id in ids), again.stderr


def test_dry_run_shows_the_plan_and_writes_nothing(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes("gbk"))
    result = cli_empty("import", str(source), "--map", MAP, "--dry-run")
    assert "将新建 2 个案例，跳过 3 行" in result.stderr
    assert "新建" in result.stdout and "跳过：与第 2 行重复" in result.stdout
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
    assert "已新建 2 个案例，跳过 0 行" in result.stderr
    cases = sorted(load_workspace(cli_empty.root).cases, key=lambda c: c.spot.problem)
    assert [(c.spot.problem, c.spot.severity, c.spot.observed) for c in cases] == [
        ("交车晚了两小时", 5, datetime(2026, 11, 6).date()),
        ("讲解太快", 2, None),
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("title=标题", "--map 须为这些字段指定列：`touchpoint`、`problem`"),
        ("touchpoint=门店,problem=内容", "--map：文件中没有“内容”这一列"),
        ("touchpoint=门店,problem=投诉内容,mood=渠道", "--map：未知的字段“mood”"),
        ("touchpoint", "--map：“touchpoint”不是“字段=列”的形式（如 `touchpoint=门店`）"),
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
    assert "请另存为 UTF-8 CSV" in result.output


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


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ssvssj" not in p.parts
    }


def refused(cli: Cli, source: Path, mapping: str, message: str) -> None:
    """Refused with one clear message, exit 2, no traceback, no file of the workspace changed."""
    before = snapshot(cli.root)
    result = cli("--language", "en", "import", str(source), "--map", mapping, code=2)
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(cli.root) == before


SIMPLE = "touchpoint=门店,problem=投诉内容"


def test_excel_doubled_quotes_are_kept_exactly(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(
        '门店,投诉内容,渠道\r\n前台,"下单后显示""制作中""半小时,到店还没做",门店\r\n'.encode()
    )
    result = cli_empty("import", str(source), "--map", SIMPLE + ",channel=渠道")
    assert "已新建 1 个案例，跳过 0 行" in result.stderr
    (case,) = load_workspace(cli_empty.root).cases
    assert case.spot.problem == '下单后显示"制作中"半小时,到店还没做'
    assert case.spot.channel == "门店"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("前台,等太久\r\n展厅,没人,多余\r\n", "row 3 has 3 fields but the header has 2"),
        ("前台,等太久\r\n展厅\r\n", "row 3 has 1 fields but the header has 2"),
        ('前台,"等太久\r\n展厅,没人\r\n', "row 2: a quote opened in this row is never closed"),
        (
            '前台,"等太久\r\n展厅,没人\r\n展厅,没人\r\n展厅,没人"\r\n',
            "row 2: a quote opened in this row runs over 3 lines",
        ),
        ('前台,"等"太久"\r\n', "row 2: a quote ends in the middle of a field"),
        ("前台," + "长" * 131_073 + "\r\n", "row 2: a field is longer than 131,072 characters"),
    ],
)
def test_a_damaged_csv_is_refused_naming_the_row(
    cli_empty: Cli, tmp_path: Path, body: str, message: str
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(("门店,投诉内容\r\n" + body).encode())
    refused(cli_empty, source, SIMPLE, message)


def test_a_file_mixing_utf8_and_gbk_rows_is_refused_at_the_first_odd_line(
    cli_empty: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(
        "门店,投诉内容\r\n前台,等太久\r\n".encode()
        + "展厅,没人讲解\r\n".encode("gbk")
        + "交车区,交车晚\r\n".encode()
    )
    refused(cli_empty, source, SIMPLE, "line 3 is in GBK/GB18030 while the lines before it")


def test_two_exports_joined_import_every_row_once(cli_empty: Cli, tmp_path: Path) -> None:
    part = "\ufeff门店,投诉内容\r\n前台,等太久\r\n".encode()
    other = "\ufeff门店,投诉内容\r\n展厅,没人讲解\r\n".encode()
    source = tmp_path / "voc.csv"
    source.write_bytes(part + other)
    result = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE)
    assert "created 2, skipped 1" in result.stderr
    assert "row 3: repeats the header (two exports joined?)" in result.stderr
    problems = sorted(c.spot.problem for c in load_workspace(cli_empty.root).cases)
    assert problems == ["没人讲解", "等太久"]


def test_a_problem_starting_with_punctuation_still_gets_a_title(
    cli_empty: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes("门店,投诉内容\r\n前台,？为什么要等这么久。没人管\r\n".encode())
    result = cli_empty("import", str(source), "--map", SIMPLE)
    assert "已新建 1 个案例，跳过 0 行" in result.stderr
    (case,) = load_workspace(cli_empty.root).cases
    assert case.title == "为什么要等这么久"
    assert derive_title("？？。") == "？？。"


def test_a_circled_digit_severity_is_a_clear_reason(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes("门店,投诉内容,严重度\r\n前台,等太久,①\r\n交车区,交车晚,5\r\n".encode())
    result = cli_empty(
        "--language", "en", "import", str(source), "--map", SIMPLE + ",severity=严重度"
    )
    assert "row 2: severity must be a whole number 1–5, not “①”" in result.stderr
    assert "Traceback" not in result.output
    (case,) = load_workspace(cli_empty.root).cases
    assert (case.spot.problem, case.spot.severity) == ("交车晚", 5)


def test_every_row_is_checked_before_the_first_case_is_written(
    cli_empty: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row that would not load back as a valid case is a reason, found before any write."""
    import ssvssj.store.store as store
    from ssvssj.errors import InvalidCase
    from ssvssj.method.problems import Problem

    real = store.checked

    def refuse_the_last(data: bytes, workspace, rel: str) -> bytes:  # type: ignore[no-untyped-def]
        if "交车晚".encode() in data:
            raise InvalidCase("invalid", [Problem(rel, 9, "spot.problem", "not like that")])
        return real(data, workspace, rel)

    monkeypatch.setattr(store, "checked", refuse_the_last)
    source = tmp_path / "voc.csv"
    source.write_bytes("门店,投诉内容\r\n前台,等太久\r\n交车区,交车晚\r\n".encode())
    dry = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE, "--dry-run")
    assert "skip: spot.problem: not like that" in dry.stdout
    result = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE)
    assert "created 1, skipped 1" in result.stderr
    assert "row 3: spot.problem: not like that" in result.stderr
    (case,) = load_workspace(cli_empty.root).cases
    assert case.spot.problem == "等太久"


def test_a_failed_write_leaves_no_case_of_the_import(
    cli_empty: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssvssj.store.store as store

    source = tmp_path / "voc.csv"
    source.write_bytes(
        "门店,投诉内容\r\n前台,等太久\r\n展厅,没人讲解\r\n交车区,交车晚\r\n".encode()
    )
    real = store.create_exclusive
    calls = []

    def full_disk(path: Path, data: bytes) -> bool:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(store, "create_exclusive", full_disk)
    result = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE, code=2)
    assert "the disk is full: cannot write" in result.output
    assert "nothing was imported (the 2 case(s) written before were removed)" in result.output
    assert "Traceback" not in result.output
    assert list((cli_empty.root / "cases").iterdir()) == []


def test_a_csv_renamed_xlsx_is_refused(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.xlsx"
    source.write_bytes("门店,投诉内容\r\n前台,等太久\r\n".encode())
    refused(cli_empty, source, SIMPLE, "voc.xlsx is not an xlsx workbook (a CSV or text file")


def test_an_xlsx_renamed_csv_is_refused(cli_empty: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    source = tmp_path / "voc.csv"
    Workbook().save(source)
    refused(cli_empty, source, SIMPLE, "voc.csv is a zip archive (an xlsx workbook renamed?)")


def far_cell_workbook(path: Path, declare: bool) -> None:
    """A few kilobytes: a header, one row, and one cell at the sheet's last row."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["门店", "投诉内容"])
    sheet.append(["前台", "等太久"])
    sheet.cell(row=1_048_576, column=2, value="最后一行")
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("sheet1.xml") and not declare:
                data = data.replace(b'<dimension ref="A1:B1048576" />', b"")
                assert b"<dimension" not in data
            out.writestr(item, data)
    plain.unlink()


def test_an_xlsx_declaring_a_million_rows_is_refused_before_reading(
    cli_empty: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "voc.xlsx"
    far_cell_workbook(source, declare=True)
    assert source.stat().st_size < 10_000
    refused(cli_empty, source, SIMPLE, "the sheet declares 1,048,576 rows and 2 columns")


def test_an_xlsx_reads_only_the_rows_it_holds(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.xlsx"
    far_cell_workbook(source, declare=False)
    result = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE, "--dry-run")
    assert "read 2 row(s)" in result.stderr
    assert "row 1048576: no touchpoint" in result.stderr


def test_excel_unicode_text_in_utf16_is_read_as_written(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.txt"
    source.write_bytes(
        "门店\t投诉内容\r\n前台\t等了\t很久\r\n".replace("了\t很", "了很").encode("utf-16")
    )
    result = cli_empty("--language", "en", "import", str(source), "--map", SIMPLE)
    assert "(UTF-16)" in result.stderr
    (case,) = load_workspace(cli_empty.root).cases
    assert (case.spot.touchpoint, case.spot.problem) == ("前台", "等了很久")


def test_nul_bytes_without_a_utf16_mark_are_refused(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes("门店,投诉内容\r\n前台,等".encode() + b"\x00" + "了\r\n".encode())
    refused(cli_empty, source, SIMPLE, "line 2 holds a NUL byte")


def test_a_column_named_twice_is_not_guessed(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes("门店,投诉内容,投诉内容\r\n前台,等太久,没人\r\n".encode())
    refused(cli_empty, source, SIMPLE, "the header has 2 columns named '投诉内容'")


def test_the_spaces_inside_a_cell_are_kept(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes('门店,投诉内容\r\n前台 ," 等了  很久　没人管 "\r\n'.encode())
    cli_empty("import", str(source), "--map", SIMPLE)
    (case,) = load_workspace(cli_empty.root).cases
    assert (case.spot.touchpoint, case.spot.problem) == ("前台", "等了  很久　没人管")


def test_a_missing_file_is_said_to_be_missing(cli_empty: Cli, tmp_path: Path) -> None:
    result = cli_empty("import", str(tmp_path / "nofile.csv"), "--map", SIMPLE, code=2)
    assert f"找不到 {tmp_path / 'nofile.csv'}：没有这个文件" in result.output
    result = cli_empty("import", str(tmp_path), "--map", SIMPLE, code=2)
    assert f"{tmp_path} 不是可以导入的文件" in result.output


def test_xlsx_summaries_with_bad_rows_are_chinese_dry_run_and_real(
    cli_empty: Cli, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from tests.test_i18n import scan

    book = Workbook()
    sheet = book.active
    sheet.title = "投诉"
    sheet.append(["门店", "投诉内容", "日期", "严重度"])
    sheet.append(["交车区", "交车晚了两小时", datetime(2026, 11, 6, 14, 30), 5])
    sheet.append([None, None, None, None])
    sheet.append(["展厅", "没人", "明天", 3])
    sheet.append(["展厅", "没人理", "2026-11-02", 9])
    sheet.append(["展厅", None, "2026-11-02", 2])
    sheet.append(["交车区", "交车晚了两小时", datetime(2026, 11, 6), 5])
    source = tmp_path / "voc.xlsx"
    book.save(source)
    mapping = "touchpoint=门店,problem=投诉内容,observed=日期,severity=严重度"
    typed = ["交车区", "交车晚了两小时", "展厅", "没人", "没人理", "明天", "投诉"]
    for dry in (("--dry-run",), ()):
        result = cli_empty("import", str(source), "--map", mapping, *dry)
        assert "跳过" in result.output and "第 6 行" in result.output, result.output
        assert not scan(result.output, typed), (scan(result.output, typed), result.output)
    again = cli_empty("import", str(source), "--map", mapping)
    assert "与案例 " in again.output and not scan(again.output, typed), again.output
    refused = cli_empty("import", str(source), "--map", mapping, "--sheet", "无", code=2)
    assert refused.output.startswith("错误：没有名为“无”的工作表"), refused.output
    assert "工作表：投诉" in refused.output


@pytest.mark.parametrize(
    "mapping",
    [
        "touchpoint=门店，problem=投诉内容，observed=日期",
        "touchpoint＝门店、problem＝投诉内容；observed=日期",
        "touchpoint=门店;problem=投诉内容, observed=日期",
    ],
)
def test_a_mapping_may_be_parted_as_a_chinese_keyboard_types_it(
    cli_empty: Cli, tmp_path: Path, mapping: str
) -> None:
    source = tmp_path / "voc.csv"
    source.write_bytes(csv_bytes("utf-8"))
    assert parse_mapping(mapping, ROWS[0]) == {
        "touchpoint": "门店",
        "problem": "投诉内容",
        "observed": "日期",
    }
    result = cli_empty("import", str(source), "--map", mapping)
    assert "已新建 2 个案例" in result.stderr
