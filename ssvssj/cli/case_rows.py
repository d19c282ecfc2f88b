"""The case list as lines written while they are made: the first screen of 100,000 cases
appears at once, where a table laid out as a whole would wait for the last row."""

from __future__ import annotations

import operator
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ssvssj.cli.cells import cell_len
from ssvssj.cli.linebreak import wrap
from ssvssj.i18n import language, tr
from ssvssj.method.terms import state_word, term

STATE_COLOUR = {"open": "33", "solved": "32", "verified": "1;32", "dropped": "2"}
GAP = "  "
TOUCHPOINT_WIDTH = 16
# Narrower than this, a title would break every few characters: each case becomes a block.
TITLE_WIDTH = 20
PAIR_GAP = "   "
SCREEN_LINES = 64  # lines written and flushed together: a screen arrives at once


def _severity(row: dict[str, Any]) -> str:
    """A gain has no severity; an unrated pain reads as unrated (未评), never as a number."""
    if row.get("kind") == "gain":
        return tr("gain", "亮点")
    value = row["severity"]
    return tr("unrated", "未评") if value is None else str(value)


def _step(row: dict[str, Any]) -> str:
    return f"{row['step_number']}/5 {term(row['step'], language(), 'step')}"


def _state(row: dict[str, Any]) -> str:
    return state_word(row["state"], row.get("kind"), language())


