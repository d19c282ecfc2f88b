"""The printable journey map: layout (pure), the SVG and HTML exports, and a real browser."""

from __future__ import annotations

import csv
import io
import re
import time
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssvssj.journey.infer import Journey, infer
from ssvssj.journey.map_data import Handover, MapData, map_data, mood_score
from ssvssj.journey.map_layout import PAGES_MM, Label, Layout, layout, to_svg
from ssvssj.journey.textfit import ELLIPSIS, text_em, wrap
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from tests.browser import measure_page, measure_svg, screenshot
from tests.conftest import Cli

SIZES = tuple(PAGES_MM)
LONG = (
    "客户按预约时间到店，前台查不到预约，等了15分钟才有人接待，"
    "Supercalifragilisticexpialidocious WWWWWWWWWWWWWWWW 🚗🚗 mmmm "
)


def generated_journey(touchpoints: int, language: str = "zh", text: str = LONG) -> Journey:
    """A journey with long, mixed and hostile texts on many touchpoints."""
    names = [
        f"触点{i}号 Touchpoint <{i}> & “引号”" if i % 3 else f"T{i}" for i in range(touchpoints)
    ]
    cases = []
    for index in range(touchpoints * 2):
        at = index % touchpoints
        path = names[max(0, at - 2) : at + 2]
        cases.append(
            Case.model_validate(
                {
                    "schema_version": 1,
                    "id": f"20261102-{index:04d}",
                    "title": "t",
                    "created": "2026-11-02",
                    "spot": {
                        "touchpoint": names[at],
                        "problem": text * (1 + index % 3),
                        "severity": index % 5 + 1 if index % 4 else None,
                        "evidence": [text] if index % 2 else [],
                    },
                    "scene": {"customer": "家庭", "goal": "试驾", "path": path},
                }
            )
        )
    return infer(cases, Vocabulary(), language=language)


def with_handovers(data: MapData) -> MapData:
    n = len(data.columns)
    pairs = [(i, i + 1, i + 1) for i in range(0, n - 1, 2)] + [(0, n - 1, 7), (1, 3, 12)]
    return MapData(
        data.title,
        data.subtitle,
        data.language,
        data.columns,
        data.stages,
        tuple(Handover(a, b, c) for a, b, c in pairs if b < n),
    )


# Noto Sans CJK's line box: ascent 1.16 em, descent 0.288 em.
FONT_ASCENT = 1.16
FONT_HEIGHT = 1.448


def label_rects(label: Label) -> list[tuple[float, float, float, float]]:
    """The line boxes a label takes by the layout's own measure."""
    rects = []
    for index, line in enumerate(label.lines):
        width = text_em(line) * label.size
        left = label.x if label.anchor == "start" else label.x - width / 2
        top = label.y - label.size * FONT_ASCENT + index * label.line_height
        rects.append((left, top, left + width, top + label.size * FONT_HEIGHT))
    return rects


def assert_fits(page: Layout) -> None:
    boxes = {r.id: r for r in page.rects}
    assert len(boxes) == len(page.rects), "box ids are unique"
    taken = []
    for label in page.labels:
        box = boxes[label.box]
        for left, top, right, bottom in label_rects(label):
            assert box.x - 0.01 <= left and right <= box.x + box.w + 0.01, label
            assert box.y - 0.01 <= top and bottom <= box.y + box.h + 0.01, label
            taken.append((left, top, right, bottom))
    for a, b in combinations(taken, 2):
        overlap_x = min(a[2], b[2]) - max(a[0], b[0])
        overlap_y = min(a[3], b[3]) - max(a[1], b[1])
        assert overlap_x <= 0.01 or overlap_y <= 0.01, (a, b)


