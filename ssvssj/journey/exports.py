"""The journey as text for workshop tools. Pure functions: journey in, text out.

Every user text is escaped for its target; node ids are ASCII (`n1`, `n2`, …) so that no name can
collide with a keyword of the target language.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

from ssvssj.i18n import pick
from ssvssj.journey.infer import ELEMENTS, Journey, Pathway, Touchpoint
from ssvssj.journey.parts import Parts, parts_from_cases
from ssvssj.journey.xmltext import printable
from ssvssj.method.terms import term

FORMATS = (
    "mermaid",
    "mermaid-journey",
    "dot",
    "graphml",
    "json",
    "csv",
    "blueprint",
    "svg",
    "html",
)
SIZES = ("A4", "A3", "A2", "A1", "A0")
CJK_FONT = "Noto Sans CJK SC"


def export(
    journey: Journey, fmt: str, title: str, size: str = "A3", parts: Parts | None = None
) -> str:
    """The journey in `fmt`; `size` is the page of the svg and html map. The map, the
    blueprint and the Mermaid journey show what the cases say: `parts` give it per touchpoint
    (else it is made from the journey's cases)."""
    if fmt in ("svg", "html"):
        from ssvssj.journey.map_data import map_data
        from ssvssj.journey.map_layout import layout, to_svg
        from ssvssj.journey.map_page import to_html

        data = map_data(journey, title, parts)
        page = layout(data, size)
        return to_svg(page) if fmt == "svg" else to_html(data, page, size)
    if fmt == "blueprint":
        from ssvssj.journey.blueprint import blueprint_text

        return "".join(blueprint_text(journey, parts))
    if fmt == "mermaid-journey":
        return to_mermaid_journey(journey, title, parts)
    writers: dict[str, Callable[[Journey, str], str]] = {
        "json": lambda j, _: to_json(j),
        "mermaid": to_mermaid,
        "dot": to_dot,
        "graphml": to_graphml,
        "csv": lambda j, _: to_csv(j),
    }
    return writers[fmt](journey, title)


def journey_data(journey: Journey) -> dict[str, Any]:
    """The journey JSON of case-format.md, as plain data."""
    return {
        "schema_version": 1,
        "cases": len(journey.cases),
        "stages": [
            {
                "name": s.name,
                "order": s.order,
                "touchpoints": s.touchpoints,
                "agreed": s.agreed,
                "elements": {element: s.elements.get(element, False) for element in ELEMENTS},
            }
            for s in journey.stages
        ],
        "touchpoints": [
            {
                "name": t.name,
                "stage": t.stage,
                "order": t.order,
                "cases": len(t.cases),
                "open": t.open,
                "severity": t.severity,
                "aliases_seen": t.aliases_seen,
                "gains": len(t.gains),
                "touched": len(t.touched),
                "blind": t.blind,
                "owner": t.owner,
                "channel": t.channel,
                "key": t.key,
                "promise": t.promise,
            }
            for t in journey.touchpoints
        ],
        "pathways": [
            {"from": p.source, "to": p.target, "count": p.count, "problems": len(p.problems)}
            for p in journey.pathways
        ],
        "causes": [
            {
                "name": c.name,
                "cases": len(c.cases),
                "touchpoints": len(c.touchpoints),
                "solutions": len(c.solutions),
                "verified": len(c.verified),
            }
            for c in journey.causes
            if len(c.cases) >= 2
        ],
    }


def to_json(journey: Journey) -> str:
    return json.dumps(journey_data(journey), ensure_ascii=False, indent=2) + "\n"


def node_ids(journey: Journey) -> dict[str, str]:
    return {t.name: f"n{t.order + 1}" for t in journey.touchpoints}


def one_line(text: str) -> str:
    return " ".join(printable(text).split())


_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    ";": "#59;",
    ":": "#58;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "&": "#amp;",
    "\\": "#92;",
}
_MERMAID_TABLE = str.maketrans(_MERMAID_ENTITIES)


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: Mermaid's own entity codes for syntax."""
    return one_line(text).translate(_MERMAID_TABLE)


def severity_class(severity: float | None) -> str:
    if severity is None:
        return "blind"
    if severity >= 4:
        return "hot"
    return "warm" if severity >= 3 else "mild"


