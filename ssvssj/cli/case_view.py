"""One case in the terminal: the step-by-step view, and its JSON form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ssvssj.method.constants import STEPS
from ssvssj.method.models import Case
from ssvssj.store.yamlwrite import to_document

if TYPE_CHECKING:
    pass

STATE_STYLE = {"open": "yellow", "solved": "green", "verified": "bold green", "dropped": "dim"}
STEP_TITLES = {
    "zh": ("Spot 发现", "Scene 场景", "View 视角", "Split 拆解", "Solve 解决"),
    "en": ("Spot", "Scene", "View", "Split", "Solve"),
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


def case_panels(case: Case, language: str) -> list[RenderableType]:
    titles = STEP_TITLES[language]
    header = Text.assemble(
        (case.title, "bold"),
        f"\n{case.id} · {case.state} · step {case.step_number}/5 ({case.step}) · "
        f"severity {case.severity} · updated {case.last_updated}",
    )
    if case.tags:
        header.append(f" · tags: {', '.join(case.tags)}")
    parts: list[RenderableType] = [header]
    sections = {
        "spot": _spot(case),
        "scene": _scene(case),
        "view": _list(case.view, ("perspective", "lens", "finding")),
        "split": _list(case.split, ("id", "detail", "lens", "severity")),
        "solve": _list(
            case.solve,
            ("id", "action", "addresses", "owner", "cost", "impact", "due", "status", "result"),
        ),
    }
    for index, step in enumerate(STEPS):
        body = sections[step]
        style = "green" if body is not None else "dim"
        parts.append(
            Panel(body or Text("—"), title=titles[index], title_align="left", border_style=style)
        )
    if case.dropped:
        parts.append(Text(f"dropped: {case.dropped}", style="dim"))
    return parts


def _pairs(pairs: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in pairs:
        if value in (None, "", []):
            continue
        shown = (
            " → ".join(value)
            if key == "path"
            else ", ".join(value)
            if isinstance(value, list)
            else str(value)
        )
        grid.add_row(key, Text(shown))
    return grid


def _spot(case: Case) -> RenderableType:
    spot = case.spot
    grid = _pairs(
        [
            ("touchpoint", spot.touchpoint),
            ("channel", spot.channel),
            ("observed", spot.observed),
            ("problem", spot.problem),
            ("severity", spot.severity),
        ]
    )
    if not spot.evidence:
        return grid
    return Group(grid, *(Text(f"  • {item}") for item in spot.evidence))


def _scene(case: Case) -> RenderableType | None:
    if case.scene is None or case.scene.is_empty():
        return None
    return _pairs([(name, getattr(case.scene, name)) for name in type(case.scene).model_fields])


def _list(items: list[Any], fields: tuple[str, ...]) -> RenderableType | None:
    if not items:
        return None
    table = Table(box=box.SIMPLE, pad_edge=False)
    for name in fields:
        table.add_column(name, overflow="fold")
    for item in items:
        row = []
        for name in fields:
            value = getattr(item, name)
            row.append(
                Text(
                    ", ".join(value)
                    if isinstance(value, list)
                    else ""
                    if value is None
                    else str(value)
                )
            )
        table.add_row(*row)
    return table
