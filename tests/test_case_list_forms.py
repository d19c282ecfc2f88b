"""Both forms of `case list` are laid out from the kept outline by faster routes than a row at
a time through the general layout: a JSON item laid out at once is the one `write_json` lays
out, the table's cells between id and title are made once for each set of values, and on
workspaces of other shapes, widths and languages the list with its index warm, after a change
and with an empty cache is byte for byte the same."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synthetic import make_workspace
from ssvssj.cli.case import _json_items, _json_row
from ssvssj.cli.case_rows import table_lines
from ssvssj.cli.output import Laid, _indented
from tests.conftest import Cli
from tests.kept import with_empty_cache

# Text with what JSON escapes: quotes, backslashes, control characters, a lone surrogate.
TEXTS = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=12)
ODD = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers()))


@given(
    texts=st.lists(st.one_of(TEXTS, ODD), min_size=6, max_size=6),
    since=st.one_of(st.none(), TEXTS, ODD),
    severity=st.one_of(st.none(), st.integers(-(2**70), 2**70), ODD),
    tags=st.one_of(st.lists(TEXTS, max_size=4), st.lists(st.one_of(TEXTS, ODD), max_size=3)),
    updated=st.one_of(TEXTS, ODD),
    file=TEXTS,
)
def test_a_json_item_laid_at_once_is_the_one_write_json_lays_out(
    texts: list[Any], since: Any, severity: Any, tags: Any, updated: Any, file: str
) -> None:
    keys = ("id", "title", "step", "state", "touchpoint", "kind")
    row = dict(zip(keys, texts, strict=True))
    row.update({"from": since, "severity": severity, "tags": tags, "updated": updated})
    [item] = _json_items([(file, row)])
    expected = _indented(_json_row(row, file), "    ")
    assert (item if type(item) is Laid else _indented(item, "    ")) == expected


ASKS: list[tuple[str, ...]] = [
    ("case", "list"),
    ("case", "list", "--json"),
    ("case", "list", "--open"),
]


def _outputs(root: Path) -> dict[tuple[str, ...], bytes]:
    cli = Cli(root)
    return {args: cli(*args).stdout_bytes for args in ASKS}


@pytest.mark.parametrize(("seed", "columns", "language"), [(8, "72", "zh"), (61, "200", "en")])
def test_warm_changed_and_empty_cache_lists_are_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, columns: str, language: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    root = tmp_path / "ws"
    make_workspace(root, 90, seed=seed)
    settings = root / "ssvssj.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", text), "utf-8")
    files = sorted((root / "cases").rglob("*.yaml"))
    long_title = "很长的标题" * 30 + " and a long English tail " * 4
    text = files[3].read_text(encoding="utf-8")
    files[3].write_text(re.sub(r"(?m)^title: .*$", f"title: {long_title}", text), "utf-8")
    first = _outputs(root)
    assert first == with_empty_cache(lambda: _outputs(root), tmp_path, monkeypatch)
    assert _outputs(root) == first
    assert "很长的标题".encode() in first["case", "list"]
    text = files[11].read_text(encoding="utf-8")
    files[11].write_text(text.replace("\ntitle: ", "\ntitle: 改过 ", 1), encoding="utf-8")
    changed = _outputs(root)
    assert changed == with_empty_cache(lambda: _outputs(root), tmp_path, monkeypatch)
    assert changed != first and "改过".encode() in changed["case", "list", "--json"]
    assert _outputs(root) == changed


def test_a_coloured_table_is_the_plain_one_with_each_state_coloured(tmp_path: Path) -> None:
    from ssvssj.store.scan import outline

    root = tmp_path / "ws"
    make_workspace(root, 60, seed=23)
    rows = [row for _, row in outline(root, use_cache=False).rows]
    plain = list(table_lines(rows, 120, False))
    coloured = list(table_lines(rows, 120, True))
    assert coloured != plain
    assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in coloured] == plain
    states = {row["state"] for row in rows}
    assert len(states) > 1
    assert sum("\x1b[" in line for line in coloured) == len(rows)
