"""How results reach the terminal: errors, problems, tables, JSON envelopes."""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID
    from rich.text import Text

    from ssvssj.errors import SsvssjError
    from ssvssj.method.problems import Problem
    from ssvssj.store.drafts import DraftNote
    from ssvssj.store.findings import MethodFinding

from ssvssj.method.characters import INVISIBLE

JSON_VERSION = 1
PROGRESS_FROM = 200
PIPE_WIDTH = 120


# Control characters never reach the terminal raw: ESC could retitle it, set the clipboard or
# hide text; a lone CR could overwrite a line; a direction control (U+202E) reorders what is shown
# after it. Tab and newline are layout. A lone surrogate is a byte of a name that was not UTF-8
# (as Python keeps it): it has no character to show, and no UTF-8 to be written as.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# In one line (a problem, an annotation) newline and tab are escaped too: a name holding a
# newline would otherwise forge a second line; and so is a character that shows nothing, so
# that `x.yaml\u200b` is not shown as `x.yaml`.
_LINE_CONTROL = re.compile(f"[\t\n]|{_CONTROL.pattern}|{INVISIBLE.pattern}")


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """`text` as one line: every control character escaped, newline and tab included."""
    if not _LINE_CONTROL.search(text):
        return text
    return _LINE_CONTROL.sub(lambda found: _escape(found.group()), text)


def shown_name(name: str) -> str:
    """A file or folder name as it can be shown, one shown form for each name: a character
    that cannot be seen or would act on the terminal (a control, a separator other than the
    space, an invisible or format character) is escaped, and so is the backslash itself, so
    that `x\\x07.yaml` and a name holding a real BEL are told apart."""
    if name.isprintable() and "\\" not in name and INVISIBLE.search(name) is None:
        return name
    return "".join(
        "\\\\"
        if char == "\\"
        else _escape(char)
        if not char.isprintable() or INVISIBLE.match(char)
        else char
        for char in name
    )


def shown_problem(item: Problem) -> str:
    """A problem as one line whose file name is `shown_name`'s (a finding: `shown_finding`)."""
    from dataclasses import replace

    return one_line(str(replace(item, file=shown_name(item.file))))