def _fold(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells (CJK characters take two), broken where a
    reader expects (see `linebreak`)."""
    flat = " ".join(text.split())
    # Most titles fit on their line; no character takes more than two cells, so a title of at
    # most half the width fits without measuring it.
    if 2 * len(flat) <= width or cell_len(flat) <= width:
        return [flat]
    return wrap(flat, width) or [""]


def _pad(text: str, width: int, right: bool = False) -> str:
    cells = len(text) if text.isascii() and text.isprintable() else cell_len(text)
    space = " " * max(0, width - cells)
    return space + text if right else text + space


class _Cells:
    """The table's cells that repeat (a step, a state, a severity, a touchpoint), each made
    once for each value: a list of 10,000 cases has a few dozen of them."""

    def __init__(self) -> None:
        self.steps: dict[tuple[str, object], str] = {}
        self.states: dict[tuple[str, object], str] = {}
        self.severities: dict[tuple[object, object], str] = {}

    def step(self, row: dict[str, Any]) -> str:
        key = (row["step"], row["step_number"])
        found = self.steps.get(key)
        if found is None:
            found = self.steps[key] = _step(row)
        return found

    def state(self, row: dict[str, Any]) -> str:
        key = (row["state"], row.get("kind"))
        found = self.states.get(key)
        if found is None:
            found = self.states[key] = _state(row)
        return found

    def severity(self, row: dict[str, Any]) -> str:
        key = (row["severity"], row.get("kind") == "gain")
        found = self.severities.get(key)
        if found is None:
            found = self.severities[key] = _severity(row)
        return found


def table_lines(rows: list[dict[str, Any]], width: int, colour: bool) -> Iterator[str]:
    """The header, one or more lines per case, and the count; only the count when no case
    is listed."""
    if not rows:
        yield tr("{n} case(s)", "{n} 个案例", n=0)
        return
    header = [
        tr("id", "编号"),
        tr("step", "步骤"),
        tr("state", "状态"),
        tr("sev", "严重程度"),
        tr("touchpoint", "触点"),
        tr("title", "标题"),
    ]
    cells = _Cells()
    # The cells between the id and the title, made once for each of the few sets of values
    # they show (a list of 10,000 cases has a few hundred): a row adds only its id and title.
    shown = operator.itemgetter("step", "step_number", "state", "kind", "severity", "touchpoint")
    shapes = {shown(row): row for row in rows}
    for row in shapes.values():
        cells.step(row)
        cells.state(row)
        cells.severity(row)
    step_width = max([cell_len(header[1]), *map(cell_len, cells.steps.values())])
    state_width = max([cell_len(header[2]), *map(cell_len, cells.states.values())])
    severity_width = max([cell_len(header[3]), *map(cell_len, cells.severities.values())])
    touchpoints = {row["touchpoint"] for row in shapes.values()}
    touchpoint_width = min(
        TOUCHPOINT_WIDTH, max([cell_len(header[4]), *map(cell_len, touchpoints)])
    )
    fixed = [13, step_width, state_width, severity_width, touchpoint_width]
    title_width = width - sum(fixed) - len(GAP) * len(fixed)
    if title_width < TITLE_WIDTH:
        yield from _blocks(rows, header, width, colour)
        return
    widths = [*fixed, title_width]
    yield GAP.join(
        _pad(h, w, right=index == 3)
        for index, (h, w) in enumerate(zip(header, widths, strict=True))
    ).rstrip()
    yield GAP.join("─" * w for w in widths)
    middles: dict[tuple[Any, ...], tuple[str, list[str]]] = {}
    for shape, row in shapes.items():
        touchpoint = _fold(row["touchpoint"], touchpoint_width)
        state = _pad(cells.state(row), state_width)
        if colour:
            state = f"\x1b[{STATE_COLOUR.get(row['state'], '0')}m{state}\x1b[0m"
        between = [
            _pad(cells.step(row), step_width),
            state,
            _pad(cells.severity(row), severity_width, right=True),
            _pad(touchpoint[0], touchpoint_width),
        ]
        middles[shape] = (GAP + GAP.join(between) + GAP, touchpoint)
    for row in rows:
        middle, touchpoint = middles[shown(row)]
        title = _fold(row["title"], title_width)
        yield (_pad(row["id"], 13) + middle + title[0]).rstrip()
        for index in range(1, max(len(touchpoint), len(title))):
            rest = [" " * w for w in fixed]
            rest[4] = _pad(touchpoint[index] if index < len(touchpoint) else "", touchpoint_width)
            yield (GAP.join(rest) + GAP + (title[index] if index < len(title) else "")).rstrip()
    yield tr("{n} case(s)", "{n} 个案例", n=len(rows))


def _blocks(
    rows: list[dict[str, Any]], header: list[str], width: int, colour: bool
) -> Iterator[str]:
    """Each case as a block of `header: value` pairs, for a terminal too narrow for columns."""
    for number, row in enumerate(rows):
        if number:
            yield ""
        state = _state(row)
        values = [row["id"], _step(row), state, _severity(row), row["touchpoint"], row["title"]]
        pairs = [
            tr("{header}: {value}", "{header}：{value}", header=h, value=v)
            for h, v in zip(header, values, strict=True)
        ]
        for line in _flowed(pairs, width):
            if colour and state in line:
                line = line.replace(
                    state, f"\x1b[{STATE_COLOUR.get(row['state'], '0')}m{state}\x1b[0m", 1
                )
            yield line
    yield tr("{n} case(s)", "{n} 个案例", n=len(rows))


def _flowed(pairs: list[str], width: int) -> list[str]:
    """As many pairs on a line as fit; a pair wider than a line is wrapped."""
    lines: list[str] = []
    for pair in pairs:
        if lines and cell_len(lines[-1]) + len(PAIR_GAP) + cell_len(pair) <= width:
            lines[-1] += PAIR_GAP + pair
        else:
            lines += _fold(pair, width)
    return lines


def write_lines(lines: Iterable[str], out: TextIO | None = None) -> None:
    """Each line as soon as it is made, flushed a screen at a time."""
    stream = out or sys.stdout
    screen: list[str] = []
    for line in lines:
        screen.append(line)
        if len(screen) == SCREEN_LINES:
            stream.write("\n".join(screen) + "\n")
            stream.flush()
            screen.clear()
    if screen:
        stream.write("\n".join(screen) + "\n")
    stream.flush()
