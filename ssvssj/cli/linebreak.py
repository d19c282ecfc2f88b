"""Where a line of mixed Chinese and Latin text may break, as a Chinese reader expects.

Chinese has no spaces, so a terminal (and rich) breaks it anywhere: inside an id, a date, a
short name, between a number and its measure word, or before a closing bracket. Here a break
falls only where a typesetter would put one:

- never inside a run of Latin letters, digits and signs (ids, dates, option names, words);
- never between a number and its measure word (`5 个案例`, `11项`, `2026年11月`);
- never inside a short run of Chinese characters (a name such as 门店接待台), only in longer
  prose;
- never before closing punctuation (，。、：；）” …) nor after opening punctuation (“（);
- never before an arrow or a middle dot that stands between names (`展厅 → 试驾`).

A piece that is wider than the whole line is the only thing ever cut, as a last resort.
"""

from __future__ import annotations

import re

from ssvssj.cli.cells import cell_len

# Chinese names of up to this many characters are kept whole.
SHORT_NAME = 6
CLOSING = frozenset("，。、：；！？）」』》〉】〕”’…—–·,.:;!?)]}%")
OPENING = frozenset("（「『《〈【〔“‘([{")
# A case id and the id of one of its details or solutions, as lists name them.
ITEM_REFERENCE = re.compile(r"\b\d{8}-[0-9a-z]{4} [ds]\d+\b")
# Separators written between spaces; the line breaks after them, never before.
JOINERS = frozenset("→←↔·|/=")


def _wide(char: str) -> bool:
    return cell_len(char) == 2


def _ideograph(char: str) -> bool:
    return _wide(char) and char not in CLOSING and char not in OPENING


def _latin(char: str) -> bool:
    return not char.isspace() and not _wide(char)


def break_points(text: str) -> list[tuple[int, int]]:
    """The places a line of `text` (no newline) may end: (where this line ends, where the next
    one starts); the two differ by the spaces a break swallows."""
    length = len(text)
    kept = _kept_whole(text)
    points: list[tuple[int, int]] = []
    index = 1
    while index < length:
        char = text[index]
        if char.isspace():
            end = index
            while end < length and text[end].isspace():
                end += 1
            if (
                end < length
                and not kept[index]
                and not text[index - 1].isspace()
                and _space_breaks(text, index, end)
            ):
                points.append((index, end))
            index = end + 1
            continue
        before = text[index - 1]
        if not before.isspace() and _char_breaks(before, char) and not kept[index]:
            points.append((index, index))
        index += 1
    return points


def _kept_whole(text: str) -> list[bool]:
    """For each index, whether a line may not break just before it: inside a short Chinese run,
    next to either end of a long one (no character left alone), inside an item's reference
    (`20261103-a7c2 s1`)."""
    length = len(text)
    kept = [False] * (length + 1)
    run_start = 0
    for index in range(length + 1):
        if index < length and _ideograph(text[index]):
            continue
        size = index - run_start
        if size > 1:
            whole = size <= SHORT_NAME
            for position in range(run_start + 1, index) if whole else (run_start + 1, index - 1):
                kept[position] = True
        run_start = index + 1
    for found in ITEM_REFERENCE.finditer(text):
        for position in range(found.start() + 1, found.end()):
            kept[position] = True
    return kept


def _char_breaks(before: str, char: str) -> bool:
    if _latin(before) and _latin(char):
        return False
    if char in CLOSING or before in OPENING:
        return False
    # A number and its measure word, a date written 2026年11月2日.
    return not ((before.isdigit() and _ideograph(char)) or (_ideograph(before) and char.isdigit()))


def _space_breaks(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1], text[end]
    if (
        start == 1 or end == len(text) - 1
    ):  # a lone mark stays with its text: "· 未发现痛点", "阶段 *"
        return False
    if after in CLOSING or after in JOINERS or before in OPENING:
        return False
    return not (before.isdigit() and _ideograph(after))


def pieces(text: str) -> list[tuple[int, int]]:
    """The unbreakable pieces of one line of `text`, as (start, end) offsets."""
    starts = [0]
    ends = []
    for end, start in break_points(text):
        ends.append(end)
        starts.append(start)
    ends.append(len(text))
    return list(zip(starts, ends, strict=True))


def longest_piece(text: str) -> int:
    """The narrowest a column can be that shows `text` without cutting a piece."""
    return max(
        (cell_len(line[start:end]) for line in text.split("\n") for start, end in pieces(line)),
        default=0,
    )


def widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Lines of at most `width` cells, as (start, end) offsets into `text`; each newline in
    `text` ends a line."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        lines += [(offset + start, offset + end) for start, end in _wrap_line(line, width)]
        offset += len(line) + 1
    return lines


def wrap(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_spans(text, width)]


def _wrap_line(line: str, width: int) -> list[tuple[int, int]]:
    width = max(1, width)
    if cell_len(line) <= width:
        return [(0, len(line))]
    cells = [0]
    for char in line:
        cells.append(cells[-1] + cell_len(char))
    lines: list[tuple[int, int]] = []
    start = end = None
    for piece_start, piece_end in pieces(line):
        if start is None or end is None:
            start, end = piece_start, piece_end
        elif cells[piece_end] - cells[start] <= width:
            end = piece_end
        else:
            lines += _cut(cells, start, end, width)
            start, end = piece_start, piece_end
    if start is not None and end is not None:
        lines += _cut(cells, start, end, width)
    return lines


def _cut(cells: list[int], start: int, end: int, width: int) -> list[tuple[int, int]]:
    """A line as it is, or, when a single piece is wider than the line, cut into widths."""
    lines = []
    while cells[end] - cells[start] > width:
        stop = start + 1
        while stop < end and cells[stop + 1] - cells[start] <= width:
            stop += 1
        lines.append((start, stop))
        start = stop
    lines.append((start, end))
    return lines
