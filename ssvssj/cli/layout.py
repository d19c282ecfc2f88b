"""Tables and paragraphs laid out for the terminal's width by Chinese line-breaking rules.

rich shares a narrow width out by shrinking the widest columns and then cuts words wherever
the column ends: ids, dates, short names and headers fall apart. Here each column is at least
as wide as its longest unbreakable piece (see `linebreak`), cells break only where a reader
expects, and a table that cannot fit so is shown as one block per row instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich import box as boxes
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ssvssj.cli.linebreak import longest_piece, widest_line, wrap_spans
from ssvssj.cli.output import wraps_text
from ssvssj.i18n import tr

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.style import StyleType
    from rich.text import TextType


def wrapped(text: Text, width: int) -> Text:
    """`text` broken into lines of at most `width` cells, its styles kept."""
    spans = wrap_spans(text.plain, width)
    if len(spans) <= 1:
        return text
    return Text("\n").join(text[start:end] for start, end in spans)


def _text(cell: TextType | None) -> Text:
    if cell is None:
        return Text("")
    return cell if isinstance(cell, Text) else Text(cell)


class Paragraph:
    """Text wrapped to the width by Chinese line-breaking rules where the console wraps text
    (a terminal, or a width set with COLUMNS) and inside a frame; a line each, unwrapped, at
    the top level of output to a pipe."""

    def __init__(self, text: TextType, style: StyleType = "") -> None:
        self.text = _text(text)
        if style:
            self.text.stylize(style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not wraps_text(console) and options.max_width >= console.width:
            yield self.text
            return
        yield from wrapped(self.text, options.max_width).split("\n", allow_blank=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        return Measurement(longest_piece(plain), widest_line(plain)).with_maximum(options.max_width)


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"  # "left" or "right"
    style: str = ""
    breaks: bool = True  # False: a cell is never broken (numbers, bars)


@dataclass
class FitTable:
    """A table whose columns never cut a piece of text; one block per row when too narrow."""

    columns: list[Column]
    title: str | None = None
    caption: str | None = None
    box: Box | None = boxes.SIMPLE_HEAD
    pad_edge: bool = False
    show_header: bool = True
    rows: list[tuple[list[Text], bool]] = field(default_factory=list)

    def add_row(self, *cells: TextType | None, end_section: bool = False) -> None:
        self.rows.append(([_text(cell) for cell in cells], end_section))

    def _cells(self, index: int) -> Iterable[str]:
        if self.show_header:
            yield self.columns[index].header
        for cells, _ in self.rows:
            yield cells[index].plain

    def ranges(self) -> list[tuple[int, int]]:
        """Each column's (narrowest, widest) width in cells."""
        found = []
        for index, column in enumerate(self.columns):
            texts = list(self._cells(index))
            widest = max((widest_line(text) for text in texts), default=0)
            narrowest = max((longest_piece(text) for text in texts), default=0)
            found.append((narrowest if column.breaks else widest, widest))
        return found

    def widths(self, available: int) -> list[int] | None:
        """The widest columns give way first, none below its narrowest; None when even the
        narrowest do not fit."""
        ranges = self.ranges()
        if sum(low for low, _ in ranges) > available:
            return None
        low, high = 0, max((top for _, top in ranges), default=0)
        while low < high:  # the largest cap on every column's width that fits
            cap = (low + high + 1) // 2
            if sum(max(least, min(most, cap)) for least, most in ranges) <= available:
                low = cap
            else:
                high = cap - 1
        return [max(least, min(most, low)) for least, most in ranges]

    def _table(self, widths: list[int] | None) -> Table:
        table = Table(box=self.box, pad_edge=self.pad_edge, show_header=self.show_header)
        for index, column in enumerate(self.columns):
            table.add_column(
                column.header if widths is None else wrapped(Text(column.header), widths[index]),
                justify="right" if column.justify == "right" else "left",
                style=column.style or None,
                no_wrap=True,
                width=None if widths is None else max(1, widths[index]),
            )
        return table

    def _overhead(self, console: Console, options: ConsoleOptions) -> int:
        """The cells borders and padding take, whatever the columns' widths."""
        probe = self._table([1] * len(self.columns))
        measured = Measurement.get(console, options.update_width(10**6), probe)
        return measured.maximum - len(self.columns)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Paragraph(self.title, "italic")
        widths = self.widths(options.max_width - self._overhead(console, options))
        if widths is None:
            yield from self._blocks(options.max_width)
        else:
            table = self._table(widths)
            for cells, end_section in self.rows:
                table.add_row(
                    *(wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)),
                    end_section=end_section,
                )
            yield table
        if self.caption:
            yield Paragraph(self.caption, "dim")

    def _blocks(self, width: int) -> RenderResult:
        """Each row as a block of `header: value` pairs side by side, for a terminal too narrow
        for the table; a pair starts a line of its own where the rest of a line cannot hold it."""
        for number, (cells, _) in enumerate(self.rows):
            if number:
                yield Text("")
            yield from _flowed(
                [
                    Text.assemble((_label(column.header), "bold"), cell)
                    for column, cell in zip(self.columns, cells, strict=True)
                    if cell.plain.strip()
                ],
                width,
            )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        overhead = self._overhead(console, options)
        ranges = self.ranges()
        return Measurement(
            sum(low for low, _ in ranges) + overhead, sum(high for _, high in ranges) + overhead
        ).with_maximum(options.max_width)


PAIR_GAP = "   "


def _label(header: str) -> str:
    return tr("{header}: ", "{header}：", header=header)


def _flowed(pairs: list[Text], width: int) -> list[Text]:
    """Lines of pairs, as many on a line as fit; a pair wider than a line is wrapped."""
    lines: list[Text] = []
    current: Text | None = None
    for pair in pairs:
        if current is not None and current.cell_len + len(PAIR_GAP) + pair.cell_len <= width:
            current.append(PAIR_GAP)
            current.append_text(pair)
            continue
        if current is not None:
            lines.append(current)
        if pair.cell_len <= width:
            current = pair.copy()
            continue
        lines += wrapped(pair, width).split("\n")
        current = None
    if current is not None:
        lines.append(current)
    return lines
