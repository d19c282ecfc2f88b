"""Tables and wrapped text at 60, 80 and 120 columns, in Chinese: an id, a date, a short name or
header, a number and its measure word is never split over two lines, and no line (nor a cell's
line inside a table) starts with closing punctuation or ends with opening punctuation."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from ssvssj.cli import app
from ssvssj.cli.linebreak import CLOSING, OPENING, longest_piece, wrap

WIDTHS = (60, 80, 120)
IMPORTED = (
    "标题,门店,投诉内容,日期\n"
    "周六试驾排不上,门店接待台,客户说约了十点却被告知排到下周，问了三遍也没有人说清楚,2026-11-02\n"
    "金融服务费说不清,报价,报价单列了11项费用，“金融服务费”没有人解释,2026/11/3\n"
)
COMMANDS: dict[str, tuple[str, ...]] = {
    "case show": ("case", "show", "20261104-m2pq"),
    "case show (handover)": ("case", "show", "20261114-n7u2"),
    "case show (gain)": ("case", "show", "20261110-f9d2"),
    "case list": ("case", "list"),
    "journey show": ("journey", "show"),
    "journey variants": ("journey", "variants"),
    "journey gaps": ("journey", "gaps"),
    "touchpoints": ("touchpoints",),
    "touchpoints --suggest": ("touchpoints", "--suggest"),
    "causes": ("causes",),
    "import --dry-run": (
        "import",
        "imported.csv",
        "--map",
        "title=标题,touchpoint=门店,problem=投诉内容,observed=日期",
        "--dry-run",
    ),
}
# What must be read whole: ids, dates, numbers with their measure word, Latin words, and a
# run of up to six Chinese characters (a name or a short header).
WHOLE = re.compile(
    r"\d{8}-[0-9a-z]{4}|\d{4}-\d{2}-\d{2}|\d+ ?[\u4e00-\u9fff]|[A-Za-z][\w.-]*[\w]"
    r"|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}(?![\u4e00-\u9fff])"
)
LATIN = re.compile(r"[A-Za-z0-9_.-]")
IDS_AND_DATES = re.compile(r"\d{8}-[0-9a-z]{4}|\d{4}-\d{2}-\d{2}")
# Where a cell's line begins and ends inside a table line: borders and runs of spaces.
CELL_EDGES = re.compile(r"[│╭╮╰╯─┃]+| {2,}")


def cell_lines(output: str) -> Iterator[str]:
    for line in output.splitlines():
        for piece in CELL_EDGES.split(line):
            if piece.strip():
                yield piece.strip()


def ids_and_dates(output: str) -> list[str]:
    return sorted(found for line in output.splitlines() for found in IDS_AND_DATES.findall(line))


def ends_and_starts(line: str) -> tuple[set[str], set[str]]:
    """Every tail of every cell's line, and every head; a Latin tail or head only where it
    is a whole word there (the "th" of "path" is no piece of "the")."""
    tails, heads = set(), set()
    for cell in cell_lines(line):
        for size in range(1, len(cell) + 1):
            tail, head = cell[-size:], cell[:size]
            if not (LATIN.match(tail[0]) and size < len(cell) and LATIN.match(cell[-size - 1])):
                tails.add(tail.rstrip())
            if not (LATIN.match(head[-1]) and size < len(cell) and LATIN.match(cell[size])):
                heads.add(head.lstrip())
    return tails, heads


def assert_well_broken(narrow: str, wide: str, width: int) -> None:
    """No whole piece of the unwrapped output ends one line and goes on at the next, and no
    line of a cell breaks against the punctuation rules."""
    assert ids_and_dates(narrow) == ids_and_dates(wide), narrow
    pieces = set(WHOLE.findall(wide))
    lines = narrow.splitlines()
    for above, below in itertools.pairwise(lines):
        tails, _ = ends_and_starts(above)
        _, heads = ends_and_starts(below)
        for piece in pieces:
            for cut in range(1, len(piece)):
                head, tail = piece[:cut].rstrip(), piece[cut:].lstrip()
                split = head in tails and tail in heads
                assert not split, f"{piece!r} split at {width} columns:\n{above}\n{below}"
    for line in lines:
        assert cell_len(line) <= width, f"wider than {width}: {line!r}"
    whole_cells = list(cell_lines(wide))  # a cell may begin with a mark (· 未发现痛点, —)
    for line in cell_lines(narrow):
        if any(cell.startswith(line) for cell in whole_cells):
            continue
        assert line[0] not in CLOSING, f"starts with closing punctuation: {line!r}\n{narrow}"
        assert line[-1] not in OPENING, f"ends with opening punctuation: {line!r}\n{narrow}"


def run(root: Path, args: tuple[str, ...], columns: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["--workspace", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(params=["zh", "en"])
def chinese(example: Path, request: pytest.FixtureRequest) -> Path:
    """The example's Chinese cases, with the workspace in either language."""
    (example / "imported.csv").write_text(IMPORTED, encoding="utf-8")
    config = example / "ssvssj.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^language: \w+$", f"language: {request.param}", text), "utf-8")
    return example


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_table_keeps_its_pieces_whole(
    chinese: Path, name: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = run(chinese, COMMANDS[name], 1000, monkeypatch)
    narrow = run(chinese, COMMANDS[name], width, monkeypatch)
    assert_well_broken(narrow, wide, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_agreed_journey_table_keeps_its_pieces_whole(
    chinese: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(chinese, ("journey", "accept"), 120, monkeypatch)
    wide = run(chinese, ("journey", "show"), 1000, monkeypatch)
    assert "不一致之处" in wide or "disagreement" in wide
    assert_well_broken(run(chinese, ("journey", "show"), width, monkeypatch), wide, width)


def test_the_checker_catches_what_a_terminal_would_split() -> None:
    wide = "这里有 1 个问题缺少场景：20261111-b3k5  截止日期  2026-12-01\n"
    for narrow in (
        "这里有 1\n个问题缺少场景：20261111-b3k5  截止日期  2026-12-01\n",
        "这里有 1 个问题缺少场景：20261111-b\n3k5  截止日期  2026-12-01\n",
        "这里有 1 个问题缺少场景  截止日  2026-1\n：20261111-b3k5    期  2-01\n",
    ):
        with pytest.raises(AssertionError):
            assert_well_broken(narrow, wide, 60)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "盲区：5 个案例的客户路径经过这里，但从未在这里发现问题",
            20,
            ["盲区：5 个案例的客户", "路径经过这里，但从未", "在这里发现问题"],
        ),
        (
            "这里有 1 个问题缺少场景（客户是谁、要完成的事）：20261111-b3k5",
            30,
            ["这里有 1 个问题缺少场景", "（客户是谁、要完成的事）：", "20261111-b3k5"],
        ),
        (
            "顺序无法判断：没有一条路径同时经过“试驾”和“展厅休息区”",
            36,
            ["顺序无法判断：没有一条路径同时经过", "“试驾”和“展厅休息区”"],
        ),
        ("未命名阶段（在线咨询—预约试驾）", 12, ["未命名阶段", "（在线咨询—", "预约试驾）"]),
        ("官网、门店接待台、报价", 14, ["官网、", "门店接待台、", "报价"]),
        ("展厅 → 试驾 → 金融方案", 10, ["展厅 →", "试驾 →", "金融方案"]),
        (
            "方案：20261103-a7c2 s1、20261115-r4s9 s1",
            20,
            ["方案：", "20261103-a7c2 s1、", "20261115-r4s9 s1"],
        ),
        ("run ssvssj check --strict first", 12, ["run ssvssj", "check", "--strict", "first"]),
    ],
)
def test_lines_break_where_a_chinese_reader_expects(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrap(text, width) == lines


def test_a_piece_wider_than_the_line_is_cut_only_as_a_last_resort() -> None:
    assert longest_piece("门店接待台") == 10
    assert wrap("门店接待台", 6) == ["门店接", "待台"]
    assert wrap("20261103-a7c2", 8) == ["20261103", "-a7c2"]


def test_a_pipe_gets_tables_120_wide_and_paragraphs_unwrapped(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS")
    monkeypatch.chdir(example)
    shown = CliRunner().invoke(app, ["journey", "show"]).stdout
    lines = shown.splitlines()
    table = lines[1 : next(i for i, line in enumerate(lines) if line.startswith("标记"))]
    assert max(cell_len(line) for line in table) == 120
    assert any(cell_len(line) > 120 for line in lines if line.startswith("反复出现的根因"))
    listed = CliRunner().invoke(app, ["case", "list"]).stdout.splitlines()
    assert 80 < max(cell_len(line) for line in listed) <= 120


def test_a_message_on_a_narrow_terminal_keeps_its_ids_whole() -> None:
    from io import StringIO

    from ssvssj.cli.output import _safe_console, print_wrapped

    message = (
        "错误：案例 20261103-a7c2 的方案 s1 已验证，不能再改为“待推进”；请先运行 `ssvssj check`"
    )
    for wraps, width in ((True, 30), (False, 30)):
        written = StringIO()
        out = _safe_console()(
            file=written, force_terminal=wraps, width=width, no_color=True, soft_wrap=True
        )
        print_wrapped(out, message)
        text = written.getvalue()
        if not wraps:
            assert text == message + "\n"  # a pipe gets the line as it is
            continue
        assert_well_broken(text, message, width)
        assert len(text.splitlines()) > 1
