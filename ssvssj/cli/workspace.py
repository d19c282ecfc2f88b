"""Workspace-wide commands: init, check, schema."""

import shlex
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
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to make the workspace.")] = Path("."),
    name: Annotated[str | None, typer.Option(help="Engagement name, shown in reports.")] = None,
    language: Annotated[Language, typer.Option(help="Report language.")] = Language.zh,
    force: Annotated[
        bool, typer.Option("--force", help="Make it even inside another workspace.")
    ] = False,
) -> None:
    """Make a workspace: ssvssj.yaml, cases/, touchpoints.yaml, .gitignore.

    Example: ssvssj init acme-cx --name "Acme 2026 体验改善" --language zh
    """

    from ssvssj.cli.output import console, shown_name
    from ssvssj.i18n import set_language, tr
    from ssvssj.store.scaffold import enclosing_workspace, make_workspace

    if not (ctx.find_root().obj or {}).get("language"):
        set_language(language.value)
    outer = enclosing_workspace(directory)
    if outer is not None and not force:
        from ssvssj.errors import UsageError

        raise UsageError(
            tr(
                "{directory} is inside the workspace {outer}: its cases would mix with this one's",
                "{directory} 在工作区 {outer} 之内：两个工作区的案例会混在一起",
                directory=directory,
                outer=outer,
            ),
            tr(
                "choose a folder outside it, or pass --force to make it anyway",
                "请换一个不在其中的文件夹，或加 --force 仍然新建",
            ),
        )
    written = make_workspace(directory, name or directory.resolve().name, language.value)
    out = console()
    for path in written:
        out.print(tr("created {path}", "已创建 {path}", path=shown_name(str(path))), markup=False)
    out.print(tr("Next:", "下一步："), markup=False)
    if directory.resolve() != Path.cwd().resolve():
        out.print(f"  cd {_shell_word(str(directory))}", markup=False)
    for command, why in (
        ("ssvssj case new", tr("record the first case", "记录第一个案例")),
        ("ssvssj check", tr("check every file", "检查每个文件")),
        ("ssvssj report all", tr("write the reports into reports/", "把报告写入 reports/")),
    ):
        out.print(f"  {command:<20} # {why}", markup=False)


def _shell_word(text: str) -> str:
    """`text` as one word a shell reads back, on one line: a name holding a control or an
    invisible character is written in bash's $'…' quoting, with those characters escaped."""
    from ssvssj.cli.output import shown_name

    shown = shown_name(text)
    if shown == text:
        return shlex.quote(text)
    return "$'" + shown.replace("'", "\\'") + "'"


def check(
    ctx: typer.Context,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text, json, or github (Actions annotations).")
    ] = CheckFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Method warnings fail the check too (exit 1).")
    ] = False,
) -> None:
    """Validate every file of the workspace and list every problem; exit 1 if there are any.

    Method rules (a verified solution with no result, a case with no customer view …) are
    warnings: shown and counted; ssvssj.yaml `rules:` makes one an error or turns it off.

    Example: ssvssj check --format github
    """
    from ssvssj.cli.output import (
        ProgressBar,
        console,
        draft_lines,
        emit_json,
        one_line,
        print_lines,
        problem_order,
        shown_findings,
        shown_name,
        shown_problem,
    )
    from ssvssj.i18n import tr
    from ssvssj.store.checked import check_workspace
    from ssvssj.store.drafts import draft_notes, private_folder_problems

    bar = ProgressBar(tr("checking cases", "正在检查案例"))
    root = workspace_root(ctx)
    try:
        checked = check_workspace(root, bar)
    finally:
        bar.close()
    valid_files, findings = checked.files, checked.findings
    found_problems = checked.problems
    valid = len(valid_files)
    problems = sorted(
        [*found_problems, *private_folder_problems(root)],
        key=lambda p: (p.file, p.line or 0, p.field or ""),
    )
    drafts = draft_notes(root, valid_files)
    errors = [f for f in findings if f.level == "error" or strict]
    warnings = [f for f in findings if not (f.level == "error" or strict)]
    error_ids = {id(finding) for finding in errors}
    if output_format is CheckFormat.json:
        emit_json(
            "check",
            {
                "cases": valid,
                "problems": [p.to_json() for p in problems] + [f.to_json() for f in errors],
                "warnings": [f.to_json() for f in warnings],
                "drafts": [note.to_json() for note in drafts],
            },
        )
    elif output_format is CheckFormat.github:
        for problem in problems:
            line = f",line={problem.line}" if problem.line else ""
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            file = _github_property(shown_name(problem.file))
            typer.echo(f"::error file={file}{line}::{_github_escape(one_line(message))}")
        for finding in findings:
            kind = "error" if id(finding) in error_ids else "warning"
            line = f",line={finding.line}" if finding.line else ""
            place = f"file={_github_property(shown_name(finding.file))}{line},title={finding.rule}"
            typer.echo(f"::{kind} {place}::{_github_escape(one_line(finding.message))}")
    else:
        files = len({p.file for p in problems} | {f.file for f in errors})
        failed = len(problems) + len(errors)
        summary = (
            tr(
                "{valid} valid case(s); {n} problem(s) in {files} file(s)",
                "{valid} 个有效案例；{files} 个文件中有 {n} 个问题",
                valid=valid,
                n=failed,
                files=files,
            )
            if failed
            else tr(
                "{valid} valid case(s); 0 problems",
                "{valid} 个有效案例；没有问题",
                valid=valid,
            )
        )
        if warnings:
            summary += tr(
                "; {count} method warning(s)", "；{count} 条方法提醒", count=len(warnings)
            )
        print_lines(  # the summary too: rich is imported only where a colour is shown
            [(shown_problem(p), "red") for p in sorted(problems, key=problem_order)]
            + [
                (line, "red" if id(f) in error_ids else "yellow")
                for f, line in zip(findings, shown_findings(findings), strict=True)
            ]
            + [(summary, "red" if failed else "green")],
            one_lines=True,
        )
        notes = draft_lines(drafts)
        if notes:
            out = console()
            for line in notes:
                out.print(line, markup=False)
    if problems or errors:
        raise typer.Exit(1)


def _github_escape(message: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped, as GitHub's runner reads them,
    and any other control character shown as an escape (a log is a terminal too)."""
    from ssvssj.cli.output import visible

    return visible(message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(value: str) -> str:
    """A workflow command's property (a file name): `:` and `,` too, so that a file named
    `x,line=999,title=forged::y.yaml` cannot add properties or end the command early."""
    return _github_escape(value).replace(":", "%3A").replace(",", "%2C")


def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of a case file, for editors with the YAML language server.

    Example: ssvssj schema -o .ssvssj/case.schema.json
    """
    from ssvssj.i18n import language
    from ssvssj.method.schema import case_schema_json

    text = case_schema_json(language())
    if output is None:
        typer.echo(text, nl=False)
        return
    from ssvssj.store.files import write_output

    write_output(output, text.encode("utf-8"))
