"""`ssvssj journey …` and `ssvssj touchpoints`: the emergent journey in the terminal and out."""

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ssvssj.cli.common import open_workspace

if TYPE_CHECKING:
    from ssvssj.journey.infer import Journey
    from ssvssj.store.workspace import Workspace

app = typer.Typer(help="The customer journey inferred from all cases.", no_args_is_help=True)

# Spelled out for the type checker; a test holds it equal to ssvssj.journey.exports.FORMATS.
ExportFormat = StrEnum("ExportFormat", "mermaid mermaid-journey dot graphml json csv")

Tag = Annotated[str | None, typer.Option(help="Only cases with this tag.")]
Since = Annotated[
    str | None, typer.Option(help="Only cases observed on or after YYYY-MM-DD (else created).")
]
Until = Annotated[str | None, typer.Option(help="Only cases observed on or before YYYY-MM-DD.")]
MinCount = Annotated[
    int,
    typer.Option(
        "--min-count", min=1, help="Drop pathways seen fewer times (touchpoints stay connected)."
    ),
]
Strict = Annotated[bool, typer.Option(help="Stop on any problem in the workspace.")]


def _date(value: str | None, option: str) -> date | None:
    from ssvssj.errors import UsageError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r}: dates look like YYYY-MM-DD") from None


def build_journey(
    ctx: typer.Context,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_count: int = 1,
    strict: bool = False,
    language: str | None = None,
) -> tuple["Workspace", "Journey"]:
    """The journey of the workspace's valid cases; emergent stages named in `language`."""
    from ssvssj.journey.infer import Filters, infer

    filters = Filters(tag, _date(since, "--since"), _date(until, "--until"), min_count)
    workspace = open_workspace(ctx, strict=strict)
    journey = infer(workspace.cases, workspace.vocabulary, filters, language or workspace.language)
    return workspace, journey


@app.command("show")
def show(
    ctx: typer.Context,
    tag: Tag = None,
    since: Since = None,
    until: Until = None,
    min_count: MinCount = 1,
    strict: Strict = False,
    as_json: Annotated[bool, typer.Option("--json", help="The journey JSON.")] = False,
) -> None:
    """Show the inferred journey: stages in order, touchpoints with pain, pathways, blind spots.

    Example: ssvssj journey show --tag 销售 --since 2026-11-01
    """
    from ssvssj.cli.journey_view import journey_renderables
    from ssvssj.cli.output import console
    from ssvssj.journey.exports import to_json

    _, journey = build_journey(ctx, tag, since, until, min_count, strict)
    if as_json:
        typer.echo(to_json(journey), nl=False)
        return
    out = console()
    for renderable in journey_renderables(journey):
        out.print(renderable)


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="The output format.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
    tag: Tag = None,
    since: Since = None,
    until: Until = None,
    min_count: MinCount = 1,
    strict: Strict = False,
) -> None:
    """Export the journey for a workshop: mermaid, mermaid-journey, dot, graphml, json, csv.

    Example: ssvssj journey export --format dot -o journey.dot
    """
    data, problems = _export_bytes(ctx, fmt.value, tag, since, until, min_count, strict)
    if output is None:
        from ssvssj.fastpath import remember

        remember(sys.argv[1:], data, problems)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ssvssj.store.files import write_atomic

    write_atomic(output, data)


def _export_bytes(
    ctx: typer.Context,
    fmt: str,
    tag: str | None,
    since: str | None,
    until: str | None,
    min_count: int,
    strict: bool,
) -> tuple[bytes, int]:
    """The export's bytes, and how many problems the workspace had."""
    from ssvssj.journey.exports import export as render

    workspace, journey = build_journey(ctx, tag, since, until, min_count, strict)
    data = render(journey, fmt, workspace.config.name).encode("utf-8")
    return (b"\xef\xbb\xbf" + data if fmt == "csv" else data), len(workspace.problems)


def touchpoints(
    ctx: typer.Context,
    suggest: Annotated[
        bool, typer.Option(help="Propose likely aliases to merge, as a touchpoints.yaml snippet.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List touchpoints with case counts and the spellings seen; --suggest proposes aliases.

    Example: ssvssj touchpoints --suggest
    """
    from ssvssj.cli.journey_view import touchpoint_row, touchpoint_table
    from ssvssj.cli.output import console, emit_json

    workspace, journey = build_journey(ctx)
    if suggest:
        _show_suggestions(workspace, journey, as_json)
        return
    if as_json:
        emit_json("touchpoints", {"touchpoints": [touchpoint_row(t) for t in journey.touchpoints]})
        return
    console().print(touchpoint_table(journey))


def _show_suggestions(workspace: "Workspace", journey: "Journey", as_json: bool) -> None:
    from ssvssj.cli.journey_view import suggestion_table
    from ssvssj.cli.output import console, emit_json
    from ssvssj.journey.suggest import snippet, suggest_aliases
    from ssvssj.store.yamlwrite import dump_document

    found = suggest_aliases(journey, workspace.vocabulary)
    if as_json:
        rows = [{"keep": s.keep, "alias": s.alias, "reasons": list(s.reasons)} for s in found]
        emit_json("alias-suggestions", {"suggestions": rows})
        return
    out = console()
    if not found:
        out.print("no likely aliases found", markup=False)
        return
    out.print(suggestion_table(found))
    out.print("# paste into touchpoints.yaml (nothing was changed):", markup=False)
    typer.echo(dump_document(snippet(found, workspace.vocabulary)).decode("utf-8"), nl=False)