def touchpoint_class(tp: Touchpoint) -> str:
    """hot, warm, mild by mean severity; unrated where every pain is unrated (未评); calm where
    cases touch it without a pain; blind where no case touches it."""
    if tp.blind:
        return "blind"
    if tp.severity is not None:
        return severity_class(tp.severity)
    return "unrated" if tp.cases else "calm"


def case_word(count: int, language: str) -> str:
    if language == "zh":
        return f"{count} 个案例"
    return f"{count} case" if count == 1 else f"{count} cases"


def node_label_lines(tp: Touchpoint, language: str) -> list[str]:
    """A touchpoint's label in a diagram: its name, its pains, and its gains where there are."""
    if not tp.gains:
        return [tp.name, case_word(len(tp.cases), language)]
    lines = [tp.name]
    if tp.cases:
        pains = len(tp.cases)
        lines.append(f"{pains} 个痛点" if language == "zh" else f"{pains} pain(s)")
    count = len(tp.gains)
    lines.append(f"{count} 个亮点" if language == "zh" else f"{count} gain(s)")
    return lines


def handover_label(pathway: Pathway, language: str) -> str:
    """An edge's label: how often customers pass, and the problems on the handover."""
    if not pathway.problems:
        return str(pathway.count)
    count = len(pathway.problems)
    if language == "zh":
        return f"{pathway.count} · {count} 个交接问题"
    return f"{pathway.count} · {count} handover problem(s)"


CLASSES = ("hot", "warm", "mild", "unrated", "calm", "blind")
HANDOVER_COLOUR = "#b02a37"


