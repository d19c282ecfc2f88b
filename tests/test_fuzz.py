"""Fuzzing: valid cases mutated into invalid ones always give problem records, never an escaping
exception; generated workspaces give exports and reports the real validators accept."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ssvssj.journey.exports import export
from ssvssj.journey.infer import infer
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from ssvssj.reports.sets import Reports
from ssvssj.store.loading import load_case
from ssvssj.store.yamlwrite import dump_case, dump_document
from tests.strategies import cases
from tests.test_reports import parsed_tables
from tests.validators import graphviz_dot, markdownlint, mermaid_parse

FILE = "cases/20261102-k3f9.yaml"
EXAMPLES = 150

REQUIRED = [
    ("title",),
    ("created",),
    ("id",),
    ("schema_version",),
    ("spot",),
    ("spot", "touchpoint"),
    ("spot", "problem"),
]
WRONG_VALUES = [[], {}, ["a", "b"], {"x": 1}, True, None, "   "]
TEXT_FIELDS = [("title",), ("spot", "problem"), ("spot", "touchpoint")]
BAD_FIELDS = [
    (("spot", "severity"), [0, 6, -1, 100, "很严重", True, "0x4"]),
    (("created",), ["2026-02-30", "明天", "2026/11/02", 20261102]),
    (("id",), ["abc", "2026-11-02", "20261102_k3f9", "../../x"]),
    (("schema_version",), [0, 2, "1", "一"]),
]


def _set(doc: dict, path: tuple, value: object) -> None:
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _delete(doc: dict, path: tuple) -> None:
    node = doc
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)


@st.composite
def mutated(draw: st.DrawFn) -> dict:
    doc = copy.deepcopy(draw(cases()))
    doc = {k: v for k, v in doc.items() if v not in (None, [], {})}
    doc["spot"] = {k: v for k, v in doc["spot"].items() if v not in (None, [])}
    kind = draw(st.sampled_from(["delete", "unknown", "wrong-type", "bad-value"]))
    if kind == "delete":
        _delete(doc, draw(st.sampled_from(REQUIRED)))
    elif kind == "unknown":
        where = draw(st.sampled_from([(), ("spot",)]))
        node = doc if not where else doc["spot"]
        node[draw(st.sampled_from(["sevrity", "titel", "备注", "problems"]))] = "x"
    elif kind == "wrong-type":
        path = draw(
            st.sampled_from(
                [
                    ("title",),
                    ("spot", "problem"),
                    ("spot", "touchpoint"),
                    ("spot",),
                    ("tags",),
                    ("spot", "evidence"),
                ]
            )
        )
        value = draw(st.sampled_from(WRONG_VALUES))
        if path in TEXT_FIELDS and value is True:
            value = ["true"]  # `title: true` is the text "true": text is read as written
        if path in (("tags",), ("spot", "evidence")) and isinstance(value, list):
            value = {"x": 1}
        _set(doc, path, value)
    else:
        path, values = draw(st.sampled_from(BAD_FIELDS))
        _set(doc, path, draw(st.sampled_from(values)))
    return doc


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_an_invalid_case_is_a_problem_record_never_an_exception(doc: dict) -> None:
    data = dump_document(doc)
    case, problems = load_case(FILE, data, Vocabulary())
    assert case is None
    assert problems
    assert all(p.file == FILE and p.message for p in problems)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_damaged_bytes_never_raise(doc: dict, data: st.DataObject) -> None:
    raw = bytearray(dump_case(Case.model_validate(doc)))
    damage = data.draw(st.sampled_from(["truncate", "insert", "flip", "indent"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if damage == "truncate":
        raw = raw[:at]
    elif damage == "insert":
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=4))
    elif damage == "flip":
        raw[at] ^= data.draw(st.integers(1, 255))
    else:
        raw[at:at] = b"\n  \t: - ["
    case, problems = load_case(FILE, bytes(raw), Vocabulary())
    assert (case is None) == bool(problems)


@st.composite
def workspaces(draw: st.DrawFn) -> list[Case]:
    size = draw(st.integers(3, 6))
    return [
        Case.model_validate(draw(cases(case_id=f"20261102-{index:04d}"))) for index in range(size)
    ]


@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(workspaces(), min_size=3, max_size=3))
def test_generated_workspaces_pass_the_real_validators(batch: list) -> None:
    with tempfile.TemporaryDirectory() as temp:
        validate_batch(Path(temp), batch)


def validate_batch(folder: Path, batch: list[list[Case]]) -> None:
    dots: list[Path] = []
    mermaids: list[Path] = []
    markdown: list[Path] = []
    for number, generated in enumerate(batch):
        journey = infer(generated, Vocabulary(), language="en")
        for fmt, suffix, bucket in (
            ("dot", "dot", dots),
            ("mermaid", "mmd", mermaids),
            ("mermaid-journey", "journey.mmd", mermaids),
        ):
            path = folder / f"w{number}.{suffix}"
            path.write_text(export(journey, fmt, "生成的 workspace"), encoding="utf-8")
            bucket.append(path)
        reports = Reports(journey, "生成的 workspace", "en", None)
        for name in reports.names():
            path = folder / f"w{number}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = reports.text(name)
            path.write_text(text, encoding="utf-8")
            markdown.append(path)
            for table in parsed_tables(text):
                assert len({len(row) for row in table}) == 1, (name, table)
    for path in dots:
        result = graphviz_dot(path)
        assert result.returncode == 0, result.stderr
    result = mermaid_parse(*mermaids)
    assert result.returncode == 0, result.stdout
    result = markdownlint(*markdown)
    assert result.returncode == 0, result.stdout + result.stderr
