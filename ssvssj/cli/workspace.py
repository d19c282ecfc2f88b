"""Workspace-wide commands: init, check, schema."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ssvssj.cli.common import workspace_root


class Language(StrEnum):
    zh = "zh"
    en = "en"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("check")(check)
    app.command("schema")(schema)


def init(
    directory: Annotated[Path, typer.Argument(help="Where to make the workspace.")] = Path("."),
    name: Annotated[str | None, typer.Option(help="Engagement name, shown in reports.")] = None,
    language: Annotated[Language, typer.Option(help="Report language.")] = Language.zh,
) -> None:
    """Make a workspace: ssvssj.yaml, cases/, touchpoints.yaml, .gitignore.

    Example: ssvssj init acme-cx --name "Acme 2026 体验改善" --language zh
    """
    from ssvssj.cli.output import console
    from ssvssj.store.scaffold import make_workspace

    written = make_workspace(directory, name or directory.resolve().name, language.value)
    out = console()
    for path in written:
        out.print(f"created {path}", markup=False)
    out.print("next: ssvssj case new", markup=False)


def check(
    ctx: typer.Context,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text, json, or github (Actions annotations).")
    ] = CheckFormat.text,
) -> None:
    """Validate every file of the workspace and list every problem; exit 1 if there are any.

    Example: ssvssj check --format github
    """
    from ssvssj.cli.output import ProgressBar, console, draft_lines, emit_json, print_problems
    from ssvssj.store.scan import outline
    from ssvssj.store.store import draft_notes

    bar = ProgressBar("checking cases")
    root = workspace_root(ctx)
    try:
        found = outline(root, progress=bar)
    finally:
        bar.close()
    valid = len(found.rows)
    problems = sorted(found.problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
    drafts = draft_notes(root, {row["id"]: file for file, row in found.rows})
    if output_format is CheckFormat.json:
        emit_json(
            "check",
            {
                "cases": valid,
                "problems": [p.to_json() for p in problems],
                "drafts": [note.to_json() for note in drafts],
            },
        )
    elif output_format is CheckFormat.github:
        for problem in problems:
            line = f",line={problem.line}" if problem.line else ""
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            typer.echo(f"::error file={problem.file}{line}::{_github_escape(message)}")
    else:
        print_problems(problems, stderr=False)
        files = len({p.file for p in problems})
        summary = f"{valid} valid case(s); {len(problems)} problem(s)"
        summary += f" in {files} file(s)" if problems else ""
        console().print(summary, style="red" if problems else "green", markup=False)
        for line in draft_lines(drafts):
            console().print(line, markup=False)
    if problems:
        raise typer.Exit(1)


def _github_escape(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of a case file, for editors with the YAML language server.

    Example: ssvssj schema -o .ssvssj/case.schema.json
    """
    from ssvssj.method.schema import case_schema_json

    text = case_schema_json()
    if output is None:
        typer.echo(text, nl=False)
        return
    from ssvssj.store.files import write_atomic

    write_atomic(output, text.encode("utf-8"))
