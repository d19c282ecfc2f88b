"""Text for XML and HTML documents (the SVG map, its HTML page, GraphML): one rule for all."""

from __future__ import annotations

import re
from html import escape

from ssvssj.method.characters import BIDI_CLASS

# What XML 1.0 cannot hold (control characters other than tab and line breaks, surrogates,
# U+FFFE and U+FFFF), plus C1 controls, which a terminal or a spreadsheet would act on, and the
# direction controls, which reorder what is shown after them. NUL also ends a C string in
# Graphviz. Each becomes U+FFFD, so the document stays well-formed.
_NOT_TEXT = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CLASS}\ud800-\udfff\ufffe\uffff]"
)


def printable(text: str) -> str:
    """`text` with each character XML cannot hold replaced by U+FFFD; tab and line breaks stay."""
    return _NOT_TEXT.sub("\ufffd", text)


def xml_text(text: str, *, quote: bool = True) -> str:
    """`text` as XML or HTML character data (and, with `quote`, an attribute value): printable,
    then escaped."""
    return escape(printable(text), quote=quote)
