"""The command line: thin typer commands over the core. The only place that prints.

Heavy modules (pydantic, yaml, networkx, jinja2) are imported inside the commands that need
them, so `ssvssj --help` and `--version` start fast.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click import exceptions as parsing
from typer.core import TyperGroup

from ssvssj import __version__
from ssvssj.cli import case as case_commands
from ssvssj.cli import coercion, importer
from ssvssj.cli import history as history_commands
from ssvssj.cli import journey as journey_commands
from ssvssj.cli import report as report_commands
from ssvssj.cli import workspace as workspace_commands
from ssvssj.errors import SsvssjError

coercion.install()  # option values parsed without building a pydantic adapter per option

EXIT_CODES = "Exit codes: 0 ok, 1 problems found, 2 usage or input error."


class _Group(TyperGroup):
    """Turns every expected failure into one clear message and its exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """A NUL byte can name no file and no case: refuse it before anything uses it. Bytes
        that are not text in the terminal's encoding reach Python as lone surrogates: refuse
        them here, naming the argument, before they reach a case file."""
        if any("\x00" in arg for arg in args):
            from ssvssj.errors import UsageError
            from ssvssj.i18n import tr

            _set_language_before_start(args)
            _refuse(UsageError(tr("arguments may not contain NUL bytes", "参数中不能有 NUL 字节")))
        for position, arg in enumerate(args):
            if any("\udc80" <= char <= "\udcff" for char in arg):
                from ssvssj.errors import UsageError
                from ssvssj.i18n import tr

                _set_language_before_start(args)
                option = (
                    args[position - 1] if position and args[position - 1].startswith("-") else ""
                )
                _refuse(
                    UsageError(
                        tr(
                            "{option} is not readable text: it holds bytes that are not UTF-8 "
                            "(argument {n})",
                            "{option} 不是可读的文字：其中有不是 UTF-8 的字节（第 {n} 个参数）",
                            option=option or arg.encode("utf-8", "replace").decode(),
                            n=position + 1,
                        ),
                        tr(
                            "type it again in a UTF-8 terminal, or check the shell's quoting",
                            "请在 UTF-8 终端中重新输入，或检查命令行的引号",
                        ),
                    ),
                )
        ctx.meta["ssvssj.args"] = list(args)
        try:
            return super().parse_args(ctx, args)
        except parsing.NoArgsIsHelpError:
            raise
        except parsing.UsageError as error:
            from ssvssj.cli.usage import translated

            _set_language_before_start(args)
            _refuse(translated(error))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except parsing.NoArgsIsHelpError:
            raise
        except parsing.UsageError as error:
            from ssvssj.cli.usage import translated

            typed = ctx.meta.get("ssvssj.args", [])
            if ctx.obj is None:
                _set_language_before_start(typed)
            _refuse(translated(error, _command_typed(ctx, typed)))
        except SsvssjError as error:
            from ssvssj.cli.output import print_error

            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except OSError as error:
            if isinstance(error, BrokenPipeError):
                from ssvssj.entry import output_closed

                output_closed()
            from ssvssj.cli.output import print_error
            from ssvssj.errors import from_os_error

            failure = from_os_error(error)
            print_error(failure)
            raise typer.Exit(failure.exit_code) from None


def _set_language_before_start(args: list[str]) -> None:
    """The language of a command refused before its options are read: --language where it is
    on the command line (or SSVSSJ_LANGUAGE), else the language of the workspace named by
    --workspace or found upwards, else the locale's."""
    import os

    from ssvssj.i18n import LANGUAGES, locale_language, set_language

    given = _option_value(args, ("--language",)) or os.environ.get("SSVSSJ_LANGUAGE")
    if given not in LANGUAGES:
        given = None
    folder = _option_value(args, ("--workspace", "-w")) or os.environ.get("SSVSSJ_WORKSPACE")
    explicit = Path(folder) if folder else None
    set_language(given or _workspace_language(explicit) or locale_language())


def _option_value(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of an option as typed before the parser read it: `--name value` or
    `--name=value`."""
    for name, value in itertools.pairwise([*args, ""]):
        if name in names:
            return value
        for option in names:
            if option.startswith("--") and name.startswith(option + "="):
                return name[len(option) + 1 :]
    return None


def _command_typed(ctx: Any, args: list[str]) -> str:
    """The command and sub-commands named on the command line (`ssvssj journey show`), for a
    usage error the parser raised without saying where."""
    path = [ctx.command_path]
    command = ctx.command
    words = iter(args)
    for word in words:
        if word in ("--workspace", "-w", "--language"):
            next(words, None)
            continue
        if word.startswith("-"):
            continue
        command = getattr(command, "commands", {}).get(word)
        if command is None:
            break
        path.append(word)
    return " ".join(path)


def _refuse(error: SsvssjError) -> NoReturn:
    from ssvssj.cli.output import print_error

    print_error(error)
    raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_Group,
    help=f"Spot, Scene, View, Split, Solve — and the customer Journey that emerges. {EXIT_CODES}",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from ssvssj.entry import version_text

        typer.echo(version_text(__version__))
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="SSVSSJ_WORKSPACE",
            help="The workspace folder (default: the nearest folder upwards with ssvssj.yaml).",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            envvar="SSVSSJ_LANGUAGE",
            help=(
                "Language of messages, tables and prompts: zh or en. Given, it wins over the "
                "workspace's language for this command (default: the workspace's, else the "
                "locale). Reports follow their own --lang."
            ),
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    from ssvssj.i18n import LANGUAGES, locale_language, set_language

    if language is not None and language not in LANGUAGES:
        from ssvssj.errors import UsageError
        from ssvssj.i18n import tr

        set_language(_workspace_language(workspace) or locale_language())
        raise UsageError(tr("--language takes `zh` or `en`", "--language 只能是 `zh` 或 `en`"))
    fallback = locale_language()
    set_language(language or _workspace_language(workspace) or fallback)
    ctx.obj = {"workspace": workspace, "language": language, "fallback_language": fallback}


def _workspace_language(explicit: Path | None) -> str | None:
    """The language of the workspace the command will use, so that even an option refused
    before the workspace loads is refused in it."""
    from ssvssj.errors import WorkspaceNotFound
    from ssvssj.store.paths import find_root, read_declared_language

    try:
        return read_declared_language(find_root(Path.cwd(), explicit))
    except (WorkspaceNotFound, OSError):
        return None


workspace_commands.register(app)
app.command("touchpoints")(journey_commands.touchpoints)
app.command("causes")(journey_commands.causes)
app.command("import")(importer.import_cases)
case_commands.app.command("log")(history_commands.case_log)
journey_commands.app.command("diff")(history_commands.journey_diff)
app.add_typer(case_commands.app, name="case")
app.add_typer(journey_commands.app, name="journey")
app.command("report")(report_commands.report)
