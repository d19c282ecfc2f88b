"""The journey in the terminal, with rich."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ssvssj.journey.infer import Journey, Touchpoint
from ssvssj.journey.suggest import Suggestion

HEAT = ("green", "green", "yellow", "dark_orange", "red", "bold red")


def heat_bar(severity: float | None, cases: int) -> Text:
    if severity is None:
        return Text("· no pain spotted", style="dim")
    style = HEAT[min(5, round(severity))]
    return Text.assemble(("█" * min(cases, 12), style), f" {severity:.1f}")


def journey_renderables(journey: Journey) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(
            f"{len(journey.cases)} case(s) · {len(journey.touchpoints)} touchpoint(s) · "
            f"{len(journey.stages)} stage(s)",
            style="bold",
        )
    ]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("stage", overflow="fold", style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("touchpoint", overflow="fold")
    table.add_column("cases", justify="right", no_wrap=True)
    table.add_column("open", justify="right", no_wrap=True)
    table.add_column("pain", no_wrap=True)
    table.add_column("spellings", overflow="fold")
    for stage in journey.stages:
        label = stage.name if stage.pinned else f"{stage.name} *"
        for index, name in enumerate(stage.touchpoints):
            tp = journey.touchpoint(name)
            table.add_row(
                Text(label) if index == 0 else "",
                str(tp.order + 1),
                Text(tp.name),
                str(len(tp.cases)),
                str(tp.open),
                heat_bar(tp.severity, len(tp.cases)),
                Text(", ".join(tp.aliases_seen)),
                end_section=index == len(stage.touchpoints) - 1,
            )
    table.caption = "* emergent stage: inferred between the pinned ones"
    table.caption_justify = "left"
    parts.append(table)
    busiest = sorted(journey.pathways, key=lambda p: (-p.count, p.source, p.target))[:10]
    if busiest:
        paths = Table(title="Busiest pathways", title_justify="left", box=box.SIMPLE_HEAD)
        paths.add_column("from", overflow="fold")
        paths.add_column("to", overflow="fold")
        paths.add_column("count", justify="right")
        paths.add_column("cases on the hand-over", justify="right")
        for p in busiest:
            paths.add_row(Text(p.source), Text(p.target), str(p.count), str(len(p.cases)))
        parts.append(paths)
    if journey.blind_spots:
        parts.append(Text.assemble(("Blind spots: ", "bold"), ", ".join(journey.blind_spots)))
    for cause in journey.recurring:
        parts.append(
            Text.assemble(
                ("Recurring cause: ", "bold"),
                f"{cause.detail} — at {', '.join(cause.touchpoints)} ({len(cause.cases)} cases)",
            )
        )
    gaps = [f"{stage.name}: {', '.join(stage.gaps)}" for stage in journey.stages if stage.gaps]
    if gaps:
        parts.append(Text.assemble(("Missing journey elements: ", "bold"), "; ".join(gaps)))
    return parts


def touchpoint_row(tp: Touchpoint) -> dict[str, object]:
    return {
        "name": tp.name,
        "stage": tp.stage,
        "order": tp.order,
        "cases": len(tp.cases),
        "on_paths": tp.on_paths,
        "spellings": tp.aliases_seen,
    }


def touchpoint_table(journey: Journey) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("touchpoint", overflow="fold")
    table.add_column("stage", overflow="fold")
    table.add_column("cases", justify="right", no_wrap=True)
    table.add_column("on paths", justify="right", no_wrap=True)
    table.add_column("spellings seen", overflow="fold")
    for tp in journey.touchpoints:
        table.add_row(
            str(tp.order + 1),
            Text(tp.name),
            Text(tp.stage),
            str(len(tp.cases)),
            str(tp.on_paths),
            Text(", ".join(tp.aliases_seen)),
        )
    return table


def suggestion_table(found: list[Suggestion]) -> Table:
    table = Table(title="Likely aliases", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("keep", overflow="fold")
    table.add_column("merge", overflow="fold")
    table.add_column("why", overflow="fold")
    for item in found:
        table.add_row(Text(item.keep), Text(item.alias), Text("; ".join(item.reasons)))
    return table