def to_mermaid(journey: Journey, title: str = "") -> str:
    """A flowchart LR: stages as subgraphs, touchpoints as nodes, pathway counts on edges."""
    ids = node_ids(journey)
    lines = ["flowchart LR"]
    for stage in journey.stages:
        lines.append(f'  subgraph s{stage.order + 1}["{mermaid_text(stage.name)}"]')
        lines.append("    direction LR")
        for name in stage.touchpoints:
            tp = journey.touchpoint(name)
            label = "<br/>".join(mermaid_text(t) for t in node_label_lines(tp, journey.language))
            lines.append(f'    {ids[name]}["{label}"]')
        lines.append("  end")
    for pathway in journey.pathways:
        label = mermaid_text(handover_label(pathway, journey.language))
        lines.append(f"  {ids[pathway.source]} -->|{label}| {ids[pathway.target]}")
    lines += [
        "  classDef hot fill:#f8d7da,stroke:#b02a37,color:#000",
        "  classDef warm fill:#fff3cd,stroke:#b58105,color:#000",
        "  classDef mild fill:#e2f0d9,stroke:#548235,color:#000",
        "  classDef unrated fill:#eeeeee,stroke:#666666,color:#000",
        "  classDef calm fill:#ffffff,stroke:#548235,color:#000",
        "  classDef blind fill:#ffffff,stroke:#888888,stroke-dasharray:4 3,color:#555",
    ]
    for kind in CLASSES:
        members = [ids[t.name] for t in journey.touchpoints if touchpoint_class(t) == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    problem_edges = [str(i) for i, p in enumerate(journey.pathways) if p.problems]
    if problem_edges:
        lines.append(
            f"  linkStyle {','.join(problem_edges)} stroke:{HANDOVER_COLOUR},stroke-width:3px"
        )
    return "\n".join(lines) + "\n"


_TITLE_TABLE = str.maketrans({"#": "＃", ";": "；", ":": "："})
_ACTOR_TABLE = str.maketrans({",": "，", "#": "＃", ";": "；", ":": "："})


# Where a token starts, Mermaid's journey syntax reads these words as a title, a section or
# the diagram's first word, whatever follows them on the line.
_JOURNEY_KEYWORD = re.compile(r"(journey\b|title\s|section\s)", re.IGNORECASE)


def journey_text(text: str) -> str:
    """Text for a journey section or task: Mermaid's entity codes, and `%` as one too (`%` or
    `%%` where a token starts makes the rest of the line a comment); a leading keyword gets its
    first letter as an entity code, so the line stays a task."""
    escaped = mermaid_text(text).replace("%", "#37;")
    if _JOURNEY_KEYWORD.match(escaped):
        return f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def to_mermaid_journey(journey: Journey, title: str = "", parts: Parts | None = None) -> str:
    """Mermaid's `journey` diagram: sections are stages, tasks touchpoints, actors segments.

    The score is the customer's mood from open pains and gains (5 only where there are gains and
    no open pain); a touchpoint without any evidence is marked as such, at the neutral 3."""
    from ssvssj.journey.map_data import SPOTTED

    here = (parts or parts_from_cases(journey))(SPOTTED)
    mood = {name: part.score for name, part in here.items()}
    customers = {
        name: {one_line(text).translate(_ACTOR_TABLE).strip() for text in part.customers} - {""}
        for name, part in here.items()
    }
    lines = ["journey"]
    if one_line(title):
        lines.append(f"  title {one_line(title).translate(_TITLE_TABLE)}")
    for stage in journey.stages:
        lines.append(f"  section {journey_text(stage.name)}")
        for name in stage.touchpoints:
            actors = ", ".join(sorted(customers[name]))
            score = mood[name]
            label = journey_text(name)
            if score is None:
                label += journey_text(pick(" (no evidence)", "（证据待补充）", journey.language))
            task = f"    {label}: {score if score is not None else 3}"
            lines.append(f"{task}: {actors}" if actors else task)
    return "\n".join(lines) + "\n"


def dot_text(text: str) -> str:
    """Text inside a quoted DOT label. Graphviz reads `&name;` in a label as an entity, so a
    written `&` becomes `&amp;`."""
    text = text.replace("&", "&amp;")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")


_DOT_FILL = {
    "hot": "#f8d7da",
    "warm": "#fff3cd",
    "mild": "#e2f0d9",
    "unrated": "#eeeeee",
    "calm": "#ffffff",
    "blind": "#ffffff",
}


def to_dot(journey: Journey, title: str = "") -> str:
    """Graphviz: a cluster per stage, a CJK-capable font, escaped labels."""
    ids = node_ids(journey)
    top = max((p.count for p in journey.pathways), default=1)
    lines = [
        "digraph journey {",
        f'  graph [rankdir=LR, fontname="{CJK_FONT}", label="{dot_text(one_line(title))}", '
        "labelloc=t, newrank=true];",
        f'  node [shape=box, style="rounded,filled", fontname="{CJK_FONT}"];',
        f'  edge [fontname="{CJK_FONT}"];',
    ]
    for stage in journey.stages:
        lines.append(f"  subgraph cluster_{stage.order + 1} {{")
        lines.append(f'    label="{dot_text(one_line(stage.name))}";')
        for name in stage.touchpoints:
            tp = journey.touchpoint(name)
            fill = _DOT_FILL[touchpoint_class(tp)]
            label = "\n".join(one_line(t) for t in node_label_lines(tp, journey.language))
            style = ', style="rounded,filled,dashed"' if tp.blind else ""
            lines.append(f'    {ids[name]} [label="{dot_text(label)}", fillcolor="{fill}"{style}];')
        lines.append("  }")
    for p in journey.pathways:
        width = 1 + 3 * p.count / top
        label = dot_text(handover_label(p, journey.language))
        colour = f', color="{HANDOVER_COLOUR}", fontcolor="{HANDOVER_COLOUR}"' if p.problems else ""
        lines.append(
            f'  {ids[p.source]} -> {ids[p.target]} [label="{label}", penwidth={width:.2f}{colour}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_data(tp: Touchpoint) -> dict[str, object]:
    """A touchpoint's GraphML attributes, in the order they are written."""
    return {
        "label": printable(tp.name),
        "stage": printable(tp.stage),
        "order": tp.order,
        "cases": len(tp.cases),
        "open": tp.open,
        "severity": tp.severity if tp.severity is not None else 0.0,
        "aliases_seen": printable("; ".join(tp.aliases_seen)),
        "lenses": "; ".join(tp.lenses),
        "gains": len(tp.gains),
        "touched": len(tp.touched),
        "blind": tp.blind,
        "owner": tp.owner or "",
        "channel": tp.channel or "",
        "key": bool(tp.key),
        "promise": tp.promise or "",
    }


def _edge_data(pathway: Pathway) -> dict[str, object]:
    return {
        "count": pathway.count,
        "cases": "; ".join(pathway.cases),
        "problems": len(pathway.problems),
        "problem_cases": "; ".join(pathway.problems),
    }


# GraphML's names for the types of attribute values (those networkx writes).
GRAPHML_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def _cdata(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_graphml(journey: Journey, title: str = "") -> str:
    """GraphML for yEd and Gephi; severity 0.0 means no case spotted there.

    Laid out as networkx's writer lays out the journey's directed graph, without importing
    it: a key per attribute name, type and scope, numbered as first used (the graph's name,
    then each node's and each edge's attributes) and listed newest first; edges by their
    source's place in the journey; the graph's own data after its nodes and edges."""
    ids = node_ids(journey)
    keys: dict[tuple[str, str, str], str] = {}

    def data(scope: str, values: dict[str, object], margin: str) -> list[str]:
        lines = []
        for name, value in values.items():
            key = keys.setdefault((name, GRAPHML_TYPES[type(value)], scope), f"d{len(keys)}")
            text = _cdata(str(value))
            lines.append(
                f'{margin}<data key="{key}">{text}</data>'
                if text
                else f'{margin}<data key="{key}" />'
            )
        return lines

    graph_data = data("graph", {"name": one_line(title)}, "    ")
    body: list[str] = []
    for tp in journey.touchpoints:
        body += [f'    <node id="{ids[tp.name]}">', *data("node", _node_data(tp), "      ")]
        body.append("    </node>")
    edges: dict[str, dict[str, dict[str, object]]] = {
        ids[tp.name]: {} for tp in journey.touchpoints
    }
    for p in journey.pathways:
        target = ids[p.target]
        edges[ids[p.source]].setdefault(target, {}).update(_edge_data(p))
    for source, targets in edges.items():
        for target, values in targets.items():
            body.append(f'    <edge source="{source}" target="{target}">')
            body += [*data("edge", values, "      "), "    </edge>"]
    key_lines = [
        f'  <key id="{key}" for="{scope}" attr.name="{name}" attr.type="{kind}" />'
        for (name, kind, scope), key in reversed(keys.items())
    ]
    lines = [GRAPHML_HEAD, *key_lines, '  <graph edgedefault="directed">', *body, *graph_data]
    text = "\n".join([*lines, "  </graph>", "</graphml>", ""])
    return text.encode("utf-8", "xmlcharrefreplace").decode("utf-8")


CSV_COLUMNS = (
    "order",
    "stage",
    "touchpoint",
    "cases",
    "open",
    "severity",
    "spellings",
    "lenses",
    "gains",
    "owner",
    "key",
    "promise",
)
CSV_HEADERS = {
    "zh": (
        "序",
        "阶段",
        "触点",
        "案例",
        "未解决",
        "平均严重程度",
        "其他写法",
        "体验维度",
        "亮点",
        "负责部门",
        "关键时刻",
        "品牌主张",
    ),
    "en": CSV_COLUMNS,
}


def spreadsheet_safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet."""
    text = printable(text)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _promise(promise: str | None, language: str) -> str:
    if promise == "brand":
        return pick("brand", "品牌主张（必须做好）", language)
    if promise == "basic":
        return pick("basic", "基本要求（及格即可）", language)
    return promise or ""


def to_csv(journey: Journey) -> str:
    """One row per touchpoint; the caller writes it with a BOM so that Excel reads Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS.get(journey.language, CSV_COLUMNS))
    joiner = "、" if journey.language == "zh" else "; "
    for tp in journey.touchpoints:
        writer.writerow(
            [
                tp.order + 1,
                spreadsheet_safe(tp.stage),
                spreadsheet_safe(tp.name),
                len(tp.cases),
                tp.open,
                "" if tp.severity is None else tp.severity,
                spreadsheet_safe(joiner.join(tp.aliases_seen)),
                joiner.join(term(lens, journey.language, "lens") for lens in tp.lenses),
                len(tp.gains),
                spreadsheet_safe(tp.owner or ""),
                pick("yes", "是", journey.language) if tp.key else "",
                _promise(tp.promise, journey.language),
            ]
        )
    return out.getvalue()
