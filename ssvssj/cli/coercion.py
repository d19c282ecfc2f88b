"""Option values turned into Python values without building a pydantic adapter per option.

typer (0.29) coerces each parameter's value through a pydantic TypeAdapter that it builds, and
imports pydantic for, while parsing the command line: more than a warm command's own work. The
options here are simple (str, bool, int with bounds, Path, enums, lists of str; Optional of
these), and for a value of the usual form the result is certain without pydantic: the text
itself, `int` of ASCII digits within the bounds, `Path` of the text, the enum member typer's own
choice matching finds. Any other value, and any other type, goes to typer's own coercion, so
every value typer refuses is refused by typer, with its own error (and our translation of it).

This leans on typer internals: `_TyperParameter.get_runtime_param`, which builds a parameter's
coercion on first use into `_runtime_param`, is replaced for the whole process (`install`, run
when the command line is imported). tests/test_coercion.py checks, for every option of every
command, that the result (or the error) is typer's own, and that a command parses without
pydantic.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer.core import _TyperParameter

_UNSURE = object()


@dataclass(frozen=True)
class QuickRuntimeParam(RuntimeParam):
    """A parameter's coercion: the certain result where there is one, else typer's own."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            quick = self.quick(value, param, ctx)
        except Exception:  # typer's own coercion raises its own error for this value
            quick = _UNSURE
        if quick is not _UNSURE:
            return quick
        return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def quick(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        described = self.descriptor
        annotation = described.annotation
        info = described.parameter_info
        if annotation is str:
            return value if isinstance(value, str) else _UNSURE
        if annotation is bool:
            return value if type(value) is bool else _UNSURE
        if annotation is int and not info.clamp:
            if isinstance(value, str) and value.isascii() and value.isdigit():
                value = int(value)
            if type(value) is not int:
                return _UNSURE
            low, high = info.min, info.max
            within = (low is None or value >= low) and (high is None or value <= high)
            return value if within else _UNSURE
        if annotation is Path and info.path_type is None:
            if isinstance(value, str):
                value = Path(value)
            if not isinstance(value, Path):
                return _UNSURE
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        if annotation == list[str] and isinstance(value, (list, tuple)):
            return list(value) if all(isinstance(item, str) for item in value) else _UNSURE
        return _UNSURE


def quick(descriptor: TypeDescriptor) -> bool:
    """Whether a parameter of this type may skip the adapter: the types `quick` knows, with
    no parser of their own (a parser's result is the parser's to say)."""
    annotation = descriptor.annotation
    simple = annotation in (str, bool, int, Path, list[str]) or (
        isinstance(annotation, type) and issubclass(annotation, enum.Enum)
    )
    own_parser = descriptor.parameter_info.parser is not None
    return simple and not own_parser and descriptor.file_annotation is None


def _runtime_param(self: _TyperParameter) -> RuntimeParam:
    """typer's lazy choice of a parameter's coercion, made once per parameter, with the quick
    one for the simple types."""
    if self._runtime_param is None:
        described = self.type_descriptor
        self._runtime_param = (
            QuickRuntimeParam(
                parameter_info=described.parameter_info,
                annotation=described.annotation,
                descriptor=described,
            )
            if quick(described)
            else build_runtime_param(described)
        )
    return self._runtime_param


def install() -> None:
    """Every typer parameter of this process (our options, and the help and completion options
    typer adds on the way) chooses its coercion as above."""
    _TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
