"""Bounds on a workspace's own templates: how much they may write and how long they may run.

Jinja2's sandbox keeps a template from reaching files and code, but not from asking for a
billion characters (`'x' * 10**9`) or looping for ever (nested `range` loops). A template from a
workspace therefore renders in a sandbox that refuses any number, repetition or power that
would exceed the output bound before it is computed, counts what it writes, and stops it when
its time is up, naming the template.
"""

from __future__ import annotations

import contextlib
import math
import operator
import re
import signal
import threading
import time
from collections.abc import Iterator, Sized
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ssvssj.i18n import tr

MAX_OUTPUT = 32 * 1024 * 1024
MAX_RANGE = 100_000
TIME_BUDGET = 30.0
_LARGEST_POWER_BITS = 4096
_WIDTH = re.compile(r"\d+")


class OverBudget(Exception):
    """A template wrote more, or ran longer, than a report may."""


class _Clock:
    """The deadline of the report being rendered (none outside a render)."""

    deadline: float | None = None

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverBudget("time")


CLOCK = _Clock()


def _too_large(count: int) -> SecurityError:
    return SecurityError(
        tr(
            "the result would have {count} characters, more than a report may hold ({limit})",
            "结果会有 {count} 个字符，超过报告的上限（{limit}）",
            count=f"{count:,}",
            limit=f"{MAX_OUTPUT:,}",
        )
    )


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
        raise _too_large(abs(value))


def _check_format(text: Any) -> None:
    """A width written inside a format string (`'{:>999999999}'`, `'%999999999d'`)."""
    if isinstance(text, str):
        for width in _WIDTH.findall(text):
            if len(width) > 9 or int(width) > MAX_OUTPUT:
                raise _too_large(int(width))


def _check_repetition(left: Any, right: Any) -> None:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, Sized) and isinstance(count, int):
            _check_number(len(sequence) * count)


def _check_power(base: Any, exponent: Any) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and exponent * math.log2(abs(base)) > _LARGEST_POWER_BITS
    ):
        raise SecurityError(
            tr(
                "{base} ** {exponent} is too large a number",
                "{base} ** {exponent} 这个数太大",
                base=base,
                exponent=exponent,
            )
        )


class TimedRange:
    """`range` as a template sees it: at most MAX_RANGE items, and the clock checked as it is
    walked, so nested loops that write nothing still stop on time."""

    def __init__(self, *args: int) -> None:
        for value in args:
            _check_number(value)
        self.items = range(*args)
        if len(self.items) > MAX_RANGE:
            raise SecurityError(
                tr(
                    "a range of more than {limit} items",
                    "范围超过 {limit} 项",
                    limit=f"{MAX_RANGE:,}",
                )
            )

    def __iter__(self) -> Iterator[int]:
        for index, item in enumerate(self.items):
            if index % 256 == 0:
                CLOCK.check()
            yield item

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        return self.items[index]

    def __contains__(self, item: object) -> bool:
        return item in self.items


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with bounds on size: repetition, powers and numbers handed to calls."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        CLOCK.check()
        if operator_name == "*":
            _check_repetition(left, right)
        elif operator_name == "**":
            _check_power(left, right)
        elif operator_name == "%":
            _check_format(left)
            for value in right if isinstance(right, tuple) else (right,):
                _check_number(value)
        elif operator_name == "+" and isinstance(left, Sized) and isinstance(right, Sized):
            _check_number(len(left) + len(right))
        operators = {
            "*": operator.mul,
            "**": operator.pow,
            "%": operator.mod,
            "+": operator.add,
        }
        return operators[operator_name](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        CLOCK.check()
        for value in (*args, *kwargs.values()):
            _check_number(value)
        method = getattr(__obj, "__wrapped__", __obj)
        if getattr(method, "__name__", None) in ("format", "format_map"):
            _check_format(getattr(method, "__self__", None))
        return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)


def bound_filters(env: SandboxedEnvironment) -> None:
    """Every filter refuses a number beyond the output bound (`center(10**9)`, `indent`)."""

    def bounded(function: Any) -> Any:
        def checked(*args: Any, **kwargs: Any) -> Any:
            CLOCK.check()
            for value in (*args, *kwargs.values()):
                _check_number(value)
            return function(*args, **kwargs)

        for marker in ("jinja_pass_arg",):
            if hasattr(function, marker):
                setattr(checked, marker, getattr(function, marker))
        return checked

    env.filters = {name: bounded(function) for name, function in env.filters.items()}
    env.globals["range"] = TimedRange


@contextlib.contextmanager
def budget(seconds: float) -> Iterator[None]:
    """The time a report may take; where the platform allows, an alarm interrupts a template
    busy in one long expression, and the clock is checked at every call and loop step too."""
    previous_deadline = CLOCK.deadline
    CLOCK.deadline = time.monotonic() + seconds
    use_alarm = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    previous_handler: Any = None
    if use_alarm:

        def interrupt(signum: int, frame: Any) -> None:
            raise OverBudget("time")

        previous_handler = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
        CLOCK.deadline = previous_deadline


def bounded_text(chunks: Iterator[str]) -> str:
    """The template's output, stopped once it passes the output bound."""
    parts: list[str] = []
    written = 0
    for chunk in chunks:
        written += len(chunk)
        if written > MAX_OUTPUT:
            raise OverBudget("size")
        parts.append(chunk)
    return "".join(parts)
