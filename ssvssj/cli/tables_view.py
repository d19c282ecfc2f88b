"""The import plan as a table."""

from rich import box
from rich.table import Table
from rich.text import Text

from ssvssj.voc.importing import Plan


def plan_table(plan: Plan) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("row", justify="right", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("touchpoint", overflow="fold", max_width=16)
    table.add_column("observed", no_wrap=True)
    table.add_column("outcome", overflow="fold")
    for planned in plan.rows:
        if planned.doc is None:
            table.add_row(str(planned.row), "", "", "", Text(f"skip: {planned.reason}", "yellow"))
            continue
        spot = planned.doc["spot"]
        table.add_row(
            str(planned.row),
            Text(planned.doc["title"]),
            Text(spot["touchpoint"]),
            str(spot.get("observed", "")),
            Text("create", "green"),
        )
    return table
