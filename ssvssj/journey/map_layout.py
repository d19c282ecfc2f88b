"""Where everything on the printable journey map goes: boxes, wrapped text, the mood line. Pure.

The page is a grid: a label column on the left, then one column per touchpoint; rows for
stages, touchpoints, handovers, the heat strip, the mood line, top pains and a quote. Every
piece of text is wrapped into a box it belongs to (measured by display width, so Chinese
fits), and each box holds its text with room to spare, so nothing overflows or overlaps at any
page size. `to_svg` turns a layout into one self-contained SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ssvssj.i18n import pick
from ssvssj.journey.map_data import Column, MapData, in_quotation_marks
from ssvssj.journey.textfit import text_em, wrap
from ssvssj.journey.xmltext import xml_text

PAGES_MM = {
    "A4": (297, 210),
    "A3": (420, 297),
    "A2": (594, 420),
    "A1": (841, 594),
    "A0": (1189, 841),
}
PX_PER_MM = 96 / 25.4
LINE = 1.46  # the CJK font's line box (ascent 1.16 + descent 0.29 em): lines never overlap
ASCENT = 1.17
MIN_FONT = 8.0  # px; browsers round the line box of smaller text up, and print it unreadably
FONT = (
    "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', sans-serif"
)
ROWS = (
    ("stage", 0.07),
    ("touchpoint", 0.14),
    ("handover", 0.07),
    ("heat", 0.05),
    ("mood", 0.13),
    ("pains", 0.37),
    ("quote", 0.17),
)
STAGE_FILLS = ("#e8eef7", "#f3ede4")
INK = "#1f2328"
MUTED = "#57606a"
ACCENT = "#b35900"


@dataclass(frozen=True)
class Rect:
    id: str
    x: float
    y: float
    w: float
    h: float
    fill: str = "none"
    stroke: str = "none"
    dashed: bool = False
    stroke_width: float = 1.0
    radius: float = 0.0
    title: str = ""  # the full name of what the box shows, kept whole where its label is cut


@dataclass(frozen=True)
class Label:
    """Lines of text inside the box `box`; `y` is the first baseline."""

    box: str
    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    weight: str = "normal"
    anchor: str = "start"
    fill: str = INK
    italic: bool = False

    @property
    def line_height(self) -> float:
        return self.size * LINE


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    dashed: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str
    stroke: str
    dashed: bool = False


@dataclass
class Layout:
    width: float
    height: float
    width_mm: float
    height_mm: float
    language: str
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[Polyline] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    shortened: set[str] = field(default_factory=set)  # boxes whose name did not fit whole

    def box(self, id: str) -> Rect:
        return next(r for r in self.rects if r.id == id)


def page_size(size: str) -> tuple[float, float]:
    """Landscape width and height in millimetres."""
    return PAGES_MM[size]


class _Writer:
    """Places text in boxes: each label's lines fit its box's width and the box's remaining
    height, top to bottom, so labels in one box never overlap."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def rect(self, rect: Rect) -> Rect:
        self.layout.rects.append(rect)
        return rect

    def text(
        self,
        box: Rect,
        text: str,
        size: float,
        top: float,
        bottom: float | None = None,
        max_lines: int = 99,
        anchor: str = "start",
        pad: float | None = None,
        middle: bool = False,
        name: bool = False,
        **style: object,
    ) -> float:
        """Wrap `text` into `box` from `top` down to `bottom` (`middle`: centred between them);
        return where the next text may start. Nothing is placed where not even one line fits.
        A `name` that does not fit whole marks its box as shortened."""
        pad = size * 0.4 if pad is None else pad
        bottom = box.y + box.h - pad * 0.5 if bottom is None else bottom
        width = box.w - 2 * pad
        room = int((bottom - top) // (size * LINE))
        lines = wrap(text, width / size, min(room, max_lines)) if width > 0 else []
        if name and text.strip() and _cut(text, lines):
            self.layout.shortened.add(box.id)
        if not lines:
            return top
        if middle:
            top += (bottom - top - len(lines) * size * LINE) / 2
        x = box.x + pad if anchor == "start" else box.x + box.w / 2
        baseline = top + size * ASCENT
        self.layout.labels.append(
            Label(box.id, x, baseline, tuple(lines), size, anchor=anchor, **style)  # type: ignore[arg-type]
        )
        return top + len(lines) * size * LINE


def _cut(text: str, lines: list[str]) -> bool:
    """Whether `lines` lost part of `text` (wrapping only moves spaces)."""
    return "".join("".join(lines).split()) != "".join(text.split())


def _heat_fill(ratio: float) -> str:
    low, high = (255, 245, 240), (203, 24, 29)
    rgb = [round(a + (b - a) * ratio) for a, b in zip(low, high, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def layout(data: MapData, size: str = "A3") -> Layout:
    """The whole map on one landscape page of `size` (A4 … A0)."""
    width_mm, height_mm = page_size(size)
    width, height = width_mm * PX_PER_MM, height_mm * PX_PER_MM
    result = Layout(width, height, width_mm, height_mm, data.language)
    put = _Writer(result)
    lang = data.language
    margin = width * 0.018
    n = max(1, len(data.columns))
    label_w = width * 0.07
    col_w = (width - 2 * margin - label_w) / n
    body = max(MIN_FONT, min(height / 72, col_w / 6.2))
    title_h = height * 0.07
    legend_h = height * 0.055
    x0 = margin + label_w
    put.rect(Rect("page", 0, 0, width, height, fill="#ffffff"))
    title_box = put.rect(Rect("title", margin, margin, width - 2 * margin, title_h))
    title_size = min(height / 34, title_h / 2.9)
    after = put.text(
        title_box, data.title, title_size, title_box.y, max_lines=1, weight="bold", pad=0
    )
    put.text(title_box, data.subtitle, title_size * 0.55, after, max_lines=1, fill=MUTED, pad=0)
    top = margin + title_h
    rows_h = height - 2 * margin - title_h - legend_h
    rows: dict[str, tuple[float, float]] = {}
    for name, share in ROWS:
        rows[name] = (top, rows_h * share)
        top += rows_h * share
    _row_labels(put, data, rows, margin, label_w, body)
    _stages(put, data, rows["stage"], x0, col_w, body)
    for index, column in enumerate(data.columns):
        _touchpoint(put, column, index, rows["touchpoint"], x0 + index * col_w, col_w, body, lang)
    _handovers(put, data, rows["handover"], x0, col_w, body)
    _heat(put, data, rows["heat"], x0, col_w, body)
    _mood(result, put, data, rows["mood"], x0, col_w, body)
    for index, column in enumerate(data.columns):
        x = x0 + index * col_w
        _pains(put, column, index, rows["pains"], x, col_w, body, lang)
        _quote(put, column, index, rows["quote"], x, col_w, body)
    _legend(put, result, margin, height - margin - legend_h, width - 2 * margin, legend_h, body)
    return result


def _row_labels(
    put: _Writer,
    data: MapData,
    rows: dict[str, tuple[float, float]],
    x: float,
    w: float,
    body: float,
) -> None:
    lang = data.language
    names = {
        "stage": pick("Stage", "阶段", lang),
        "touchpoint": pick("Touchpoint", "触点", lang),
        "handover": pick("Handover problems", "交接问题", lang),
        "heat": pick("Pains / gains", "痛点 / 亮点", lang),
        "mood": pick("Customer mood", "客户情绪", lang),
        "pains": pick("Top pains", "主要痛点", lang),
        "quote": pick("Customer's words", "客户原话", lang),
    }
    for name, (y, h) in rows.items():
        box = put.rect(Rect(f"row-{name}", x, y, w, h, fill="#f6f8fa", stroke="#d0d7de"))
        put.text(box, names[name], body * 0.9, y + body * 0.3, weight="bold", fill=MUTED)


def _stages(
    put: _Writer, data: MapData, row: tuple[float, float], x0: float, col_w: float, body: float
) -> None:
    y, h = row
    for index, stage in enumerate(data.stages):
        x = x0 + stage.first * col_w
        w = (stage.last - stage.first + 1) * col_w
        box = put.rect(
            Rect(
                f"stage-{index}",
                x + 1,
                y + 1,
                w - 2,
                h - 2,
                fill=STAGE_FILLS[index % 2],
                stroke="#8c959f" if stage.agreed else "#d0d7de",
                stroke_width=1.5 if stage.agreed else 1.0,
                radius=3,
                title=stage.name,
            )
        )
        size = body * 1.1
        lines = max(1, int((h - size) // (size * LINE)))
        used = min(lines, len(wrap(stage.name, (box.w - size * 0.8) / size, lines))) or 1
        top = y + (h - used * size * LINE) / 2
        put.text(
            box, stage.name, size, top, anchor="middle", weight="bold", max_lines=lines, name=True
        )


def _touchpoint(
    put: _Writer,
    column: Column,
    index: int,
    row: tuple[float, float],
    x: float,
    w: float,
    body: float,
    lang: str,
) -> None:
    y, h = row
    gap = w * 0.06
    box = put.rect(
        Rect(
            f"tp-{index}",
            x + gap,
            y + gap,
            w - 2 * gap,
            h - 2 * gap,
            fill="#ffffff",
            stroke=ACCENT if column.key else ("#8c959f" if column.blind else "#57606a"),
            dashed=column.blind,
            stroke_width=2.5 if column.key else 1.2,
            radius=4,
            title=column.name,
        )
    )
    small = body * 0.8
    bottom = box.y + box.h - small * 0.3
    marks = []
    if column.key:
        marks.append(pick("★ moment of truth", "★ 关键时刻", lang))
    if column.blind:
        marks.append(pick("◌ blind spot", "◌ 盲区", lang))
    tail_lines = (1 if column.owner else 0) + len(marks)
    reserve = tail_lines * small * LINE
    after = put.text(
        box,
        column.name,
        body * 1.05,
        box.y + small * 0.3,
        bottom - reserve,
        weight="bold",
        name=True,
    )
    if column.owner:
        after = put.text(box, column.owner, small, after, bottom, max_lines=1, fill=MUTED)
    for mark in marks:
        after = put.text(box, mark, small, after, bottom, max_lines=1, fill=ACCENT)


def _handovers(
    put: _Writer, data: MapData, row: tuple[float, float], x0: float, col_w: float, body: float
) -> None:
    """Each handover problem as a line from one touchpoint to the next, a dot at the receiving
    end and a count badge; lines that would cross share no lane."""
    y, h = row
    lanes: list[float] = []
    size = body * 0.85
    lane_h = size * LINE + size * 0.6
    most = max(1, int(h // lane_h))
    for index, item in enumerate(sorted(data.handovers, key=lambda o: (o.source, o.target))):
        left, right = sorted((item.source, item.target))
        start = x0 + (left + 0.5) * col_w
        end = x0 + (right + 0.5) * col_w
        lane = next((i for i, free in enumerate(lanes) if free <= start), len(lanes))
        if lane >= most:
            continue
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = end + 1
        mid_y = y + lane * lane_h + lane_h / 2
        put.layout.lines.append(Polyline(((start, mid_y), (end, mid_y)), ACCENT, 2.0))
        arrow = x0 + (item.target + 0.5) * col_w
        put.layout.dots.append(Dot(arrow, mid_y, size * 0.25, ACCENT, ACCENT))
        text = f"⚠ {item.count}"
        badge_w = text_em(text) * size + size * 0.8
        if badge_w > end - start - size * 0.5:
            continue
        badge = put.rect(
            Rect(
                f"handover-{index}",
                (start + end) / 2 - badge_w / 2,
                mid_y - lane_h / 2 + size * 0.15,
                badge_w,
                lane_h - size * 0.3,
                fill="#fff8c5",
                stroke=ACCENT,
                radius=3,
            )
        )
        put.text(badge, text, size, badge.y + size * 0.05, anchor="middle", pad=size * 0.4)


def _heat(
    put: _Writer, data: MapData, row: tuple[float, float], x0: float, col_w: float, body: float
) -> None:
    y, h = row
    hottest = max((c.heat for c in data.columns), default=0.0) or 1.0
    size = min(body, h / 2)
    for index, column in enumerate(data.columns):
        x = x0 + index * col_w
        ratio = column.heat / hottest
        pain_w = col_w * (0.65 if column.gains else 1.0)
        pain = put.rect(
            Rect(f"heat-{index}", x, y + 1, pain_w, h - 2, fill=_heat_fill(ratio), stroke="#ffffff")
        )
        if column.open_pains:
            colour = "#ffffff" if ratio > 0.55 else INK
            put.text(pain, str(column.open_pains), size, y + 1, y + h - 1, middle=True, fill=colour)
        if column.gains:
            gain = put.rect(
                Rect(
                    f"gain-{index}",
                    x + pain_w,
                    y + 1,
                    col_w - pain_w,
                    h - 2,
                    fill="#2da44e",
                    stroke="#ffffff",
                )
            )
            put.text(gain, f"+{column.gains}", size, y + 1, y + h - 1, middle=True, fill="#ffffff")


def _mood(
    layout: Layout,
    put: _Writer,
    data: MapData,
    row: tuple[float, float],
    x0: float,
    col_w: float,
    body: float,
) -> None:
    """A line through the customer's mood at each touchpoint (5 top, 1 bottom); where there is
    no evidence, a hollow mark on the middle and a gap in the line."""
    y, h = row
    put.rect(Rect("mood", x0, y, col_w * len(data.columns), h, fill="#fbfcfd", stroke="#d0d7de"))
    pad = h * 0.15
    mid = y + h / 2
    layout.lines.append(
        Polyline(((x0, mid), (x0 + col_w * len(data.columns), mid)), "#d0d7de", 1.0, True)
    )
    run: list[tuple[float, float]] = []
    r = max(1.5, min(body * 0.45, col_w * 0.12))
    for index, column in enumerate(data.columns):
        cx = x0 + (index + 0.5) * col_w
        if column.score is None:
            if len(run) > 1:
                layout.lines.append(Polyline(tuple(run), "#0969da", 2.5))
            run = []
            layout.dots.append(Dot(cx, mid, r, "#ffffff", "#8c959f", dashed=True))
            continue
        cy = y + pad + (5 - column.score) / 4 * (h - 2 * pad)
        run.append((cx, cy))
    if len(run) > 1:
        layout.lines.append(Polyline(tuple(run), "#0969da", 2.5))
    for index, column in enumerate(data.columns):
        if column.score is not None:
            cx = x0 + (index + 0.5) * col_w
            cy = y + pad + (5 - column.score) / 4 * (h - 2 * pad)
            fill = (
                "#2da44e" if column.score >= 4 else ("#cf222e" if column.score <= 2 else "#d4a72c")
            )
            layout.dots.append(Dot(cx, cy, r, fill, "#ffffff"))


def _pains(
    put: _Writer,
    column: Column,
    index: int,
    row: tuple[float, float],
    x: float,
    w: float,
    body: float,
    lang: str,
) -> None:
    y, h = row
    gap = w * 0.04
    box = put.rect(
        Rect(f"pains-{index}", x + gap, y + gap, w - 2 * gap, h - 2 * gap, stroke="#d0d7de")
    )
    if not column.pains:
        empty = pick("no open pain", "暂无未解决痛点", lang)
        put.text(box, empty, body * 0.85, box.y + body * 0.3, max_lines=2, fill=MUTED)
        return
    room = int((box.h - body * 0.6) // (body * LINE))
    share = max(1, room // len(column.pains) - 1)
    top = box.y + body * 0.3
    for pain in column.pains:
        mark = f"[{pain.severity}]" if pain.severity is not None else pick("[?]", "（未评）", lang)
        top = put.text(box, f"{mark} {pain.text}", body, top, max_lines=share)
        top += body * 0.5


def _quote(
    put: _Writer,
    column: Column,
    index: int,
    row: tuple[float, float],
    x: float,
    w: float,
    body: float,
) -> None:
    if column.quote is None:
        return
    y, h = row
    gap = w * 0.04
    box = put.rect(
        Rect(f"quote-{index}", x + gap, y + gap, w - 2 * gap, h - 2 * gap, fill="#f6f8fa", radius=4)
    )
    put.text(
        box,
        in_quotation_marks(column.quote),
        body * 0.9,
        box.y + body * 0.3,
        fill=MUTED,
        italic=True,
    )


def _legend(
    put: _Writer, layout: Layout, x: float, y: float, w: float, h: float, body: float
) -> None:
    lang = layout.language
    items = [
        (
            "#cb181d",
            False,
            pick(
                "open pains (heat: how many, how severe)",
                "未解决痛点（热度：数量与严重程度）",
                lang,
            ),
        ),
        ("#2da44e", False, pick("gains (bright spots)", "亮点", lang)),
        ("#ffffff", True, pick("blind spot: no case touches it", "盲区：没有任何案例涉及", lang)),
        ("#fff8c5", False, pick("⚠ n: handover problems (cases)", "⚠ n：交接问题（案例数）", lang)),
        (
            "#0969da",
            False,
            pick(
                "mood 5 best … 1 worst; hollow: no evidence",
                "情绪 5 最好 … 1 最差；空心：证据待补充",
                lang,
            ),
        ),
    ]
    size = min(body * 0.85, h / 2.6)
    cell = w / len(items)
    for index, (colour, dashed, text) in enumerate(items):
        cx = x + index * cell
        swatch = size * 1.2
        put.rect(
            Rect(
                f"swatch-{index}",
                cx,
                y + (h - swatch) / 2,
                swatch,
                swatch,
                fill=colour,
                stroke="#57606a",
                dashed=dashed,
            )
        )
        box = put.rect(
            Rect(f"legend-{index}", cx + swatch + size * 0.3, y, cell - swatch - size * 0.6, h)
        )
        put.text(box, text, size, y + size * 0.1, y + h - size * 0.1, middle=True, fill=MUTED)


SHORTENED = 'data-shortened="true"'


def shortened_names(svg: str) -> int:
    """How many names the map shows cut short (their boxes' titles hold them whole)."""
    return svg.count(SHORTENED)


def to_svg(layout: Layout) -> str:
    """One self-contained SVG: no script, no external font or image; `data-box` ties each text
    to the box it must stay inside (the browser test reads it)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width_mm:g}mm" '
        f'height="{layout.height_mm:g}mm" viewBox="0 0 {layout.width:.2f} {layout.height:.2f}" '
        f'font-family="{FONT}" lang="{"zh-Hans" if layout.language == "zh" else "en"}">',
    ]
    for r in layout.rects:
        dash = ' stroke-dasharray="5 3"' if r.dashed else ""
        cut = f" {SHORTENED}" if r.id in layout.shortened else ""
        title = f"<title>{xml_text(r.title, quote=False)}</title></rect>" if r.title else ""
        out.append(
            f'<rect id="{r.id}" x="{r.x:.2f}" y="{r.y:.2f}" width="{r.w:.2f}" height="{r.h:.2f}" '
            f'rx="{r.radius:g}" fill="{r.fill}" stroke="{r.stroke}" '
            f'stroke-width="{r.stroke_width:g}"{dash}{cut}' + (f">{title}" if title else "/>")
        )
    for line in layout.lines:
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in line.points)
        dash = ' stroke-dasharray="4 3"' if line.dashed else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{line.stroke}" '
            f'stroke-width="{line.width:g}" stroke-linejoin="round"{dash}/>'
        )
    for dot in layout.dots:
        dash = ' stroke-dasharray="2 2"' if dot.dashed else ""
        out.append(
            f'<circle cx="{dot.x:.2f}" cy="{dot.y:.2f}" r="{dot.r:.2f}" fill="{dot.fill}" '
            f'stroke="{dot.stroke}" stroke-width="1.5"{dash}/>'
        )
    for label in layout.labels:
        style = ' font-style="italic"' if label.italic else ""
        out.append(
            f'<text data-box="{label.box}" x="{label.x:.2f}" y="{label.y:.2f}" '
            f'font-size="{label.size:.2f}" font-weight="{label.weight}" '
            f'text-anchor="{label.anchor}" fill="{label.fill}"{style}>'
        )
        for index, text in enumerate(label.lines):
            dy = "0" if index == 0 else f"{label.line_height:.2f}"
            out.append(f'<tspan x="{label.x:.2f}" dy="{dy}">{xml_text(text, quote=False)}</tspan>')
        out.append("</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
