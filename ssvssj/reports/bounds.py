"""Bounds on a workspace's own templates: how much they may build and write, how long they run.

Jinja2's sandbox keeps a template from reaching files and code, but not from building a billion
characters (`'x' * 10**9`, `[s] * 10**5 | join`, `~` doubling a text in a loop) or looping for
ever. A template from a workspace therefore renders in an immutable sandbox where every value it
builds is weighed: the characters it would be written as, a list's items with their separators,
a part that appears twice counted twice. No value may weigh more than the data the template is
given plus MAX_VALUE characters. Each operation that can make more than it was handed
(repetition, `+`, `~`, `%` and `format`, `join`, `replace`, padding, indentation, wrapping,
splitting, filling) has its result's weight estimated before it is computed; every argument and
every result is weighed; text gathered inside the template (a macro, a `set` or `filter` block)
is counted as it grows; the output is counted as written; and the clock stops a template that
runs too long. Whatever stops a template names it.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import operator
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from ssvssj.i18n import tr

MAX_OUTPUT = 32 * 1024 * 1024
MAX_VALUE = 4 * 1024 * 1024
MAX_RANGE = 100_000
MAX_DEPTH = 64
TIME_BUDGET = 30.0
_LARGEST_POWER_BITS = 4096
_ITEM = 4  # what a list writes around each item: quotes, a comma, a space
_SCALAR = 24  # the most a number that passes the power bound or a small object is written as
_WIDTH = re.compile(r"\d+")
_SPACE_RUNS = re.compile(r"\s+")
_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_GETTEXT = ("_", "gettext", "ngettext", "pgettext", "npgettext")


class OverBudget(Exception):
    """A template wrote more, or ran longer, than a report may."""


class _Run:
    """The render under way: its deadline, the weight a value may have, and the weights of the
    data it was given (weighed once; an immutable sandbox cannot change them)."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.limit = MAX_VALUE
        self.known: dict[int, tuple[Any, int]] = {}

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverBudget("time")


CLOCK = _Run()


def _too_large(count: int, *, at_least: bool = False) -> SecurityError:
    if at_least:
        return SecurityError(
            tr(
                "the result would have more than {limit} characters, more than one value may hold",
                "结果会超过 {limit} 个字符，超过单个值的上限",
                limit=f"{CLOCK.limit:,}",
            )
        )
    return SecurityError(
        tr(
            "the result would have {count} characters, more than one value may hold ({limit})",
            "结果会有 {count} 个字符，超过单个值的上限（{limit}）",
            count=f"{count:,}",
            limit=f"{CLOCK.limit:,}",
        )
    )


def _too_deep() -> SecurityError:
    return SecurityError(
        tr(
            "the result would be nested more than {limit} levels deep",
            "结果的嵌套会超过 {limit} 层",
            limit=MAX_DEPTH,
        )
    )


def _refuse_over(estimate: int) -> None:
    if estimate > CLOCK.limit:
        raise _too_large(estimate)


def _parts(value: Any) -> Iterable[Any] | None:
    """What a container holds, as written; None for a value that holds nothing of the template."""
    if isinstance(value, Mapping):
        return (part for pair in value.items() for part in pair)
    if isinstance(value, (list, tuple, set, frozenset)) or type(value).__name__ in (
        "dict_keys",
        "dict_values",
        "dict_items",
    ):
        return value
    if isinstance(value, Namespace):
        return _parts(object.__getattribute__(value, "_Namespace__attrs"))
    return None


def weigh(value: Any) -> int:
    """The characters `value` would be written as; refused past the bound or MAX_DEPTH."""
    total = _weigh(value, {}, 0, CLOCK.limit)
    if total > CLOCK.limit:
        raise _too_large(total)
    return total


def _shape(value: Any, seen: dict[int, tuple[int, int]] | None = None) -> tuple[int, int]:
    """How many items `value` holds, a shared one counted each time, and how deep they go:
    what an indented rendering (`tojson(indent=…)`, `pprint`) starts a line for."""
    seen = {} if seen is None else seen
    parts = None if isinstance(value, (str, bytes)) else _parts(value)
    if parts is None:
        return 0, 0
    found = seen.get(id(value))
    if found is not None:
        return found
    items = depth = 0
    for part in parts:
        inner_items, inner_depth = _shape(part, seen)
        items += 1 + inner_items
        depth = max(depth, inner_depth)
    seen[id(value)] = (items, depth + 1)
    return items, depth + 1


