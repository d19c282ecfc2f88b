"""`ssvssj import`: voice-of-customer exports become Spot-step cases."""

from pathlib import Path
from typing import Annotated

import typer

from ssvssj.cli.common import open_workspace, today


def import_cases(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx export.")],
    mapping: Annotated[
        str,
        typer.Option(
            "--map",
            help="Case field = column header, comma-separated: title, touchpoint, problem "
            "(touchpoint and problem required), observed, channel, evidence, severity, tags, "
            "consultant.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created; write nothing.")
    ] = False,
    sheet: Annotated[str | None, typer.Option(help="The xlsx sheet (default: the first).")] = None,
) -> None:
    """Turn complaints, survey verbatims or tickets into Spot-step cases, one per row.

    CSV may be UTF-8 (with or without BOM) or GBK/GB18030. A row already imported (same
    touchpoint, problem and date as an existing case) is skipped, so importing twice is safe.

    Example: ssvssj import 投诉.csv --map title=标题,touchpoint=门店,problem=投诉内容,observed=日期
    """
    from ssvssj.cli.output import console, progress
    from ssvssj.cli.tables_view import plan_table
    from ssvssj.store.store import create_case
    from ssvssj.voc.importing import parse_mapping, plan_import
    from ssvssj.voc.tables import read_table

    columns, rows, encoding = read_table(source, sheet)
    fields = parse_mapping(mapping, columns)
    workspace = open_workspace(ctx)
    plan = plan_import(rows, fields, workspace.cases, workspace.vocabulary, source.name)
    err = console(stderr=True)
    err.print(f"read {len(rows)} row(s) from {source.name} ({encoding})", markup=False)
    if dry_run:
        console().print(plan_table(plan))
    else:
        created = []
        with progress("importing", len(plan.creating)) as advance:
            for planned in plan.creating:
                assert planned.doc is not None
                _, path = create_case(workspace, planned.doc, today())
                created.append(path)
                advance()
        for path in created:
            typer.echo(path.relative_to(workspace.root).as_posix())
    verb = "would create" if dry_run else "created"
    err.print(f"{verb} {len(plan.creating)}, skipped {len(plan.skipping)}", markup=False)
    for skipped in plan.skipping:
        err.print(f"  row {skipped.row}: {skipped.reason}", markup=False)
