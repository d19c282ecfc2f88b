"""`ssvssj import`: voice-of-customer exports become Spot-step cases."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ssvssj.cli.common import open_workspace, today
from ssvssj.i18n import tr

if TYPE_CHECKING:
    from ssvssj.store.workspace import Workspace
    from ssvssj.voc.importing import Plan


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
    from ssvssj.cli.output import console, shown_name
    from ssvssj.cli.tables_view import plan_table
    from ssvssj.voc.importing import parse_mapping, plan_import
    from ssvssj.voc.tables import read_table

    table = read_table(source, sheet)
    fields = parse_mapping(mapping, table.columns)
    workspace = open_workspace(ctx)
    plan = plan_import(table.rows, fields, workspace.cases, workspace.vocabulary, source.name)
    _validate_plan(workspace, plan)
    err = console(stderr=True)
    err.print(
        tr(
            "read {rows} row(s) from {name} ({encoding})",
            "从 {name} 读取了 {rows} 行（{encoding}）",
            rows=len(table.rows),
            name=source.name,
            encoding=(
                tr("an Excel workbook", "Excel 工作簿")
                if table.encoding == "xlsx"
                else table.encoding
            ),
        ),
        markup=False,
    )
    if dry_run:
        console().print(plan_table(plan))
    else:
        for path in _create_all(workspace, plan):
            typer.echo(shown_name(path.relative_to(workspace.root).as_posix()))
    counts = {"made": len(plan.creating), "skipped": len(plan.skipping)}
    err.print(
        tr(
            "would create {made}, skipped {skipped}",
            "将新建 {made} 个案例，跳过 {skipped} 行",
            **counts,
        )
        if dry_run
        else tr(
            "created {made}, skipped {skipped}", "已新建 {made} 个案例，跳过 {skipped} 行", **counts
        ),
        markup=False,
    )
    for skipped in plan.skipping:
        err.print(
            tr(
                "  row {row}: {reason}",
                "  第 {row} 行：{reason}",
                row=skipped.row,
                reason=skipped.reason,
            ),
            markup=False,
        )


def _validate_plan(workspace: "Workspace", plan: "Plan") -> None:
    """Every case the import would create is built and checked before the first is written: a
    row that would not make a valid case is skipped with its reason, never half imported."""
    from ssvssj.errors import InvalidCase
    from ssvssj.store.ids import new_id
    from ssvssj.store.store import prepare_case

    for planned in plan.creating:
        assert planned.doc is not None
        try:
            prepare_case(workspace, planned.doc, today(), new_id(today()))
        except InvalidCase as error:
            problem = error.problems[0] if error.problems else None
            reason = (
                f"{problem.field}: {problem.message}"
                if problem is not None and problem.field
                else (problem.message if problem is not None else error.message)
            )
            planned.doc, planned.reason = None, reason


def _create_all(workspace: "Workspace", plan: "Plan") -> list[Path]:
    """Write the planned cases; if writing fails part way (a full disk, a read-only folder),
    the cases this import made are removed again, so it is all or nothing."""
    from ssvssj.cli.output import progress
    from ssvssj.errors import EnvironmentFailure, from_os_error
    from ssvssj.store.store import create_case

    created: list[Path] = []
    try:
        with progress("importing", len(plan.creating)) as advance:
            for planned in plan.creating:
                assert planned.doc is not None
                _, path = create_case(workspace, planned.doc, today())
                created.append(path)
                advance()
    except OSError as error:
        _remove(created)
        failure = from_os_error(error)
        raise EnvironmentFailure(
            tr(
                "{reason}; nothing was imported (the {count} case(s) written before were removed)",
                "{reason}；没有导入任何内容（之前写入的 {count} 个案例已删除）",
                reason=failure.message,
                count=len(created),
            ),
            failure.hint,
        ) from None
    except BaseException:
        _remove(created)
        raise
    return created


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
