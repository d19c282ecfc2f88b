"""`ssvssj report …`: Markdown reports for the client team."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ssvssj.cli.journey import Customer, Strict, build_journey

if TYPE_CHECKING:
    from ssvssj.reports.sets import Reports

# Spelled out for the type checker; a test holds them equal to the reports and languages.
ReportKind = StrEnum("ReportKind", "case portfolio journey index all progress")
ReportLanguage = StrEnum("ReportLanguage", "zh en")

REPORTS_DIR = "reports"


def report(
    ctx: typer.Context,
    kind: Annotated[
        ReportKind, typer.Argument(help="case, portfolio, journey, index, all, or progress (git).")
    ],
    case_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The case, for `report case`.")
    ] = None,
    lang: Annotated[
        ReportLanguage | None,
        typer.Option("--lang", help="Report language (default: the workspace's)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="A file; for `all`, a folder (default: reports/)."),
    ] = None,
    strict: Strict = False,
    since: Annotated[
        str | None,
        typer.Option(help="For `report progress`: the git revision to report progress since."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="For `report progress`: up to this revision (default: the working tree)."
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            help="Inside git, the portfolio shows the loop's timing from commit dates; "
            "--no-history leaves it out."
        ),
    ] = True,
    customer: Customer = None,
) -> None:
    """Render Markdown reports; `all` writes every report into reports/ under stable names.

    Only files whose content changed are written, so git and editors see no churn.
    `progress --since REV` reports what moved since a git revision.

    Example: ssvssj report all --lang en
    """
    if kind.value == "progress":
        from ssvssj.cli.history import progress_report
        from ssvssj.errors import UsageError

        if since is None:
            raise UsageError(
                "report progress needs --since REV", "ssvssj report progress --since main"
            )
        if case_id is not None:
            raise UsageError("report progress takes no case ID")
        progress_report(ctx, since, until, lang.value if lang else None, output)
        return
    from ssvssj.cli.output import console
    from ssvssj.errors import UsageError
    from ssvssj.reports.sets import Reports
    from ssvssj.store.ids import resolve

    workspace, journey = build_journey(
        ctx, strict=strict, language=lang.value if lang else None, customer=customer
    )
    language = journey.language
    loop = None
    if history and kind.value in ("portfolio", "all"):
        from ssvssj.cli.history import loop_timing

        loop = loop_timing(workspace)
    reports = Reports(journey, workspace.config.name, language, workspace.root / "templates", loop)
    if kind.value == "all":
        target = output if output is not None else workspace.root / REPORTS_DIR
        written, unchanged, removed = _write_all(target, reports)
        console(stderr=True).print(
            f"{target}: {written} written, {unchanged} unchanged, {removed} removed",
            markup=False,
        )
        return
    if kind.value == "case":
        if case_id is None:
            raise UsageError("report case needs a case ID", "ssvssj report case 20261102-k3f9")
        text = reports.case(resolve(case_id, workspace.files, workspace.problems))
    else:
        if case_id is not None:
            raise UsageError(f"report {kind.value} takes no case ID")
        text = reports.overview(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    from ssvssj.store.files import write_if_changed

    write_if_changed(output, text.encode("utf-8"))


def _write_all(target: Path, reports: "Reports") -> tuple[int, int, int]:
    """Write what changed, and remove case reports whose case is gone."""
    from ssvssj.cli.output import progress
    from ssvssj.store.files import write_if_changed
    from ssvssj.store.ids import is_valid_id

    written = unchanged = removed = 0
    names = reports.names()
    with progress("writing reports", len(names)) as advance:
        for rel in names:
            if write_if_changed(target / rel, reports.text(rel).encode("utf-8")):
                written += 1
            else:
                unchanged += 1
            advance()
    case_dir = target / "cases"
    if case_dir.is_dir():
        for stale in sorted(case_dir.glob("*.md")):
            if is_valid_id(stale.stem) and f"cases/{stale.name}" not in names:
                stale.unlink()
                removed += 1
    return written, unchanged, removed