def test_cjk_is_measured_by_display_width_and_wrapped() -> None:
    assert text_em("客户") == 2.0
    assert text_em("ab") < 1.5
    lines = wrap("客户按预约时间到店，前台查不到预约", 5, 10)
    assert all(text_em(line) <= 5 for line in lines)
    assert "".join(lines) == "客户按预约时间到店，前台查不到预约"
    assert not any(line.startswith(("，", "。")) for line in lines)
    cut = wrap("一二三四五六七八九十" * 3, 4, 2)
    assert len(cut) == 2 and cut[-1].endswith(ELLIPSIS)
    assert wrap("word " * 50, 8, 3)[-1].endswith(ELLIPSIS)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab W mil12 中文字测，。）…\u0301🙂", max_size=120),
    width=st.sampled_from([1.3, 2.0, 3.7, 4.904, 8.42, 15.5]),
    max_lines=st.integers(min_value=1, max_value=6),
)
def test_wrapped_lines_fit_and_a_cut_text_shows_the_lines_a_whole_one_would(
    text: str, width: float, max_lines: int
) -> None:
    """The lines a text is cut to are the first lines of the same text wrapped whole: wrapping
    stops once it knows the text is cut, and must not change what it shows."""
    whole = wrap(text, width, 10_000)
    shown = wrap(text, width, max_lines)
    assert all(text_em(line) <= width for line in shown)
    if len(whole) <= max_lines:
        assert shown == whole
    else:
        assert len(shown) == max_lines
        assert shown[:-1] == whole[: max_lines - 1]
        assert shown[-1].endswith(ELLIPSIS)
    assert "".join(whole).replace(" ", "") == "".join(text.split())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("touchpoints", [1, 5, 13, 40])
def test_nothing_overflows_or_overlaps_at_any_size(size: str, touchpoints: int) -> None:
    data = with_handovers(map_data(generated_journey(touchpoints), "标题 " * 40))
    assert_fits(layout(data, size))


def test_the_example_map_fits_at_every_size(cli_example: Cli) -> None:
    from ssvssj.store.store import load_workspace

    workspace = load_workspace(cli_example.root, use_cache=False)
    journey = infer(workspace.cases, workspace.vocabulary, language="zh")
    for size in SIZES:
        assert_fits(layout(map_data(journey, workspace.config.name), size))


def test_the_mood_comes_from_open_pains_and_gains() -> None:
    journey = generated_journey(10)
    open_pains = [c for c in journey.cases if c.is_open]
    assert mood_score([], gains=0, solved=0) is None
    assert mood_score([], gains=2, solved=0) == 5
    assert mood_score([], gains=0, solved=1) == 4
    worst = [c for c in open_pains if c.spot.severity == 5]
    assert mood_score(worst, gains=3, solved=0) == 1
    mild = [c for c in open_pains if c.spot.severity == 1]
    assert mood_score(mild, gains=0, solved=0) == 4


def test_svg_export_is_one_self_contained_page(cli_example: Cli) -> None:
    svg = cli_example("journey", "export", "--format", "svg").stdout
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert 'width="420mm" height="297mm"' in svg
    assert "<script" not in svg and "href" not in svg and "@import" not in svg
    assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"]
    for stage in ("了解", "到店", "成交", "用车"):
        assert f">{stage}</tspan>" in svg
    assert "◌ 盲区" in svg
    assert svg == cli_example("journey", "export", "--format", "svg").stdout
    a4 = cli_example("journey", "export", "--format", "svg", "--size", "A4").stdout
    assert 'width="297mm" height="210mm"' in a4


def test_the_map_shows_owners_key_moments_gains_and_handovers(cli_example: Cli) -> None:
    svg = cli_example("journey", "export", "--format", "svg").stdout
    assert ">门店运营部</tspan>" in svg
    assert svg.count("★ 关键时刻") == 3
    assert re.search(r'<rect id="gain-\d+"', svg)
    handovers = re.findall(r">⚠ (\d+)</tspan>", svg)
    assert handovers and all(int(n) >= 1 for n in handovers)


def test_html_export_holds_the_map_and_stage_tables(cli_example: Cli) -> None:
    page = cli_example("journey", "export", "--format", "html", "--size", "A2").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A2 landscape" in page
    assert page.count("<svg ") == 1
    assert page.count("<table>") == 8
    assert "<script" not in page and "<link" not in page
    assert '<strong>展厅</strong><span class="blind">（盲区）</span>' in page


