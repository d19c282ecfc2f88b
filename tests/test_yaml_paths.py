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


def _locs(tree: Any, depth: int = 3) -> list[tuple[object, ...]]:
    """Every path into `tree` down to `depth`, and a few that lead nowhere."""
    found: list[tuple[object, ...]] = [(), ("nowhere",), (0,), (5,)]
    if depth == 0:
        return found
    items: list[tuple[object, Any]] = []
    if isinstance(tree, dict):
        items = [(str(key) if key is not None else "null", value) for key, value in tree.items()]
    elif isinstance(tree, list):
        items = list(enumerate(tree))
    for part, value in items:
        found += [(part, *rest) for rest in _locs(value, depth - 1)]
    return found


@settings(max_examples=300, deadline=None)
@given(tree=trees, flow=st.sampled_from([None, True, False]))
def test_the_lines_noted_while_reading_are_the_lines_of_the_nodes(
    tree: Any, flow: bool | None
) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    lines: yamlread.Lines = {}
    if yamlread._plain_data(text.encode("utf-8"), lines) is yamlread._UNUSUAL:
        assert lines == {}
        return
    for loc in _locs(tree):
        noted = yamlread.line_in(lines, loc)
        if noted is not None:
            assert noted == yamlread.line_of(text, loc), loc


def test_lines_are_noted_for_a_case_s_fields() -> None:
    text = "id: x\nsolve:\n- id: s1\n  due: 2026-01-01\n-\n  id: s2\nspot: {touchpoint: a}\n"
    lines: yamlread.Lines = {}
    assert yamlread._plain_data(text.encode(), lines) is not yamlread._UNUSUAL
    for loc, line in [
        (("solve", 0, "due"), 4),
        (("solve", 1), 6),
        (("solve", 1, "due"), 6),
        (("spot", "touchpoint"), 7),
        (("updated",), 1),
        (("solve", 9), 2),
    ]:
        assert yamlread.line_in(lines, loc) == line == yamlread.line_of(text, loc)


@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
@settings(max_examples=500)
def test_the_quick_screen_for_odd_characters_is_the_full_one(text: str) -> None:
    assert yamlread._has_odd(text) == (yamlread._ODD.search(text) is not None)


@pytest.mark.parametrize(
    "text",
    [
        "a\rb",
        "a\r\nb",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufdd0",
        "\U0001fffe",
        "\U0010ffff",
        "\U0001f600",
        "\t",
    ],
)
def test_the_quick_screen_knows_each_kind_of_odd_character(text: str) -> None:
    assert yamlread._has_odd(text) == (yamlread._ODD.search(text) is not None)


def test_no_odd_character_is_printable() -> None:
    """The quick screen passes text printable but for its line breaks: that holds only while
    every character the full screen finds is one Python does not count as printable."""
    odd = [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and yamlread._ODD.match(chr(code))
    ]
    assert len(odd) > 100
    assert [char for char in odd if char.isprintable()] == []
    assert all(yamlread._has_odd(f"标题\n{char}") for char in odd)
