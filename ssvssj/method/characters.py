"""Characters a person cannot see, shared by the checks on names and ids and by name matching."""

from __future__ import annotations

import re

# Default_Ignorable_Code_Point, from the Unicode Character Database's DerivedCoreProperties.txt
# (Unicode 15.1), which already holds the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0).
# Python's unicodedata does not expose the property, so its ranges are written out once here.
DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

INVISIBLE = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in DEFAULT_IGNORABLE) + "]"
)

# Characters that change the direction text is shown in: they can make a name or an id look
# like another one, and reorder what a terminal shows.
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# The same characters as a regular expression class body, for the checks and the exports.
BIDI_CLASS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"


def first_invisible(text: str) -> str | None:
    """The first character of `text` that shows nothing: an ignorable one or a format control."""
    found = INVISIBLE.search(text)
    if text.isprintable():  # no format control: Python counts none of them printable
        return None if found is None else found.group()
    import unicodedata

    formats = (char for char in text if unicodedata.category(char) == "Cf")
    first_format = next(formats, None)
    if found is None:
        return first_format
    if first_format is None:
        return found.group()
    return min(found.group(), first_format, key=text.index)
