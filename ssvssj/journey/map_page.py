"""The journey map as one self-contained, printable HTML page: the map, then a table per stage.

No script, no external style, font or image; the browser's print dialog gives the wall poster
(the map on the first page, landscape) and the stage tables after it. Pure.
"""

from __future__ import annotations

from ssvssj.i18n import pick
from ssvssj.journey.map_data import MapData, in_quotation_marks
from ssvssj.journey.map_layout import FONT, Layout, to_svg
from ssvssj.journey.xmltext import xml_text


def to_html(data: MapData, layout: Layout, size: str) -> str:
    lang = data.language
    svg = to_svg(layout).split("?>", 1)[1].strip()
    heads = [
        pick("Touchpoint", "触点", lang),
        pick("Owner", "负责部门", lang),
        pick("Open pains", "未解决痛点", lang),
        pick("Gains", "亮点", lang),
        pick("Mood (1–5)", "情绪（1–5）", lang),
        pick("Top pains", "主要痛点", lang),
        pick("Customer's words", "客户原话", lang),
    ]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{xml_text(data.title)}</title>",
        "<style>",
        f"@page {{ size: {size} landscape; margin: 8mm; }}",
        f"body {{ font-family: {FONT}; color: #1f2328; margin: 0 auto; max-width: 1600px; "
        "padding: 12px; }",
        ".map svg { width: 100%; height: auto; display: block; }",
        "h2 { font-size: 1.2em; margin: 1.4em 0 0.4em; break-after: avoid; }",
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; "
        "break-inside: auto; }",
        "th, td { border: 1px solid #d0d7de; padding: 4px 6px; vertical-align: top; "
        "text-align: left; overflow-wrap: anywhere; }",
        "th { background: #f6f8fa; }",
        "tr { break-inside: avoid; }",
        "ul { margin: 0; padding-left: 1.1em; }",
        ".tables { break-before: page; }",
        ".blind { color: #8c959f; }",
        "</style>",
        "</head>",
        "<body>",
        f'<section class="map">{svg}</section>',
        '<section class="tables">',
    ]
    for stage in data.stages:
        parts.append(f"<h2>{xml_text(stage.name)}</h2>")
        parts.append("<table><thead><tr>")
        parts += [f"<th>{xml_text(head)}</th>" for head in heads]
        parts.append("</tr></thead><tbody>")
        for column in data.columns[stage.first : stage.last + 1]:
            mark = pick(" (blind spot)", "（盲区）", lang) if column.blind else ""
            pains = "".join(
                f"<li>[{p.severity if p.severity is not None else '—'}] {xml_text(p.text)}</li>"
                for p in column.pains
            )
            cells = [
                f"<strong>{xml_text(column.name)}</strong>"
                + (f'<span class="blind">{xml_text(mark)}</span>' if mark else ""),
                xml_text(column.owner or "—"),
                str(column.open_pains),
                str(column.gains),
                str(column.score)
                if column.score is not None
                else pick("no evidence", "证据待补充", lang),
                f"<ul>{pains}</ul>" if pains else "—",
                xml_text(in_quotation_marks(column.quote)) if column.quote else "—",
            ]
            parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        parts.append("</tbody></table>")
    parts += ["</section>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
