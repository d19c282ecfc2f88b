"""The quick cell count agrees with rich's wherever it does not ask rich."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len

from ssvssj.cli.cells import cell_len

COMMON = [
    *range(0x20, 0x7F),
    *range(0x3001, 0x302A),
    *range(0x3030, 0x303F),
    *range(0x3400, 0x4DC0),
    *range(0x4E00, 0xA000),
    *range(0xFF01, 0xFF61),
    *range(0xFFE0, 0xFFE7),
]


def test_every_common_character_takes_the_cells_rich_gives_it() -> None:
    wrong = [hex(code) for code in COMMON if cell_len(chr(code)) != rich_cell_len(chr(code))]
    assert wrong == []


@given(st.text(alphabet=st.sampled_from([chr(code) for code in COMMON[::97]] + ["中", "a"])))
def test_common_text_takes_the_cells_rich_gives_it(text: str) -> None:
    assert cell_len(text) == rich_cell_len(text)


@given(st.text())
def test_any_text_takes_the_cells_rich_gives_it(text: str) -> None:
    assert cell_len(text) == rich_cell_len(text)
