"""One case in the terminal: the step-by-step view, and its JSON form."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from ssvssj.cli.layout import Column, FitTable, Paragraph
from ssvssj.i18n import joined, tr
from ssvssj.method.constants import STEPS, unit_suffix
from ssvssj.method.models import Case, Measure
from ssvssj.method.terms import STEP_HEADINGS, field_word, handover_words, state_word, term
from ssvssj.store.yamlwrite import to_document

STATE_STYLE = {"open": "yellow", "solved": "green", "verified": "bold green", "dropped": "dim"}
# Fields whose values are the method's words, shown in the reader's language.
VALUE_KINDS = {
    "perspective": "perspective",
    "lens": "lens",
    "cost": "cost",
    "impact": "impact",
    "status": "status",
    "kind": "kind",
}


def case_json(case: Case, file: str) -> dict[str, Any]:
    derived = {"step": case.step, "state": case.state, "severity": case.severity, "file": file}
    return {**_jsonable(to_document(case)), "derived": derived}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def rating_text(case: Case, language: str) -> str:
    """A pain's severity (unrated, 未评, is never shown as a number); a gain has none, so its
    kind is shown instead."""
    if case.is_gain:
        return tr("kind {kind}", "类型：{kind}", kind=term("gain", language, "kind"))
    rated = tr("unrated", "未评") if case.severity is None else str(case.severity)
    return tr("severity {severity}", "严重程度 {severity}", severity=rated)


def case_panels(case: Case, language: str) -> list[RenderableType]:
    header = Text.assemble(
        (case.title, "bold"),
        "\n"
        + tr(
            "{id} · {state} · step {k} of 5 ({step}) · {rating} · updated {updated}",
            "{id} · {state} · 第 {k} 步，共 5 步（{step}） · {rating} · 更新于 {updated}",
            id=case.id,
            state=state_word(case.state, case.spot.kind, language),
            k=case.step_number,
            step=term(case.step, language, "step"),
            rating=rating_text(case, language),
            updated=case.last_updated,
        ),
    )
    if case.tags:
        header.append(tr(" · tags: {tags}", " · 标签：{tags}", tags=_joined(case.tags, language)))
    parts: list[RenderableType] = [Paragraph(header)]
    sections = {
        "spot": _spot(case, language),
        "scene": _scene(case, language),
        "view": _list(case.view, ("perspective", "lens", "finding"), language),
        "split": _list(case.split, ("id", "detail", "lens", "severity", "at", "cause"), language),
        "solve": _solutions(case, language),
    }
    for step in STEPS:
        body = sections[step]
        style = "green" if body is not None else "dim"
        title = STEP_HEADINGS[step][1 if language == "zh" else 0]
        parts.append(Panel(body or Text("—"), title=title, title_align="left", border_style=style))
    if case.dropped:
        parts.append(
            Paragraph(tr("dropped: {why}", "已放弃：{why}", why=case.dropped), style="dim")
        )
    return parts


def _joined(values: list[str], language: str) -> str:
    return joined(values, lang=language)


def _shown(key: str, value: Any, language: str) -> str:
    if isinstance(value, list):
        return " → ".join(value) if key == "path" else _joined([str(v) for v in value], language)
    if key in VALUE_KINDS:
        return term(value, language, VALUE_KINDS[key])
    return str(value)


def _pairs(pairs: list[tuple[str, Any]], language: str) -> FitTable:
    grid = FitTable(
        [Column("", style="bold", breaks=False), Column("")], box=None, show_header=False
    )
    for key, value in pairs:
        if value in (None, "", []):
            continue
        grid.add_row(field_word(key, language), Text(_shown(key, value, language)))
    return grid


def _spot(case: Case, language: str) -> RenderableType:
    spot = case.spot
    grid = _pairs(
        [
            ("kind", spot.kind),
            ("touchpoint", spot.touchpoint),
            ("from", handover_words(spot.from_, spot.touchpoint, language) if spot.from_ else None),
            ("channel", spot.channel),
            ("observed", spot.observed),
            ("problem", spot.problem),
            ("severity", spot.severity),
        ],
        language,
    )
    if not spot.evidence:
        return grid
    label = Paragraph(field_word("evidence", language), style="bold")
    return Group(grid, label, *(Paragraph(f"  • {item}") for item in spot.evidence))


def _scene(case: Case, language: str) -> RenderableType | None:
    if case.scene is None or case.scene.is_empty():
        return None
    return _pairs(
        [(name, getattr(case.scene, name)) for name in type(case.scene).model_fields], language
    )


def _list(items: list[Any], fields: tuple[str, ...], language: str) -> RenderableType | None:
    if not items:
        return None
    table = FitTable([Column(field_word(name, language)) for name in fields], box=box.SIMPLE)
    for item in items:
        row = []
        for name in fields:
            value = getattr(item, name)
            row.append(Text("" if value is None else _shown(name, value, language)))
        table.add_row(*row)
    return table


def measure_text(measure: Measure) -> str:
    """`name: before → after unit`, as a consultant would say it (`名称：` in Chinese)."""
    unit = unit_suffix(measure.unit)
    return tr(
        "{name}: {before}{unit} → {after}{unit}",
        "{name}：{before}{unit} → {after}{unit}",
        name=measure.name,
        before=measure.before,
        after=measure.after,
        unit=unit,
    )


def _solutions(case: Case, language: str) -> RenderableType | None:
    fields = ("id", "action", "addresses", "owner", "cost", "impact", "due", "status", "result")
    table = _list(case.solve, fields, language)
    measured = [
        Paragraph(
            tr(
                "{id} measure: {measure}",
                "{id} 衡量指标：{measure}",
                id=s.id,
                measure=measure_text(s.measure),
            )
        )
        for s in case.solve
        if s.measure is not None
    ]
    if table is None or not measured:
        return table
    return Group(table, *measured)