def _weigh(value: Any, seen: dict[int, tuple[Any, int]], depth: int, limit: float) -> int:
    if isinstance(value, (str, bytes)):
        return len(value)
    if value is None or isinstance(value, (bool, float, complex)):
        return _SCALAR
    if isinstance(value, int):
        return value.bit_length() * 3 // 10 + 2
    if isinstance(value, TimedRange):
        return len(value) * (len(str(value.items.stop)) + _ITEM)
    key = id(value)
    for memo in (CLOCK.known, seen):
        found = memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
    parts = _parts(value)
    if parts is None:
        return _SCALAR
    if depth >= MAX_DEPTH:
        raise _too_deep()
    total = 2
    for part in parts:
        total += _weigh(part, seen, depth + 1, limit) + _ITEM
        if total > limit:
            raise _too_large(total, at_least=True)
    if not isinstance(value, Namespace):
        seen[key] = (value, total)
    return total


def _settled(value: Any) -> Any:
    """An iterator handed to a call or filter, as a list, stopped once it weighs too much."""
    if not isinstance(value, Iterator):
        return value
    items: list[Any] = []
    total = 2
    for item in value:
        total += weigh(item) + _ITEM
        if total > CLOCK.limit:
            raise _too_large(total, at_least=True)
        items.append(item)
    return items


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > CLOCK.limit:
        raise _too_large(abs(value))


def _widest(text: str) -> int:
    """The widest width or precision written in a format string (`'{:>9}'`, `'%9d'`)."""
    widest = 0
    for width in _WIDTH.findall(text):
        if len(width) > 9 or int(width) > CLOCK.limit:
            raise _too_large(int(width))
        widest = max(widest, int(width))
    return widest


def _formatting(templates: Iterable[Any], values: Iterable[Any]) -> int:
    """At most what filling `templates` with `values` writes: every field may take the heaviest
    value at the widest width (a field can name one value many times: `%(a)s%(a)s`)."""
    texts = [text for text in templates if isinstance(text, str)]
    if not texts:
        return 0
    fields = max(text.count("%") + text.count("{") for text in texts)
    widths_given = any("*" in text or _NESTED_FIELD.search(text) for text in texts)
    heaviest = widest = 0
    for value in values:
        heaviest = max(heaviest, weigh(value))
        if widths_given and isinstance(value, int) and not isinstance(value, bool):
            widest = max(widest, abs(value))  # `'%*d' % (width, n)`, `'{:{}}'.format(n, width)`
    widest = max([widest, *map(_widest, texts)])
    return max(map(len, texts)) + fields * (heaviest + widest)


def _count(items: Any) -> int:
    return len(items) if isinstance(items, Sized) else 0


def _joined(items: Any, separator: Any) -> int:
    return weigh(items) + max(_count(items) - 1, 0) * weigh(separator)


def _replaced(text: Any, old: Any, new: Any, count: Any) -> int:
    if not isinstance(text, str) or not isinstance(old, str):
        return weigh(text)
    found = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * weigh(new)


def _pieces(text: str, separator: Any, most: Any) -> int:
    if isinstance(separator, str) and separator:
        found = text.count(separator) + 1
    else:
        found = sum(1 for _ in _SPACE_RUNS.finditer(text)) + 1
    if isinstance(most, int) and most >= 0:
        found = min(found, most + 1)
    return len(text) + found * (_ITEM + 2)


