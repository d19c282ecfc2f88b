"""JSON documents are laid out by hand and written in pieces (a list of 100,000 cases is never
one string): every document must read byte for byte as the library's indenting encoder lays it
out, with the same escapes, whatever the values."""

from __future__ import annotations

import io
import json
import math
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ssvssj.cli.output import JSON_VERSION, finite, json_text, write_json

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def library_text(kind: str, payload: dict[str, Any]) -> str:
    """The document as `json.dumps(..., indent=2)` lays it out, escaped as the tool escapes."""
    envelope = {"schema_version": JSON_VERSION, "kind": kind, **payload}
    try:
        text = json.dumps(envelope, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    except ValueError:
        text = json.dumps(finite(envelope), ensure_ascii=False, indent=2, default=str)
    text = _SURROGATE.sub(lambda found: f"\\\\u{ord(found.group()):04x}", text)
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text) + "\n"


def written(kind: str, payload: dict[str, Any]) -> str:
    out = io.StringIO()
    write_json(kind, payload, out)
    return out.getvalue()


class Named:
    def __str__(self) -> str:
        return "named\x1b"


AWKWARD: list[dict[str, Any]] = [
    {"cases": [], "drafts": []},
    {"cases": [{}], "drafts": [[]]},
    {"cases": [{"id": "a\x1b]0;x\x07", "title": "标题\u202e\u2028", "tags": []}]},
    {"cases": [{"file": "cases/\udcff.yaml", "severity": None, "open": True, "n": -3}]},
    {"cases": [{"ratio": math.nan, "more": [math.inf, 1.5, -0.0]}], "count": 2},
    {"cases": ({"tuple": (1, "二")},), "nested": {"a": {"b": [{"c": []}]}}},
    {"cases": [{1: "int key", None: "none key", 2.5: "float key"}], "other": Named()},
    {"cases": [{"x": 10**30, "y": False}] * 300, "drafts": [{"id": "d"}]},
]

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_awkward_documents_read_as_the_library_lays_them_out() -> None:
    for payload in AWKWARD:
        expected = library_text("case-list", payload)
        assert json_text("case-list", payload) == expected
        assert written("case-list", payload) == expected


def test_listed_items_may_come_one_at_a_time() -> None:
    cases = [{"id": f"2026010{n}-abcd", "tags": ["a", "标签"]} for n in range(600)]
    expected = library_text("case-list", {"cases": cases, "drafts": []})
    assert written("case-list", {"cases": iter(cases), "drafts": iter([])}) == expected


@given(st.dictionaries(st.text(max_size=8), values, max_size=4))
def test_any_document_reads_as_the_library_lays_it_out(payload: dict[str, Any]) -> None:
    expected = library_text("any", payload)
    assert json_text("any", payload) == expected
    assert written("any", payload) == expected