def shown_findings(findings: Iterable[MethodFinding]) -> Iterator[str]:
    """Each method finding as one line whose file name is `shown_name`'s. `one_line` escapes
    character by character, so a line is its parts escaped and joined: a file's name and a
    finding's tail (the same in many cases) are escaped once each."""
    files: dict[str, str] = {}
    tails: dict[tuple[str | None, str, str], str] = {}
    for item in findings:
        file = files.get(item.file)
        if file is None:
            file = files[item.file] = one_line(shown_name(item.file))
        key = (item.field, item.rule, item.message)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = one_line(item.tail())
        yield file + tail if item.line is None else f"{file}:{item.line}{tail}"


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\u202e`), never
    sent raw."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda found: _escape(found.group()), text)


@cache
def _safe_console() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """Every piece of text it writes passes through `visible`; its own styles stay."""

        def render_str(self, text: str, **options: Any) -> Text:
            """Escaped before rich reads it: rich drops a BEL or a backspace without a trace,
            so the text shown would not be the text held."""
            return super().render_str(visible(text), **options)

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(visible(segment.text), segment.style)
                for segment in buffer
            )

    return SafeConsole


def console(stderr: bool = False) -> Console:
    """A console as wide as COLUMNS says, else the terminal; output to a pipe or a file is
    laid out PIPE_WIDTH wide (never squeezed into 80 columns) and its paragraphs are not
    wrapped at all."""
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else None
    stream = sys.stderr if stderr else sys.stdout
    if width is None and not _is_terminal(stream):
        width = PIPE_WIDTH
    return _safe_console()(stderr=stderr, highlight=False, width=width, soft_wrap=True, emoji=False)


def terminal_width() -> int:
    """The terminal's width; output to a pipe or a file is laid out as wide as COLUMNS says,
    else PIPE_WIDTH, never squeezed into 80 columns."""
    if not sys.stdout.isatty():
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def wants_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def wraps_text(out: Console) -> bool:
    """Paragraphs are wrapped where the width is a screen's: a terminal, or COLUMNS."""
    return out.is_terminal or os.environ.get("COLUMNS", "").isdigit()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def print_error(error: SsvssjError) -> None:
    from ssvssj.errors import InvalidCase
    from ssvssj.i18n import tr

    err = console(stderr=True)
    print_wrapped(err, tr("error: {message}", "错误：{message}", message=error.message), "bold red")
    if isinstance(error, InvalidCase):
        for problem in error.problems:
            err.print(f"  {shown_problem(problem)}", markup=False)
    if error.hint:
        print_wrapped(err, tr("hint: {hint}", "提示：{hint}", hint=error.hint), "yellow")


def print_wrapped(out: Console, text: str, style: str = "") -> None:
    """A message wrapped by Chinese line-breaking rules on a terminal (which would otherwise
    cut it anywhere, an id or a path included); elsewhere the line as it is."""
    if not out.is_terminal:
        out.print(text, style=style, markup=False)
        return
    from ssvssj.cli.layout import Paragraph

    out.print(Paragraph(visible(text), style))


def print_problems(problems: list[Problem], stderr: bool = True) -> None:
    print_lines(
        ((shown_problem(problem), "red") for problem in sorted(problems, key=problem_order)),
        stderr,
    )


# What rich changes in a line as it prints it (tabs, control characters), besides what
# `visible` escapes: such a line is printed by rich itself, so it reads the same either way.
_REWRITTEN = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def print_lines(
    lines: Iterable[tuple[str, str]], stderr: bool = False, one_lines: bool = False
) -> None:
    """Lines, each in a colour (a colour only: no bold or other attributes), in one write where
    no colour is shown (a pipe, a file, NO_COLOR): printing each through rich costs about 0.1 ms
    a line, and `check` may list tens of thousands. The text is the same either way. Where rich
    would surely show no colour, it is not even imported unless a line needs it. With
    `one_lines`, every line passed `one_line` (nothing in it is left for rich to rewrite)."""
    stream = sys.stderr if stderr else sys.stdout
    out = None if _uncoloured(stream) else console(stderr=stderr)
    if out is not None and out.color_system is not None and not out.no_color:
        for text, style in lines:
            out.print(text, style=style, markup=False)
        return
    pending: list[str] = []
    for text, style in lines:
        if not one_lines and (_REWRITTEN.search(text) or _CONTROL.search(text)):
            _write(stream, pending)
            out = out or console(stderr=stderr)
            out.print(text, style=style, markup=False)
        else:
            pending.append(text + "\n")
    _write(stream, pending)


def _uncoloured(stream: TextIO) -> bool:
    """Whether rich's console would show no colour on `stream`, told without importing rich:
    NO_COLOR is set, or the stream is no terminal and neither FORCE_COLOR nor TTY_COMPATIBLE
    says to treat it as one."""
    if os.environ.get("NO_COLOR", ""):
        return True
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    return not _is_terminal(stream)


def _write(stream: TextIO, pending: list[str]) -> None:
    if pending:
        stream.write("".join(pending))
        stream.flush()
        pending.clear()


def problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line or 0, problem.field or "", problem.message)


def warn_problems(problems: list[Problem]) -> None:
    """Commands other than `check` go on past bad files, but say so."""
    if not problems:
        return
    from ssvssj.i18n import tr

    files = len({p.file for p in problems})
    warning = tr(
        "warning: skipped {files} file(s) with {n} problem(s); run `ssvssj check` for details",
        "注意：已跳过 {files} 个有问题的文件（共 {n} 个问题）；运行 `ssvssj check` 查看详情",
        n=len(problems),
        files=files,
    )
    print_lines([(warning, "yellow")], stderr=True)


def warn_each(problems: list[Problem]) -> None:
    """Problems a command does not stop for but must not keep quiet about, one line each."""
    if not problems:
        return
    from ssvssj.i18n import tr

    print_lines(
        (
            (tr("warning: {problem}", "注意：{problem}", problem=shown_problem(problem)), "yellow")
            for problem in problems
        ),
        stderr=True,
    )


def deliver(data: bytes, output: Path | None) -> None:
    """A command's document to standard output, or to the file `-o` names (`-o -`, as in most
    tools, is standard output too)."""
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ssvssj.store.files import write_output

    write_output(output, data)


def emit_json(kind: str, payload: Any) -> None:
    """A versioned envelope, so scripts can rely on the shape."""
    sys.stdout.write(json_text(kind, payload))


def json_text(kind: str, payload: Any) -> str:
    """Strict JSON: a number that is not finite is null (NaN and Infinity are not JSON), and
    control characters are escaped (JSON escapes only those below U+0020 by itself). A byte
    that was not UTF-8 (a lone surrogate, which is no character) is shown as the text format
    shows it, `\\udcff`, so the document is UTF-8 and names the same file."""
    envelope = {"schema_version": JSON_VERSION, "kind": kind, **payload}
    return _escaped(_indented(envelope, "")) + "\n"


# Items of a listed part laid out before they are escaped and written together: a few hundred
# cases' worth of text at a time, never the whole document.
WRITTEN_TOGETHER = 256


class Laid(str):
    """An item of a listed part that its maker laid out itself, as `_indented` lays it out at
    the list's margin: a command listing many items of one shape can do it faster."""


def write_json(kind: str, payload: dict[str, Any], out: TextIO | None = None) -> None:
    """The document `json_text` makes, written while it is made: each item of a top-level
    list (or iterator) on its own, so a list of 100,000 cases is never one string. An item
    already `Laid` out is written as it is."""
    stream = out or sys.stdout
    envelope = {"schema_version": JSON_VERSION, "kind": kind, **payload}
    pieces: list[str] = ["{"]
    for number, (key, value) in enumerate(envelope.items()):
        pieces.append(("," if number else "") + "\n  " + _indented(key, "  ") + ": ")
        if not isinstance(value, list | tuple | Iterator):
            pieces.append(_indented(value, "  "))
            continue
        items = 0
        for item in value:
            laid = item if type(item) is Laid else _indented(item, "    ")
            pieces.append(("," if items else "[") + "\n    " + laid)
            items += 1
            if len(pieces) >= WRITTEN_TOGETHER:
                stream.write(_escaped("".join(pieces)))
                pieces.clear()
        pieces.append("\n  ]" if items else "[]")
    pieces.append("\n}\n")
    stream.write(_escaped("".join(pieces)))


def _escaped(text: str) -> str:
    """Control characters and lone surrogates of laid-out JSON as escapes (see `json_text`).
    Most text has neither: one search tells, rather than two replacements."""
    if _CONTROL.search(text) is None:
        return text
    text = _SURROGATE.sub(lambda found: f"\\\\u{ord(found.group()):04x}", text)
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


_SCALARS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _: "null",
    bool: lambda value: "true" if value else "false",
    int: int.__repr__,
    str: json.encoder.encode_basestring,
}
# A mapping's layout by its margin and its keys, its values left to fill in: the same few keys
# repeat for every item of a long list (mappings by ids, whose keys never repeat, fill it only
# so far).
_LAYOUTS: dict[tuple[str, ...], str] = {}
LAYOUTS_KEPT = 256


def _layout(margin: str, keys: tuple[str, ...]) -> str:
    inner = margin + "  "
    heads = [inner + _SCALARS[str](key).replace("%", "%%") + ": %s" for key in keys]
    return "{\n" + ",\n".join(heads) + "\n" + margin + "}"


def _indented(value: Any, margin: str) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2, default=str)` lays it out,
    its lines after the first starting at `margin`, with a number that is not finite as null.
    Plain strings, whole numbers, lists and mappings by string are laid out here, much faster
    than the library's indenting encoder; anything else is left to it."""
    scalars = _SCALARS
    scalar = scalars.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = margin + "  "
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        laid = []
        for item in value:
            scalar = scalars.get(type(item))
            laid.append(inner + (scalar(item) if scalar is not None else _indented(item, inner)))
        return "[\n" + ",\n".join(laid) + "\n" + margin + "]"
    if type(value) is dict and value:
        shape = (margin, *value)
        layout = _LAYOUTS.get(shape)
        if layout is None and all(type(key) is str for key in value):
            layout = _layout(margin, shape[1:])
            if len(_LAYOUTS) < LAYOUTS_KEPT:
                _LAYOUTS[shape] = layout
        if layout is not None:
            laid = []
            for item in value.values():
                scalar = scalars.get(type(item))
                laid.append(scalar(item) if scalar is not None else _indented(item, inner))
            return layout % tuple(laid)
    if type(value) is dict and not value:
        return "{}"
    try:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    except ValueError:
        text = json.dumps(finite(value), ensure_ascii=False, indent=2, default=str)
    return text.replace("\n", "\n" + margin)