def _text_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The most a method of a text may make: the ones that repeat, pad or split; the others
    make about what they are given."""

    def arg(index: int, key: str, default: Any = None) -> Any:
        return args[index] if len(args) > index else kwargs.get(key, default)

    if name == "join":
        return _joined(arg(0, "iterable", ()), text)
    if name == "replace":
        return _replaced(text, arg(0, "old"), arg(1, "new"), arg(2, "count", -1))
    if name == "format":
        return _formatting([text], (*args, *kwargs.values()))
    if name == "format_map":
        return _formatting([text], args)
    if name == "expandtabs":
        size = arg(0, "tabsize", 8)
        return len(text) + text.count("\t") * (size if isinstance(size, int) else 0)
    if name in ("center", "ljust", "rjust", "zfill"):
        width = arg(0, "width", 0)
        return max(len(text), width if isinstance(width, int) else 0)
    if name in ("split", "rsplit"):
        return _pieces(text, arg(0, "sep"), arg(1, "maxsplit", -1))
    if name == "splitlines":
        return len(text) + (len(_LINE_BREAKS.findall(text)) + 1) * (_ITEM + 2)
    if name == "translate":
        table = arg(0, "table", {})
        values = table.values() if isinstance(table, Mapping) else ()
        return len(text) * (1 + max(map(weigh, values), default=1))
    return 0


def _filter_estimate(name: str, given: Mapping[str, Any]) -> int:
    """The most a filter may make from the arguments it was given, bound to its parameters."""
    value = given.get("value", given.get("s"))
    if name == "join":
        return _joined(value, given.get("d", ""))
    if name == "replace":
        return _replaced(value, given.get("old"), given.get("new"), given.get("count"))
    if name == "indent":
        width = given.get("width", 4)
        each = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        lines = value.count("\n") + 1 if isinstance(value, str) else 1
        return weigh(value) + lines * each
    if name == "wordwrap":
        return weigh(value) * (1 + weigh(given.get("wrapstring") or "\n"))
    if name == "center":
        width = given.get("width", 80)
        return max(weigh(value), width if isinstance(width, int) else 0)
    if name == "format":
        return _formatting([value], (*given.get("args", ()), *given.get("kwargs", {}).values()))
    if name in ("batch", "slice"):
        fill = given.get("fill_with")
        times = given.get("linecount", given.get("slices", 0))
        extra = times * (weigh(fill) + _ITEM) if fill is not None and isinstance(times, int) else 0
        items = len(value) * (1 + _ITEM) if isinstance(value, str) else weigh(value)
        return items + extra
    if name in ("tojson", "pprint"):
        indent = given.get("indent") if name == "tojson" else 1
        each = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
        items, depth = _shape(value)
        return weigh(value) * 2 + items * depth * max(each, 0)
    if name in _ITEMS_OF_A_TEXT and isinstance(value, str):
        return len(value) * (1 + _ITEM)  # one item per character
    if name in _PROPORTIONATE:
        return 0
    others = sum(_as_width(part) for key, part in given.items() if key not in ("value", "s"))
    return weigh(value) * (1 + others)


def _as_width(value: Any) -> int:
    """An argument of a filter not known: a number may be a width, a text may be repeated."""
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value)
    return weigh(value)


# Filters whose result is about as heavy as what they were given (every result is weighed):
# any other filter is assumed to repeat its arguments once per character of its value.
_PROPORTIONATE = frozenset(
    (
        "abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape",
        "filesizeformat", "first", "float", "forceescape", "groupby", "int", "items", "last",
        "length", "list", "lower", "map", "max", "min", "random", "reject", "rejectattr",
        "reverse", "round", "safe", "select", "selectattr", "sort", "string", "striptags",
        "sum", "title", "trim", "truncate", "unique", "upper", "urlencode", "wordcount",
        "xmlattr", "md", "cell", "label", "sev", "rating",
    )
)  # fmt: skip
# Filters that make a list of a text's characters.
_ITEMS_OF_A_TEXT = frozenset(("list", "sort", "unique", "batch", "slice", "groupby"))


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


def _check_product(left: Any, right: Any) -> None:
    if (
        isinstance(left, int)
        and isinstance(right, int)
        and left.bit_length() + right.bit_length() > _LARGEST_POWER_BITS
    ):
        raise SecurityError(
            tr(
                "{left} * {right} is too large a number",
                "{left} * {right} 这个数太大",
                left=f"({left.bit_length()} bits)",
                right=f"({right.bit_length()} bits)",
            )
        )


def _binop_estimate(name: str, left: Any, right: Any) -> int:
    if name == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                return weigh(sequence) * max(times, 0)
        _check_product(left, right)
    elif name == "**":
        _check_power(left, right)
    elif name == "%" and isinstance(left, str):
        return _formatting([left], right if isinstance(right, tuple) else (right,))
    elif name == "+" and not isinstance(left, (int, float)):
        return weigh(left) + weigh(right)
    return 0


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}


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


class GatheredText(list[str]):
    """The text a macro, a `set`, `filter` or `call` block gathers, counted as it grows (an
    empty piece counts one, so a loop gathering nothing still ends)."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def _count(self, piece: str) -> None:
        self.size += len(piece) or 1
        if self.size > CLOCK.limit:
            raise _too_large(self.size, at_least=True)
        if self.size % 4096 == 0:
            CLOCK.check()

    def append(self, piece: str) -> None:
        self._count(piece)
        super().append(piece)

    def extend(self, pieces: Iterable[str]) -> None:
        pieces = tuple(pieces)
        for piece in pieces:
            self._count(piece)
        super().extend(pieces)


