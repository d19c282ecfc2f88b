"""How many terminal cells a text takes, without loading rich's width tables (a tenth of a
warm command's time) for the text a case list mostly holds: ASCII and Chinese."""

from __future__ import annotations

import re

# Printable ASCII takes one cell; CJK punctuation (not its tone marks, which take none),
# ideographs and full-width forms take two (Unicode's East Asian Width W and F, as rich counts
# them; tests/test_cells.py holds the two equal over every one of these characters). Every
# other character is measured by rich.
_COMMON = re.compile(
    "[\x20-\x7e\u3001-\u3029\u3030-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6]*"
)


def cell_len(text: str) -> int:
    if _COMMON.fullmatch(text):
        # Each wide character here is three bytes in UTF-8, each narrow one a byte.
        return len(text) + (len(text.encode("utf-8")) - len(text)) // 2
    from rich.cells import cell_len as measured

    return measured(text)