@pytest.mark.parametrize(
    ("evidence", "shown"),
    [
        ("“太慢”", "“太慢”"),
        ("「太慢」", "「太慢」"),
        ("太慢", "“太慢”"),
        ("“太慢", "““太慢”"),
    ],
)
def test_a_quote_is_put_in_quotation_marks_once(
    cli_example: Cli, evidence: str, shown: str
) -> None:
    (cli_example.root / "cases" / "20261130-quot.yaml").write_text(
        "schema_version: 1\nid: 20261130-quot\ntitle: 引号\ncreated: 2026-11-30\n"
        f"spot:\n  touchpoint: 引号台\n  problem: 没人接待\n  severity: 5\n"
        f"  evidence: ['{evidence}']\n",
        encoding="utf-8",
    )
    svg = cli_example("journey", "export", "--format", "svg").stdout
    page = cli_example("journey", "export", "--format", "html").stdout
    assert f">{shown}<" in svg
    assert f"<td>{shown}</td>" in page


def test_a_segment_map_keeps_its_cases(cli_example: Cli) -> None:
    whole = cli_example("journey", "export", "-f", "svg").stdout
    part = cli_example("journey", "export", "-f", "svg", "--customer", "家庭").stdout
    assert whole != part
    assert re.search(r"客户旅程图 · \d+ 个案例", part)


def test_blueprint_csv_is_one_column_per_touchpoint(cli_example: Cli) -> None:
    data = cli_example("journey", "export", "--format", "blueprint").stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "层次"
    assert rows[0][1:4] == ["官网", "在线咨询", "预约试驾"]
    labels = [row[0] for row in rows]
    assert labels == [
        "层次",
        "阶段",
        "负责部门",
        "渠道",
        "客户要完成的事",
        "客户预期",
        "实际感受",
        "痛点（严重程度）",
        "亮点",
        "客户原话（证据）",
        "一线员工的发现",
        "后台（管理层、合作伙伴）",
        "根因（细节）",
        "方案（状态）",
    ]
    assert all(len(row) == len(rows[0]) for row in rows)
    pains = rows[labels.index("痛点（严重程度）")]
    assert pains[labels and rows[0].index("报价")].startswith("[4] ")


def test_blueprint_is_safe_from_formulas_and_writes_xlsx(cli_example: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (cli_example.root / "cases" / "20261130-evil.yaml").write_text(
        "schema_version: 1\nid: 20261130-evil\ntitle: x\ncreated: 2026-11-30\n"
        "spot:\n  touchpoint: '=HYPERLINK(\"http://x\")'\n  problem: '+1+2'\n"
        "  evidence: ['@SUM(A1)', '-3']\n",
        encoding="utf-8",
    )
    data = cli_example("journey", "export", "--format", "blueprint").stdout_bytes
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("http://x")' in cells
    target = tmp_path / "blueprint.xlsx"
    cli_example("journey", "export", "--format", "blueprint", "-o", str(target))
    sheet = load_workbook(target).active
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].value == "层次"
    assert "官网" in [cell.value for cell in sheet[1]]
    assert all(c.alignment.wrap_text for row in sheet.iter_rows() for c in row)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_same_journey_gives_the_same_xlsx_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from ssvssj.journey.blueprint import to_blueprint_xlsx

    rows = [["层次", "官网"], ["痛点（严重程度）", "（4）页面打不开"]]
    first = to_blueprint_xlsx(rows, "蓝图")
    later = time.time() + 86_400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda *_: time.gmtime(later))
    assert to_blueprint_xlsx(rows, "蓝图") == first


# In a real browser: Chromium measures every text as it set it.


def _assert_measured(found: dict[str, object]) -> None:
    assert found["problems"] == [], found["problems"]
    assert found["cjkSpans"], "the map holds Chinese text"
    assert 390 <= float(found["probeWidth"]) <= 410, "CJK glyphs are one em wide"  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["svg", "html"])
