"""Usage errors (an unknown option, a missing argument, a bad value) in the workspace's
language. The command-line parser words them in English; each kind is read from its type and
its fields, and said again through `tr`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from typer._click import exceptions as parsing

from ssvssj.errors import UsageError
from ssvssj.i18n import joined, tr


def _name(param: Any) -> str:
    """How a person types the parameter: its first option name, or an argument's metavar."""
    if param is None:
        return ""
    opts = getattr(param, "opts", None)
    if opts and str(opts[0]).startswith("-"):
        return str(opts[0])
    named = getattr(param, "metavar", None) or getattr(param, "display_name_raw", None)
    return str(named or param.name).upper()


def _help_hint(
    error: parsing.UsageError, where: str, possibilities: Sequence[str] | None = None
) -> str:
    command = error.ctx.command_path if error.ctx is not None else where
    if possibilities:
        return tr(
            "did you mean {names}? See `{command} --help`",
            "是否想用 {names}？请查看 `{command} --help`",
            names=joined(sorted(possibilities)),
            command=command,
        )
    return tr("see `{command} --help`", "请查看 `{command} --help`", command=command)


def _kind_of(annotation: Any) -> str | None:
    if annotation is bool:
        return tr("yes or no", "是或否")
    if annotation is int:
        return tr("a whole number", "整数")
    if annotation is float:
        return tr("a number", "数字")
    if annotation in (date, datetime):
        return tr("a date", "日期")
    if annotation is Path:
        return tr("a path", "路径")
    return None


def _bounds(low: object, high: object) -> str:
    """A range said as a rule: `须不小于 1`, `须在 1–5 之间`."""
    if high is None:
        return tr("must be at least {low}", "须不小于 {low}", low=low)
    if low is None:
        return tr("must be at most {high}", "须不大于 {high}", high=high)
    return tr("must be within {low}–{high}", "须在 {low}–{high} 之间", low=low, high=high)


def _typed(error: parsing.BadParameter) -> str | None:
    """The value the person typed, as the validator saw it."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    found = errors()
    return str(found[0]["input"]) if found and "input" in found[0] else None


def _shown_name(param: Any) -> str:
    """An option by its name; an argument by the words a person uses for it."""
    name = _name(param)
    word = _ARGUMENT_WORDS.get(name)
    return tr(*word) if word is not None else name


def _bad_value(error: parsing.BadParameter) -> str:
    param = error.param
    if param is None:
        return tr("the value of {name} is not valid", "{name} 的值无效", name=error.param_hint)
    name = _shown_name(param)
    described = getattr(param, "type_descriptor", None)
    if described is not None and described.is_choice and described.choices:
        choices = joined((getattr(c, "value", c) for c in described.choices), code=True)
        typed = _typed(error)
        if typed is None:
            return tr(
                "{name}: the value is not one of: {choices}",
                "{name}：取值不在可选项中：{choices}",
                name=name,
                choices=choices,
            )
        return tr(
            "{name}: “{typed}” is not one of: {choices}",
            "{name}：“{typed}”不在可选项中：{choices}",
            name=name,
            typed=typed,
            choices=choices,
        )
    if described is not None and described.is_ranged:
        info = described.parameter_info
        return tr(
            "{name} {rule}",
            "{name} {rule}",
            name=name,
            rule=_bounds(info.min, info.max),
        )
    kind = _kind_of(getattr(described, "annotation", None))
    if kind is not None:
        return tr(
            "the value of {name} is not valid: it takes {kind}",
            "{name} 的值无效：应为{kind}",
            name=name,
            kind=kind,
        )
    return tr("the value of {name} is not valid", "{name} 的值无效", name=name)


def _missing(error: parsing.MissingParameter) -> str:
    from typer.core import TyperOption

    name = _name(error.param) or str(error.param_hint or "")
    if isinstance(error.param, TyperOption) or error.param_type == "option":
        return tr("the option {name} is required", "缺少选项 {name}", name=name)
    word = _ARGUMENT_WORDS.get(name.strip("[]"))
    if word is None:
        return tr("missing argument {name}", "缺少参数 {name}", name=name)
    return tr(
        "missing argument {name} ({word})",
        "缺少参数：{word}（{name}）",
        name=name,
        word=tr(*word),
    )


# The command line's argument names in words a person uses.
_ARGUMENT_WORDS = {
    "ID": ("the case id", "案例编号"),
    "SID": ("the solution id, such as s1", "方案编号，如 s1"),
    "FILE": ("the file", "文件"),
    "REV": ("the revision to compare from", "要比较的版本"),
    "KIND": ("the report kind", "报告类型"),
}


def _option_misused(error: parsing.BadOptionUsage) -> str:
    if error.message == f"Option {error.option_name!r} does not take a value.":
        return tr(
            "the option {option} takes no value", "选项 {option} 不接受值", option=error.option_name
        )
    return tr(
        "the option {option} needs a value", "选项 {option} 需要一个值", option=error.option_name
    )


EXTRA_ARGUMENTS = "Got unexpected extra argument(s) ("
NO_SUCH_COMMAND = re.compile(r"No such command ('.*?'|\".*?\")\.(?: Did you mean .*\?)?")


def _unknown_command(error: parsing.UsageError, where: str) -> UsageError | None:
    """A command name that is no command, with the commands it is close to."""
    from ast import literal_eval
    from difflib import get_close_matches

    found = NO_SUCH_COMMAND.fullmatch(error.message)
    if found is None:
        return None
    name = str(literal_eval(found.group(1)))
    commands = list(getattr(error.ctx.command, "commands", {})) if error.ctx else []
    return UsageError(
        tr("no such command: {name}", "没有这个命令：{name}", name=name),
        _help_hint(error, where, get_close_matches(name, commands)),
    )


def _other(error: parsing.UsageError) -> str:
    """The usage errors the parser raises by message alone: extra arguments, no command."""
    message = error.message
    if message.startswith(EXTRA_ARGUMENTS) and message.endswith(")"):
        return tr(
            "unexpected extra arguments: {args}",
            "多余的参数：{args}",
            args=message[len(EXTRA_ARGUMENTS) : -1],
        )
    if message == "Missing command.":
        return tr("name a command", "缺少命令")
    return tr("the command line is not valid: {message}", "命令行有误：{message}", message=message)


def translated(error: parsing.UsageError, where: str = "ssvssj") -> UsageError:
    """The usage error as one of ours: the message in the current language, and where to look
    (`where`: the command typed, when the parser did not say)."""
    if isinstance(error, parsing.NoSuchOption):
        message = tr("no such option: {option}", "没有这个选项：{option}", option=error.option_name)
        return UsageError(message, _help_hint(error, where, error.possibilities))
    if isinstance(error, parsing.BadOptionUsage):
        return UsageError(_option_misused(error), _help_hint(error, where))
    if isinstance(error, parsing.MissingParameter):
        return UsageError(_missing(error), _help_hint(error, where))
    if isinstance(error, parsing.BadParameter):
        return UsageError(_bad_value(error), _help_hint(error, where))
    return _unknown_command(error, where) or UsageError(_other(error), _help_hint(error, where))
