"""Text measured by display width and wrapped to a box, without a font engine.

Widths are in em and err on the wide side, so that text laid out here never leaves its box in a
real renderer: CJK (and ambiguous-width) characters take a full em, Latin letters a generous
share of one. Pure.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
WIDEST = 1.3
_NARROW = frozenset("iljtfrI.,;:!'|()[]{} ")
_WIDE_LATIN = frozenset("mwMW@%&")
_NO_LINE_START = frozenset("，。、：；！？）】」』”’,.;:!?)]}…%")


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """The width of one character in em, rounded up."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
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
    return sum(char_em(ch) for ch in text)


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
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if text_em((line + token).rstrip()) <= width_em:
            line += token
            continue
        if line and token[0] in _NO_LINE_START and len(line) > 1:
            carried = line[-1]
            lines.append(line[:-1].rstrip())
            line = carried
        elif line:
            lines.append(line.rstrip())
            line = ""
        for ch in token:
            if text_em((line + ch).rstrip()) > width_em and line:
                lines.append(line.rstrip())
                line = ""
            line += ch
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = ellipsize(kept[-1] + " ", width_em)
    return kept


def ellipsize(text: str, width_em: float) -> str:
    """`text` cut so that it and an ellipsis fit in `width_em`."""
    cut = text.rstrip()
    while cut and text_em(cut + ELLIPSIS) > width_em:
        cut = cut[:-1].rstrip()
    return cut + ELLIPSIS if text_em(cut + ELLIPSIS) <= width_em else ""
