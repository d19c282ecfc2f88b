"""The import plan as a table."""

from rich.text import Text

from ssvssj.cli.layout import Column, FitTable
from ssvssj.i18n import tr
from ssvssj.voc.importing import Plan


def plan_table(plan: Plan) -> FitTable:
    table = FitTable(
        [
            Column(tr("row", "行"), "right", breaks=False),
            Column(tr("title", "标题")),
            Column(tr("touchpoint", "触点")),
            Column(tr("observed", "观察日期"), breaks=False),
            Column(tr("outcome", "结果")),
        ]
    )
    for planned in plan.rows:
        if planned.doc is None:
            skip = tr("skip: {reason}", "跳过：{reason}", reason=planned.reason)
            table.add_row(str(planned.row), "", "", "", Text(skip, "yellow"))
            continue
        spot = planned.doc["spot"]
        table.add_row(
            str(planned.row),
            Text(planned.doc["title"]),
            Text(spot["touchpoint"]),
            str(spot.get("observed", "")),
            Text(tr("create", "新建"), "green"),
        )
    return table
