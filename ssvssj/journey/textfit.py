"""Text measured by display width and wrapped to a box, without a font engine.

Widths are in em and err on the wide side, so that text laid out here never leaves its box in a
real renderer: CJK (and ambiguous-width) characters take a full em, Latin letters a generous
share of one. Pure.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

ELLIPSIS = "…"
WIDEST = 1.3
_NARROW = frozenset("iljtfrI.,;:!'|()[]{} ")
_WIDE_LATIN = frozenset("mwMW@%&")
_NO_LINE_START = frozenset("，。、：；！？）】」』”’,.;:!?)]}…%")


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """The width of one character in em, rounded up. A mark that stacks on a letter takes a
    full em: a font that has it stacks it, one that does not draws it beside the letter."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return 0.0
    if category in ("Mn", "Me") or unicodedata.combining(ch):
        return 1.0
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0 if ord(ch) < 0x1F000 else WIDEST
    if ch in _NARROW:
        return 0.42
    if ch in _WIDE_LATIN:
        return 1.0
    if ch.isupper() or ch.isdigit():
        return 0.72
    if ch.isascii():
        return 0.62
    return 1.0 if ord(ch) >= 0x2000 else 0.72


def text_em(text: str) -> float:
    """Added from the left, as `_Line` adds: a line's width is the same however it was found."""
    em = 0.0
    for ch in text:
        em += char_em(ch)
    return em


class _Line:
    """A line being filled, with the width of each of its beginnings: the width of the line
    with a token added is then found without measuring the line again."""

    def __init__(self, text: str = "") -> None:
        self.text = ""
        self.widths = [0.0]
        self.add(text)

    def add(self, text: str) -> None:
        self.text += text
        self.widths += self._widths_after(text)

    def _widths_after(self, text: str) -> list[float]:
        em = self.widths[-1]
        widths = []
        for ch in text:
            em += char_em(ch)
            widths.append(em)
        return widths

    def em_with(self, token: str) -> float:
        """The width of the line with `token` added, without the spaces it would end with."""
        shown = len((self.text + token).rstrip())
        if shown <= len(self.text):
            return self.widths[shown]
        return self._widths_after(token[: shown - len(self.text)])[-1]


def text_width(text: str, size: float) -> float:
    """The width of `text` set at font size `size`, in the same unit as `size`."""
    return text_em(text) * size


def _tokens(text: str) -> list[str]:
    """Break opportunities: every CJK character stands alone; Latin words keep together with
    the space that follows them."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if char_em(ch) >= 1.0 and ord(ch) >= 0x2E80:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def wrap(text: str, width_em: float, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width_em`, at most `max_lines` of them; what does not fit
    ends in an ellipsis. Closing punctuation never starts a line."""
    if max_lines < 1 or width_em < WIDEST:
        return []
    lines = list(islice(_lines(text, width_em), max_lines + 1))  # one more tells it is cut
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = ellipsize(kept[-1] + " ", width_em)
    return kept


def _lines(text: str, width_em: float) -> Iterator[str]:
    """`text`'s lines, each as soon as it is full: a long text shown in a few lines is not
    wrapped to its end."""
    line = _Line()
    for token in _tokens(" ".join(text.split())):
        if line.em_with(token) <= width_em:
            line.add(token)
            continue
        if line.text and token[0] in _NO_LINE_START and len(line.text) > 1:
            carried = line.text[-1]
            yield line.text[:-1].rstrip()
            line = _Line(carried)
        elif line.text:
            yield line.text.rstrip()
            line = _Line()
        for ch in token:
            if line.text and line.em_with(ch) > width_em:
                yield line.text.rstrip()
                line = _Line()
            line.add(ch)
    if line.text.strip():
        yield line.text.rstrip()


def ellipsize(text: str, width_em: float) -> str:
    """`text` cut so that it and an ellipsis fit in `width_em`."""
    cut = text.rstrip()
    while cut and text_em(cut + ELLIPSIS) > width_em:
        cut = cut[:-1].rstrip()
    return cut + ELLIPSIS if text_em(cut + ELLIPSIS) <= width_em else ""
