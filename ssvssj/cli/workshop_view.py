"""The facilitator's views in the terminal: agreement with journey.yaml, variants, the plan."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from ssvssj.cli.layout import Column, FitTable, Paragraph
from ssvssj.i18n import tr
from ssvssj.journey.gaps import Gap, element_word, listing
from ssvssj.journey.infer import Journey
from ssvssj.journey.variants import share, variants


def agreement_renderables(journey: Journey) -> list[RenderableType]:
    """Where the cases disagree with the agreed journey; nothing without journey.yaml."""
    found = journey.agreement
    if found is None:
        return []
    lang = journey.language
    day = found.validated_on.isoformat() if found.validated_on else "—"
    parts: list[RenderableType] = [
        Paragraph(
            tr(
                "Agreed journey (journey.yaml), validated on {day}: "
                "{after} case(s) made since then",
                "共识旅程（journey.yaml），最近验证于 {day}：此后新增 {after} 个案例",
                day=day,
                after=found.cases_after,
            ),
            style="bold",
        )
    ]
    if found.agrees:
        parts.append(Paragraph(tr("The cases agree with it.", "案例与共识旅程一致。")))
        return parts
    table = FitTable(
        [
            Column(tr("disagreement", "不一致之处")),
            Column(tr("where", "位置")),
            Column(tr("paths", "路径数"), "right", breaks=False),
        ]
    )
    for earlier, later, count in found.reversed_pairs:
        table.add_row(
            tr("paths order them the other way", "路径的顺序与共识相反"),
            Text(f"{earlier} → {later}"),
            str(count),
        )
    for name in found.unplaced:
        table.add_row(tr("not in the agreed order", "不在共识顺序中"), Text(name), "")
    for source, target, count in found.rejected_seen:
        table.add_row(
            tr("rejected pathway taken again", "已排除的通路再次出现"),
            Text(f"{source} → {target}"),
            str(count),
        )
    for stage, missing in found.stages_missing:
        table.add_row(
            tr("stage lacks evidence of", "阶段缺少证据"),
            Text(
                tr(
                    "{stage}: {elements}",
                    "{stage}：{elements}",
                    stage=stage,
                    elements=listing((element_word(m, lang) for m in missing), lang),
                )
            ),
            "",
        )
    parts.append(table)
    return parts


def variants_table(journey: Journey, top: int) -> FitTable:
    found = variants(journey, top)
    table = FitTable(
        [
            Column(tr("#", "序"), "right", breaks=False),
            Column(tr("cases", "案例"), "right", breaks=False),
            Column(tr("share", "占比"), "right", breaks=False),
            Column(tr("path", "客户路径")),
        ],
        title=tr(
            "Variants: all {total} distinct paths ({cases} case(s))",
            "常见路径：全部 {total} 种路径（{cases} 个案例）",
            total=len(found),
            cases=len(journey.cases),
        )
        if len(found) == len(variants(journey))
        else tr(
            "Variants: the top {shown} of {total} distinct paths ({cases} case(s))",
            "常见路径：前 {shown} 种，共 {total} 种路径（{cases} 个案例）",
            shown=len(found),
            total=len(variants(journey)),
            cases=len(journey.cases),
        ),
    )
    for index, variant in enumerate(found, start=1):
        table.add_row(
            str(index),
            str(variant.count),
            f"{share(variant, journey):.0%}",
            Text(" → ".join(variant.path)),
        )
    return table


def plan_table(plan: list[Gap]) -> FitTable:
    table = FitTable(
        [
            Column(tr("#", "序"), "right", breaks=False),
            Column(tr("where", "位置")),
            Column(tr("why", "原因")),
        ],
        title=tr("Observation plan (where to look next)", "观察计划（下一步去哪里看）"),
    )
    for index, gap in enumerate(plan, start=1):
        table.add_row(str(index), Text(" → ".join(gap.where)), Text(gap.why))
    if not plan:
        table.caption = tr("no gaps found", "没有发现缺口")
    return table
