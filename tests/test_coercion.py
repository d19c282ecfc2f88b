"""Option values are coerced without a pydantic adapter per option (ssvssj/cli/coercion.py),
and every value comes out as typer's own coercion makes it: the same value, or the same error."""

from __future__ import annotations

import enum
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from ssvssj.cli import app
from ssvssj.cli.coercion import QuickRuntimeParam
from tests.conftest import Cli


def every_parameter() -> Iterator[tuple[str, Any, Any]]:
    """(command path, command, parameter) for every parameter typer parses, the help options
    it adds on the way included."""
    root = typer.main.get_command(app)

    def walk(path: str, command: Any) -> Iterator[tuple[str, Any, Any]]:
        context = Context(command, info_name=path)
        for param in command.get_params(context):
            yield path, command, param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(f"{path} {name}", sub)

    yield from walk("ssvssj", root)


def samples(param: Any, tmp_path: Path) -> list[Any]:
    """Values of the usual forms and of unusual ones, as the parser hands them over."""
    annotation = param.type_descriptor.annotation
    texts = ["", "x", "中文", "-", " 7", "true", "no", "5.0"]
    if annotation is bool:
        return [True, False, None, *texts, "maybe"]
    if annotation is int:
        return [None, 0, 1, 3, *texts, "0", "1", "05", "-1", "+3", "5_0", "x1", "٣", "9" * 30]
    if annotation is Path:
        existing = tmp_path / "file.txt"
        existing.write_text("x", encoding="utf-8")
        return [None, *texts, "a/b", "~", str(tmp_path), str(existing), Path("x"), b"x"]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = list(annotation)
        values = [str(member.value) for member in members]
        return [None, *members, *values, *(v.upper() for v in values), *texts, "nope", 3]
    if annotation == list[str]:
        return [None, (), ("a",), ("a", "b"), ["中文", ""], ("a", 3)]
    return [None, *texts, 3]


def outcome(coerce: Any, value: Any, param: Any, ctx: Context) -> tuple[str, Any]:
    try:
        return "value", coerce(value, param=param, ctx=ctx)
    except Exception as error:
        cause = error.__cause__
        return "error", (
            type(error),
            str(error),
            type(cause),
            repr(cause.errors()) if callable(getattr(cause, "errors", None)) else None,
        )


PARAMETERS = list(every_parameter())


def test_every_parameter_of_a_simple_type_is_coerced_quickly() -> None:
    kinds = {type(param.get_runtime_param()) for _, _, param in PARAMETERS}
    assert kinds == {QuickRuntimeParam}, kinds
    assert len(PARAMETERS) > 80


@pytest.mark.parametrize(
    ("path", "command", "param"),
    PARAMETERS,
    ids=[f"{path} {param.name}" for path, _, param in PARAMETERS],
)
def test_every_value_comes_out_as_typer_makes_it(
    path: str, command: Any, param: _TyperParameter, tmp_path: Path
) -> None:
    ctx = Context(command, info_name=path)
    quick = param.get_runtime_param()
    typers_own = build_runtime_param(param.type_descriptor)
    assert type(typers_own) is not QuickRuntimeParam
    for value in samples(param, tmp_path):
        assert outcome(quick.coerce, value, param, ctx) == outcome(
            typers_own.coerce, value, param, ctx
        ), value


def test_a_refused_value_is_told_as_before(example: Path) -> None:
    """In the workspace's language and in the one asked for, with the value typed."""
    cli = Cli(example)
    for value in ("0", "x", "1.5"):
        said = cli("journey", "show", "--min-count", value, code=2).output
        assert said.startswith("错误：--min-count 须不小于 1\n"), said
        said = cli("--language", "en", "journey", "show", "--min-count", value, code=2).output
        assert said.startswith("error: --min-count must be at least 1\n"), said
    said = cli("journey", "export", "--format", "nope", code=2).output
    assert said.startswith("错误：--format：“nope”不在可选项中：`mermaid`、"), said
    said = cli("--language", "en", "journey", "export", "--format", "Nope", code=2).output
    assert said.startswith("error: --format: “Nope” is not one of: mermaid, "), said


PROBE = """
import sys
import typer.main
from ssvssj.cli import app

root = typer.main.get_command(app)
args = sys.argv[1:]
context = root.make_context("ssvssj", ["--workspace", args.pop(0), "--language", "zh", "journey"])
group = root.commands["journey"]
context = group.make_context("journey", ["export"], parent=context)
command = group.commands["export"]
command.make_context("export", args, parent=context)
sys.stdout.write("PYDANTIC=" + str("pydantic" in sys.modules) + "\\n")
"""


def test_options_are_parsed_without_pydantic(example: Path, tmp_path: Path) -> None:
    """Options of every kind (a path, text, an enum, a bounded number, a flag) are parsed
    without importing pydantic."""
    args = ["--format", "mermaid", "-o", str(tmp_path / "out.mmd"), "--tag", "价格"]
    args += ["--min-count", "2", "--strict", "--size", "a2"]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(example), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "PYDANTIC=False" in result.stdout, result.stdout