class _BoundedCode(CodeGenerator):
    """Compiled templates whose gathered text and `~` go through the environment's bounds."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.gathered_text()")

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.joined_text((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("), context.eval_ctx)")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with every value a template builds weighed (see the module)."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset(_OPERATORS)

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self.written, **options)
        self.globals.pop("lipsum", None)  # paragraphs by the hundred thousand, of no use here

    @staticmethod
    def written(value: Any) -> Any:
        """What `{{ … }}` writes: weighed before it becomes text (a list literal holding one
        large text many times is never turned into one huge string)."""
        weigh(value)
        return value

    @staticmethod
    def gathered_text() -> GatheredText:
        return GatheredText()

    @staticmethod
    def joined_text(parts: tuple[Any, ...], eval_ctx: EvalContext) -> str:
        CLOCK.check()
        _refuse_over(sum(map(weigh, parts)))
        return (markup_join if eval_ctx.autoescape else str_join)(parts)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        CLOCK.check()
        weigh(left)
        weigh(right)
        _refuse_over(_binop_estimate(operator_name, left, right))
        result = _OPERATORS[operator_name](left, right)
        weigh(result)
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        CLOCK.check()
        args = tuple(map(_settled, args))
        kwargs = {key: _settled(value) for key, value in kwargs.items()}
        for value in (*args, *kwargs.values()):
            weigh(value)
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            _refuse_over(_text_method(owner, getattr(method, "__name__", ""), args, kwargs))
        elif any(__obj is __self.globals.get(name) for name in _GETTEXT):
            _refuse_over(_formatting(args, kwargs.values()))  # `_('%(a)s%(a)s', a=text)`
        result = ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        weigh(result)
        return result


def bound_filters(env: BoundedSandbox) -> None:
    """Every filter weighs what it is given, estimates what it would make and weighs what it
    made; `range` is the bounded one."""

    def bounded(name: str, function: Any) -> Any:
        signature = inspect.signature(function)

        def checked(*args: Any, **kwargs: Any) -> Any:
            CLOCK.check()
            args = tuple(map(_settled, args))
            kwargs = {key: _settled(value) for key, value in kwargs.items()}
            for value in (*args, *kwargs.values()):
                weigh(value)
            try:
                given = signature.bind(*args, **kwargs).arguments
            except TypeError:
                given = {}
            _refuse_over(_filter_estimate(name, given))
            result = function(*args, **kwargs)
            weigh(result)
            return result

        for marker in ("jinja_pass_arg",):
            if hasattr(function, marker):
                setattr(checked, marker, getattr(function, marker))
        return checked

    env.filters = {name: bounded(name, function) for name, function in env.filters.items()}
    env.globals["range"] = TimedRange


@contextlib.contextmanager
def budget(seconds: float, given: Mapping[str, Any] | None = None) -> Iterator[None]:
    """The time a report may take and the weight its values may have. Where the platform
    allows, an alarm interrupts a template busy in one long expression; the clock is checked at
    every call and loop step too."""
    previous = (CLOCK.deadline, CLOCK.limit, CLOCK.known)
    known: dict[int, tuple[Any, int]] = {}
    CLOCK.known = {}
    CLOCK.limit = MAX_VALUE + _weigh(dict(given or {}), known, 0, math.inf)
    CLOCK.known = known
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
        CLOCK.deadline, CLOCK.limit, CLOCK.known = previous


def bounded_text(chunks: Iterator[str]) -> str:
    """The template's output, stopped once it passes the output bound."""
    parts: list[str] = []
    written = 0
    for chunk in chunks:
        if not chunk:
            continue
        written += len(chunk)
        if written > MAX_OUTPUT:
            raise OverBudget("size")
        parts.append(chunk)
    return "".join(parts)
