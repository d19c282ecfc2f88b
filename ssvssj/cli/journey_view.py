"""The journey in the terminal, with rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from ssvssj.cli.layout import Column, FitTable, Paragraph
from ssvssj.i18n import joined, tr
from ssvssj.journey.infer import Cause, Journey, Touchpoint

if TYPE_CHECKING:
    from ssvssj.journey.suggest import Suggestion

HEAT = ("green", "green", "yellow", "dark_orange", "red", "bold red")


def heat_bar(severity: float | None, cases: int) -> Text:
    """The pains here as a bar by their mean severity; pains none has rated yet are counted as
    unrated, never passed off as no pain."""
    if severity is None and cases:
        return Text(tr("{count} unrated", "{count} 个未评", count=cases), style="yellow")
    if severity is None:
        return Text(tr("· no pain spotted", "· 未发现痛点"), style="dim")
    style = HEAT[min(5, round(severity))]
    return Text.assemble(("█" * min(cases, 12), style), f" {severity:.1f}")


def journey_renderables(journey: Journey) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(
            tr(
                "{cases} case(s) · {touchpoints} touchpoint(s) · {stages} stage(s)",
                "{cases} 个案例 · {touchpoints} 个触点 · {stages} 个阶段",
                cases=len(journey.cases),
                touchpoints=len(journey.touchpoints),
                stages=len(journey.stages),
            ),
            style="bold",
        )
    ]
    if journey.segment:
        parts.append(Text(tr("customer segment: {text}", "客户细分：{text}", text=journey.segment)))
    if not journey.touchpoints:
        parts.append(Text(nothing_to_show(), style="yellow"))
        return parts
    parts.append(_touchpoints_by_stage(journey))
    busiest = sorted(journey.pathways, key=lambda p: (-p.count, p.source, p.target))[:10]
    if busiest:
        paths = FitTable(
            [
                Column(tr("from", "从")),
                Column(tr("to", "到")),
                Column(tr("count", "次数"), "right", breaks=False),
                Column(tr("cases spotted at its ends", "在两端发现的案例"), "right", breaks=False),
                Column(tr("handover problems", "交接问题"), "right", breaks=False),
            ],
            title=tr("Busiest pathways", "最繁忙的通路"),
            pad_edge=True,
        )
        for p in busiest:
            paths.add_row(
                Text(p.source),
                Text(p.target),
                str(p.count),
                str(len(p.cases)),
                Text(str(len(p.problems)), style="red") if p.problems else "0",
            )
        parts.append(paths)
    handovers = [p for p in journey.pathways if p.problems]
    for p in handovers:
        parts.append(
            Text.assemble(
                (tr("Handover problem: ", "交接问题："), "bold red"),
                tr(
                    "{source} → {target}: {cases}",
                    "{source} → {target}：{cases}",
                    source=p.source,
                    target=p.target,
                    cases=_joined(p.problems),
                ),
            )
        )
    hot = journey.hot_spots[:5]
    if hot:
        parts.append(
            Text.assemble(
                (tr("Hot spots: ", "热点："), "bold"),
                _joined(
                    [
                        tr("{name} ({open})", "{name}（{open}）", name=t.name, open=t.open)
                        for t in hot
                    ]
                ),
            )
        )
    if journey.blind_spots:
        parts.append(
            Text.assemble((tr("Blind spots: ", "盲区："), "bold"), _joined(journey.blind_spots))
        )
    for cause in journey.recurring:
        parts.append(
            Text.assemble(
                (tr("Recurring cause: ", "反复出现的根因："), "bold"),
                tr(
                    "{detail} — at {touchpoints} ({n} cases)",
                    "{detail}——出现在 {touchpoints}（{n} 个案例）",
                    detail=cause.detail,
                    touchpoints=_joined(cause.touchpoints),
                    n=len(cause.cases),
                ),
            )
        )
    for root in journey.causes:
        if len(root.cases) >= 2:
            parts.append(
                Text.assemble((tr("Root cause: ", "反复出现的根因："), "bold"), cause_line(root))
            )
    gaps = [
        tr(
            "{stage}: {missing}",
            "{stage}：{missing}",
            stage=stage.name,
            missing=_elements(stage.gaps),
        )
        for stage in journey.stages
        if stage.gaps
    ]
    if gaps:
        parts.append(
            Text.assemble(
                (tr("Journey elements lacking evidence: ", "旅程四要素待补充："), "bold"),
                tr("; ", "；").join(gaps),
            )
        )
    return [Paragraph(part) if isinstance(part, Text) else part for part in parts]


def _joined(names: list[str]) -> str:
    return joined(names)


def _elements(gaps: list[str]) -> str:
    words = {
        "touchpoints": tr("touchpoints", "触点"),
        "pathways": tr("pathways", "通路"),
        "scenes": tr("scenes", "场景"),
        "pains": tr("pains", "痛点"),
    }
    return _joined([words.get(gap, gap) for gap in gaps])


def _touchpoints_by_stage(journey: Journey) -> FitTable:
    """Each stage's touchpoints in order, with their pain, owner and marks."""
    table = FitTable(
        [
            Column(tr("stage", "阶段"), style="bold"),
            Column(tr("#", "序"), "right", breaks=False),
            Column(tr("touchpoint", "触点")),
            Column(tr("cases", "案例"), "right", breaks=False),
            Column(tr("open", "未解决"), "right", breaks=False),
            Column(tr("pain", "痛点")),
            Column(tr("gains", "亮点"), "right", breaks=False),
            Column(tr("marks", "标记")),
            Column(tr("owner", "负责部门")),
            Column(tr("spellings", "其他写法")),
        ]
    )
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
                str(len(tp.gains)) if tp.gains else "",
                " ".join(_marks(tp)),
                Text(tp.owner or ""),
                Text(_joined(tp.aliases_seen)),
                end_section=index == len(stage.touchpoints) - 1,
            )
    notes = []
    if any(_marks(tp) for tp in journey.touchpoints):
        notes.append(
            tr(
                'marks: "key" is a moment of truth, "brand" a brand promise (must be done well)',
                "标记：“关键”即关键时刻，“品牌”即品牌主张（必须做好）",
            )
        )
    if any(not stage.pinned for stage in journey.stages):
        notes.append(
            tr(
                "* a stage not named in the vocabulary: grouped from the cases' paths",
                "* 未命名阶段：触点词表没有为其中的触点命名阶段，按案例中的客户路径归组",
            )
        )
    table.caption = "\n".join(notes) or None
    return table


