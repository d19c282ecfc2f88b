"""The fast reading path gives exactly what the full loader gives, or leaves the file to it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ssvssj.store import yamlread
from ssvssj.store.yamlread import ReadError, parse

SAMPLES = [
    "a: 0571\nb: 10:30\nc: 0x1F\nd: true\ne: ~\nf: null\ng: -0\nh: +5\ni: 12\nj: 1_000\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 1\n",
    'a: "\\e]0;title\\a"\n',
    '"\\x01": 1\n',
    'a: "line\\rbreak"\n',
    "a: &x 1\nb: *x\n",
    "a: &x 1\nb: 2\n",
    "a: !!int abc\n",
    "a: !!str 5\n",
    "a: !local x\n",
    "a: ! 5\n",
    "!!map {a: 1}\n",
    "? [a]\n: b\n",
    "? {a: 1}\n: b\n",
    "a: 1\n---\nb: 2\n",
    "# only a comment\n",
    "---\n",
    "---\na: 1\n...\n",
    "- " * 70 + "x\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",
    "a: [1, {b: c}, [d, '']]\n",
    "a: |\n  x\n  y\nb: >\n  folded\n  text\n",
    "a: 'q''s'\nb: \"\"\n",
    "1: a\n~: b\n'': c\n",
    'a: "\\x85"\n',
    "a: b\n  c: d\n",
    "a: [1, 2\n",
    "a: \ufdd0\n",
    "a: \U0001fffe\n",
    "\ufeffa: 1\n",
    "a: 1\r\nb: 2\r\n",
    "a: x\rb\n",
    "a: 12345678901234567890\n",
    "- 1\n- 2\n",
    "plain\n",
    "a: @x\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: {b: 1, b: 2}\n",
    "a:\n- b: 1\n  c: [x, y]\n- ~\n",
]


def outcome(raw: bytes) -> tuple[str, Any]:
    try:
        return "data", parse(raw)
    except ReadError as error:
        return "error", error.all


def full_outcome(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    with monkeypatch.context() as patched:
        patched.setattr(yamlread, "_CParser", None)
        return outcome(raw)


@pytest.mark.skipif(yamlread._CParser is None, reason="the fast path needs libyaml")
@pytest.mark.parametrize("text", SAMPLES)
def test_the_fast_path_agrees_with_the_full_loader(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = text.encode("utf-8")
    assert outcome(raw) == full_outcome(raw, monkeypatch)


def test_the_fast_path_reads_an_ordinary_file_itself() -> None:
    if yamlread._CParser is None:
        pytest.skip("the fast path needs libyaml")
    raw = b"a: 0571\nb: [1, ~, 'x']\nc:\n  d: 10:30\n"
    assert yamlread._plain_data(raw) == {"a": "0571", "b": [1, None, "x"], "c": {"d": "10:30"}}
    assert yamlread._plain_data(b"a: 1\na: 2\n") is yamlread._UNUSUAL


scalars = st.one_of(
    st.none(),
    st.integers(),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["0571", "10:30", "0x1F", "yes", "~", "null", "-0", "+5", "1.5", "2026-11-02"]),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers()), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(tree=trees, flow=st.sampled_from([None, True, False]), quoted=st.booleans())
def test_any_document_reads_the_same_either_way(tree: Any, flow: bool | None, quoted: bool) -> None:
    text = yaml.safe_dump(
        tree,
        default_flow_style=flow,
        default_style='"' if quoted else None,
        allow_unicode=True,
    )
    raw = text.encode("utf-8")
    fast = outcome(raw)
    saved = yamlread._CParser
    yamlread._CParser = None
    try:
        full = outcome(raw)
    finally:
        yamlread._CParser = saved
    assert fast == full