def test_the_example_map_in_a_browser(cli_example: Cli, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"map.{fmt}"
    cli_example("journey", "export", "--format", fmt, "-o", str(target))
    found = measure_svg(target) if fmt == "svg" else measure_page(target)
    _assert_measured(found)
    assert found["texts"] > 50


@pytest.mark.parametrize(("size", "touchpoints"), [("A4", 30), ("A0", 6), ("A3", 13)])
def test_a_generated_map_in_a_browser(tmp_path: Path, size: str, touchpoints: int) -> None:
    data = with_handovers(map_data(generated_journey(touchpoints), LONG))
    target = tmp_path / "map.svg"
    target.write_text(to_svg(layout(data, size)), encoding="utf-8")
    _assert_measured(measure_svg(target))


# Marks that stack on a letter, which a font without them draws one beside another.
MARKED = ("Z\u0338\u0327\u031b\u0301\u0300\u0302a\u0338\u0327\u031b\u0301 " * 10) + (
    "\u0f67\u0fb5\u0fa8\u0fb3\u0fba\u0fbc\u0fbb\u0f82 " * 6
)


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_text_of_stacked_marks_stays_in_its_box_in_a_browser(tmp_path: Path, size: str) -> None:
    data = map_data(generated_journey(8, text=MARKED), "标题")
    target = tmp_path / "map.svg"
    target.write_text(to_svg(layout(data, size)), encoding="utf-8")
    found = measure_svg(target)
    assert found["problems"] == [], found["problems"]


def test_an_english_map_in_a_browser(tmp_path: Path) -> None:
    data = map_data(generated_journey(9, language="en"), "Journey map")
    target = tmp_path / "map.svg"
    target.write_text(to_svg(layout(data, "A3")), encoding="utf-8")
    found = measure_svg(target)
    assert found["problems"] == [], found["problems"]


def test_the_committed_screenshot_shows_the_example(cli_example: Cli, tmp_path: Path) -> None:
    """docs/journey-map.png is the example's map as Chromium draws it (see the README)."""
    target = tmp_path / "map.svg"
    cli_example("journey", "export", "--format", "svg", "-o", str(target))
    png = tmp_path / "map.png"
    screenshot(target, png, 1587, 1123)
    assert png.read_bytes().startswith(b"\x89PNG")
    committed = Path(__file__).resolve().parent.parent / "docs" / "journey-map.png"
    assert committed.read_bytes().startswith(b"\x89PNG")


def test_every_name_cut_short_stays_whole_in_its_title() -> None:
    from html import unescape

    from ssvssj.journey.map_layout import shortened_names

    journey = generated_journey(60)
    svg = to_svg(layout(map_data(journey, "标题"), "A4"))
    titles = re.findall(r'<rect id="tp-\d+"[^>]*><title>([^<]*)</title></rect>', svg)
    assert [unescape(t) for t in titles] == [t.name for t in journey.touchpoints]
    assert shortened_names(svg) >= 60
    assert ELLIPSIS in svg
    assert shortened_names(to_svg(layout(map_data(generated_journey(5), "标题"), "A0"))) == 0


def test_the_export_warns_when_names_are_shortened(cli_example: Cli, tmp_path: Path) -> None:
    stops = [f"门店接待台附属服务区域第{i}号窗口" for i in range(60)]
    (cli_example.root / "cases" / "20261120-long.yaml").write_text(
        "schema_version: 1\nid: 20261120-long\ntitle: 长路径\ncreated: 2026-11-22\n"
        f"updated: 2026-11-22\nspot:\n  touchpoint: {stops[0]}\n  problem: 等待\n"
        f"scene:\n  path: [{', '.join(stops)}]\n",
        encoding="utf-8",
    )
    target = tmp_path / "map.svg"
    told = cli_example("journey", "export", "-f", "svg", "--size", "A4", "-o", str(target))
    assert re.search(r"\d+ 个名称因 A4 版面不足被截短", told.stderr)
    assert "--size A3" in told.stderr
    svg = target.read_text(encoding="utf-8")
    for stop in stops:
        assert f"<title>{stop}</title>" in svg
    again = cli_example("journey", "export", "-f", "html", "--size", "A4", "-o", str(target))
    assert "个名称因 A4 版面不足被截短" in again.stderr
    quiet = cli_example("journey", "export", "-f", "svg", "--size", "A0", "-o", str(target))
    assert "截短" not in quiet.stderr
