"""The import plan as a table."""

from rich import box
from rich.table import Table
from rich.text import Text

from ssvssj.i18n import tr
from ssvssj.voc.importing import Plan


def plan_table(plan: Plan) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(tr("row", "行"), justify="right", no_wrap=True)
    table.add_column(tr("title", "标题"), overflow="fold")
    table.add_column(tr("touchpoint", "触点"), overflow="fold", max_width=16)
    table.add_column(tr("observed", "观察日期"), no_wrap=True)
    table.add_column(tr("outcome", "结果"), overflow="fold")
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