def finite(value: Any) -> Any:
    """`value` with every float that is not finite replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


class ProgressBar:
    """A progress bar on stderr for long work, only where a person watches a terminal.

    Call it with (done, total); it appears once the work is large enough to take a while.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.unwatched = False  # stderr is no terminal: nothing is ever shown

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if self.unwatched or total < PROGRESS_FROM:
                return
            err = console(stderr=True)
            if not err.is_terminal:
                self.unwatched = True
                return
            from rich.progress import Progress

            self.bar = Progress(console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[], None]]:
    """A bar that advances one step per call of the function it gives."""
    bar = ProgressBar(label)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        bar(done, total)

    try:
        yield advance
    finally:
        bar.close()


def draft_lines(notes: list[DraftNote]) -> list[str]:
    """Drafts are answers not yet in a case file: shown so that none is forgotten."""
    from ssvssj.i18n import tr

    if not notes:
        return []
    states = {
        "new": tr("not yet a case", "尚未成为案例"),
        "current": tr("answers not yet in the case file", "有回答尚未写入案例文件"),
        "stale": tr(
            "the case changed after it was saved; not applied",
            "案例在草稿保存之后被改过；不会套用",
        ),
        "broken": tr("cannot be read", "无法读取"),
    }
    lines = [
        tr(
            "{count} draft(s); resume with: ssvssj case continue ID",
            "{count} 份草稿；继续：ssvssj case continue 编号",
            count=len(notes),
        )
    ]
    for note in notes:
        title = f"  {note.title}" if note.title else ""
        lines.append(
            tr(
                "  {id}{title}  ({state})",
                "  {id}{title}（{state}）",
                id=note.case_id,
                title=title,
                state=states[note.state],
            )
        )
    return lines