def _marks(tp: Touchpoint) -> list[str]:
    """Short marks for a moment of truth and a brand promise, explained under the table."""
    marks = []
    if tp.key:
        marks.append(tr("key", "关键"))
    if tp.promise == "brand":
        marks.append(tr("brand", "品牌"))
    return marks


def cause_line(cause: Cause) -> str:
    """A root cause in one line: where it shows, and what addresses it."""
    addressed = _joined([f"{case_id} {solution_id}" for case_id, solution_id in cause.solutions])
    return tr(
        "{name} — {cases} case(s) at {touchpoints}; addressed by: {addressed}",
        "{name}——{cases} 个案例，在{touchpoints}；针对它的方案：{addressed}",
        name=cause.name,
        cases=len(cause.cases),
        touchpoints=_joined(cause.touchpoints),
        addressed=addressed or "—",
    )


def cause_table(causes: list[Cause]) -> FitTable:
    table = FitTable(
        [
            Column(tr("cause", "根因")),
            Column(tr("cases", "案例"), "right", breaks=False),
            Column(tr("touchpoints", "触点")),
            Column(tr("solutions", "方案")),
            Column(tr("verified", "已验证"), "right", breaks=False),
            Column(tr("owner", "负责部门")),
        ]
    )
    for cause in causes:
        table.add_row(
            Text(cause.name),
            str(len(cause.cases)),
            Text(_joined(cause.touchpoints)),
            Text(_joined([f"{c} {s}" for c, s in cause.solutions])),
            str(len(cause.verified)),
            Text(cause.owner or ""),
        )
    return table


def cause_row(cause: Cause) -> dict[str, object]:
    return {
        "name": cause.name,
        "cases": cause.cases,
        "touchpoints": cause.touchpoints,
        "solutions": [{"case": c, "solution": s} for c, s in cause.solutions],
        "verified": [{"case": c, "solution": s} for c, s in cause.verified],
        "owner": cause.owner,
    }


def touchpoint_row(tp: Touchpoint) -> dict[str, object]:
    return {
        "name": tp.name,
        "stage": tp.stage,
        "order": tp.order,
        "cases": len(tp.cases),
        "on_paths": tp.on_paths,
        "spellings": tp.aliases_seen,
        "gains": len(tp.gains),
        "touched": len(tp.touched),
        "blind": tp.blind,
        "owner": tp.owner,
        "channel": tp.channel,
        "key": tp.key,
        "promise": tp.promise,
    }


def nothing_to_show() -> str:
    """Said in place of an empty table: a journey is drawn from valid cases only."""
    return tr(
        "no touchpoint to show: no valid case passes the filters (record one with "
        "`ssvssj case new`; `ssvssj check` tells why a file was skipped)",
        "没有可显示的触点：没有符合条件的有效案例（可用 `ssvssj case new` 记录；"
        "文件被跳过的原因见 `ssvssj check`）",
    )


def touchpoint_table(journey: Journey) -> FitTable:
    table = FitTable(
        [
            Column(tr("#", "序"), "right", breaks=False),
            Column(tr("touchpoint", "触点")),
            Column(tr("stage", "阶段")),
            Column(tr("pains", "痛点"), "right", breaks=False),
            Column(tr("gains", "亮点"), "right", breaks=False),
            Column(tr("on paths", "客户路径经过"), "right", breaks=False),
            Column(tr("spellings seen", "其他写法")),
        ]
    )
    for tp in journey.touchpoints:
        table.add_row(
            str(tp.order + 1),
            Text(tp.name),
            Text(tp.stage),
            str(len(tp.cases)),
            str(len(tp.gains)),
            str(tp.on_paths),
            Text(_joined(tp.aliases_seen)),
        )
    return table


def suggestion_table(found: list[Suggestion], title: str) -> FitTable:
    """Likely aliases to merge, under a title naming what they are aliases of."""
    table = FitTable(
        [Column(tr("keep", "保留")), Column(tr("merge", "归入")), Column(tr("why", "原因"))],
        title=title,
        pad_edge=True,
    )
    for item in found:
        table.add_row(Text(item.keep), Text(item.alias), Text(tr("; ", "；").join(item.reasons)))
    return table
