"""A journey made from lean cases, and one kept and read back, render exactly as a journey made
from full cases; what the index keeps for journeys changes no output when it is damaged; one
changed case changes exactly what it should."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ssvssj.store.index
import ssvssj.store.journeys
import ssvssj.store.store
from benchmarks.synthetic import make_workspace
from ssvssj.journey.agreed import Agreed
from ssvssj.journey.exports import FORMATS, export
from ssvssj.journey.infer import Filters, Journey, infer
from ssvssj.journey.kept import journey_from_json, journey_json
from ssvssj.journey.lean import LeanCase, for_inference, lean_case, lean_json
from ssvssj.journey.shapes import NotKept
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case, VocabularyFile
from ssvssj.reports.data import index_context, journey_context, portfolio_context
from ssvssj.store.index import encode, index_path
from ssvssj.store.leans import lean_body, lean_from_body, read_leans
from ssvssj.store.store import load_for_journey, load_workspace
from tests.conftest import Cli
from tests.kept import fresh_output
from tests.strategies import cases


def kept_lean(case: Case) -> LeanCase:
    """A case as a journey reads it back from the index."""
    return lean_from_body(lean_body(lean_case(case)), case.id)


def renderings(journey: Journey) -> dict[str, Any]:
    """Everything shown of a journey: every export, and the reports' data."""
    shown: dict[str, Any] = {fmt: export(journey, fmt, "工作区") for fmt in FORMATS}
    shown["reports"] = (
        journey_context(journey),
        portfolio_context(journey),
        index_context(journey),
    )
    return shown


def vocabulary() -> Vocabulary:
    from ssvssj.journey.vocabulary import build_vocabulary

    data = VocabularyFile.model_validate(
        {
            "touchpoints": {
                "前台": {"aliases": ["接待台"], "stage": "到店", "owner": "门店", "key": True},
                "报价": {"stage": "成交", "promise": "brand"},
                "官网": {"channel": "线上"},
            }
        }
    )
    return build_vocabulary(data)[0]


def the_same_everywhere(full: list[Case], filters: Filters, agreed: Agreed | None) -> None:
    vocab = vocabulary()
    made = infer(full, vocab, filters, "zh", agreed)
    leans = [kept_lean(case) for case in full]
    lean = infer(leans, vocab, filters, "zh", agreed)
    expected = renderings(made)
    assert renderings(lean) == expected
    kept = json.loads(encode(journey_json(lean)))
    chosen = {case.id: case for case in leans}
    read_back = journey_from_json(kept, [chosen[case.id] for case in lean.cases])
    assert renderings(read_back) == expected
    deferred = journey_from_json(kept, lambda ids: [chosen[i] for i in ids])
    assert renderings(deferred) == expected
    bare = infer([for_inference(kept_lean(case)) for case in full], vocab, filters, "zh", agreed)
    assert journey_json(bare) == journey_json(lean)
    bare.read_cases_later(lambda: [chosen[case.id] for case in lean.cases])
    assert renderings(bare) == expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(cases(), min_size=1, max_size=6),
    st.sampled_from([None, "前台", "yes"]),
    st.booleans(),
)
def test_lean_and_kept_journeys_render_as_the_full_one(
    docs: list[dict[str, Any]], customer: str | None, with_agreed: bool
) -> None:
    full = [
        Case.model_validate({**doc, "id": f"2026110{index % 10}-{index:04d}"})
        for index, doc in enumerate(docs)
    ]
    agreed = Agreed(None, ("到店",), ("报价", "前台"), (("官网", "试驾"),)) if with_agreed else None
    the_same_everywhere(full, Filters(customer=customer), agreed)


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_lean_journeys_of_generated_workspaces_render_as_the_full_ones(
    tmp_path: Path, seed: int
) -> None:
    make_workspace(tmp_path / "ws", 120, seed)
    workspace = load_workspace(tmp_path / "ws", use_cache=False)
    for filters in (Filters(), Filters(min_count=2), Filters(tag="销售")):
        the_same_everywhere(workspace.cases, filters, workspace.agreed)


def test_a_change_no_inference_reads_keeps_the_journey(tmp_path: Path) -> None:
    """Titles, words of a problem, of evidence, of findings and actions are shown, never
    inferred from: a journey of cases that differ only there is the same journey."""
    make_workspace(tmp_path / "ws", 60)
    workspace = load_workspace(tmp_path / "ws", use_cache=False)
    reworded = []
    for case in workspace.cases:
        lean = lean_case(case)
        lean.title += "改"
        lean.spot.problem += "改"
        lean.spot.evidence = [text + "改" for text in lean.spot.evidence] or lean.spot.evidence
        for solution in lean.solve:
            solution.action += "改"
        reworded.append(lean)
    vocab = workspace.vocabulary
    before = journey_json(infer(workspace.cases, vocab, Filters(), "zh", workspace.agreed))
    after = journey_json(infer(reworded, vocab, Filters(), "zh", workspace.agreed))
    assert after == before
    facts = {lean_body(lean_case(c))[:44] for c in workspace.cases}
    assert {lean_body(lean)[:44] for lean in reworded} == facts


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    root = tmp_path / "ws"
    make_workspace(root, 40)
    return root


@pytest.fixture
def inferences(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every journey inferred by a command."""
    seen: list[int] = []
    original = ssvssj.store.journeys.infer

    def counting(cases, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(cases))
        return original(cases, *args, **kwargs)

    monkeypatch.setattr(ssvssj.store.journeys, "infer", counting)
    return seen


ASKED = [
    ("journey", "export", "--format", fmt) for fmt in ("json", "blueprint", "mermaid-journey")
] + [("journey", "show"), ("touchpoints", "--json")]


def test_a_retitled_case_reads_the_journey_back_and_shows_the_new_title(
    generated: Path, tmp_path: Path, inferences: list[int]
) -> None:
    cli = Cli(generated)
    for args in ASKED:
        cli(*args)
    assert len(inferences) == 1
    case = sorted((generated / "cases").rglob("*.yaml"))[3]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  problem: ", "\n  problem: 改过的", 1), encoding="utf-8")
    expected = {args: fresh_output(generated, tmp_path, *args) for args in ASKED}
    inferences.clear()
    for args in ASKED:
        assert cli(*args).stdout == expected[args], args
    assert inferences == []
    assert "改过的" in cli("journey", "export", "--format", "blueprint").stdout


def test_a_case_moved_to_another_touchpoint_makes_the_journey_again(
    generated: Path, tmp_path: Path, inferences: list[int]
) -> None:
    cli = Cli(generated)
    before = cli("journey", "export", "--format", "json").stdout
    case = sorted((generated / "cases").rglob("*.yaml"))[3]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  touchpoint: ", "\n  touchpoint: 新触点", 1), encoding="utf-8")
    expected = {args: fresh_output(generated, tmp_path, *args) for args in ASKED}
    inferences.clear()
    for args in ASKED:
        assert cli(*args).stdout == expected[args], args
    assert len(inferences) == 1
    assert cli("journey", "export", "--format", "json").stdout != before


def test_a_case_changed_back_reads_its_journey_back_and_parses_only_itself(
    generated: Path, case_reads: list[str]
) -> None:
    """A journey kept for bytes a file held before is read back when the file holds them
    again: the blueprint from its kept parts, reading no case; a rendering that reads the
    cases reads them from the index, the file that changed back parsed again."""
    cli = Cli(generated)
    before = cli("journey", "export", "--format", "blueprint").stdout
    plan = cli("journey", "gaps", "--json").stdout
    case = sorted((generated / "cases").rglob("*.yaml"))[3]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\ntitle: ", "\ntitle: 改", 1), encoding="utf-8")
    assert cli("journey", "export", "--format", "blueprint").stdout == before
    case.write_text(text, encoding="utf-8")
    case_reads.clear()
    assert cli("journey", "export", "--format", "blueprint").stdout == before
    assert case_reads == []
    assert cli("journey", "gaps", "--json").stdout == plan
    assert case_reads == [case.relative_to(generated).as_posix()]


@pytest.mark.parametrize("table", ["leans", "derived", "parts"])
@pytest.mark.parametrize("damage", ["flip", "swap", "plant"])
def test_damaged_lean_cases_and_kept_journeys_change_no_output(
    generated: Path, tmp_path: Path, table: str, damage: str
) -> None:
    cli = Cli(generated)
    expected = {args: cli(*args).stdout for args in ASKED}
    with sqlite3.connect(index_path(generated)) as db:
        key = "rowid"
        rows = db.execute(f"SELECT {key}, body FROM {table} ORDER BY {key}").fetchall()
        assert rows
        for index, (row, body) in enumerate(rows):
            if damage == "flip":
                middle = len(body) // 2
                if isinstance(body, bytes):
                    changed = body[:middle] + bytes([body[middle] ^ 1]) + body[middle + 1 :]
                else:
                    changed = body[:middle] + chr(ord(body[middle]) ^ 1) + body[middle + 1 :]
            elif damage == "swap":
                changed = rows[(index + 1) % len(rows)][1]
            else:
                changed = body
                db.execute(f"UPDATE {table} SET mac = ? WHERE {key} = ?", ("0" * 40, row))
            db.execute(f"UPDATE {table} SET body = ? WHERE {key} = ?", (changed, row))
    for args, output in expected.items():
        assert cli(*args).stdout == output, args
        assert cli(*args).stdout == output, args


def test_kept_paths_and_severities_read_back_only_as_they_were_kept() -> None:
    full = [
        Case.model_validate(
            {
                "schema_version": 1,
                "id": f"20261102-a{i:03d}",
                "title": "t",
                "created": "2026-11-02",
                "spot": {
                    "touchpoint": path[-1],
                    "problem": "p",
                    "evidence": ["e"],
                    "severity": 1 + i,
                },
                "scene": {"path": path},
            }
        )
        for i, path in enumerate([["官网", "前台"], ["官网", "前台"], ["前台", "报价", "前台"]])
    ]
    journey = infer(full, vocabulary())
    kept = json.loads(encode(journey_json(journey)))
    assert len(kept["paths"]) == 2  # one distinct path kept once, with both its cases
    again = journey_from_json(kept, full)
    assert again.paths == journey.paths
    assert again.taken == journey.taken
    assert again.severities == journey.severities
    (first, ids), (second, others) = kept["paths"]
    damaged: list[dict[str, Any]] = [
        {**kept, "paths": [[first, ids], [second, [*others, ids[0]]]]},
        {**kept, "paths": [[first, ids], [second, others, []]]},
        {**kept, "paths": [[first, ids], [[*second, 1], others]]},
        {**kept, "cases": [kept["cases"][0], kept["cases"][1][:-1]]},
        {**kept, "cases": [kept["cases"][0], [True] * len(kept["cases"][1])]},
    ]
    for data in damaged:
        with pytest.raises(NotKept):
            journey_from_json(data, full)


def test_lean_cases_read_back_from_the_index_are_those_of_the_files(generated: Path) -> None:
    from ssvssj.store.index import open_index
    from ssvssj.store.scan import survey

    load_for_journey(generated)
    again = load_for_journey(generated)
    rows = again.leans or []
    assert rows and all(row.body == "" for row in rows)  # left in the index until inferred
    index = open_index(generated)
    assert index is not None
    found = survey(generated, index, with_outcomes=False)
    digests = {entry.item.rel: entry.digest for entry in found.seen}
    files = [(again.files[row.case_id], digests[again.files[row.case_id]]) for row in rows]
    leans = read_leans(rows, files, index, found.context)
    index.close()
    full = load_workspace(generated, use_cache=False).cases
    assert [lean_json(lean) for lean in leans] == [lean_json(lean_case(case)) for case in full]


def test_a_changed_case_makes_the_journey_report_from_lean_cases_alone(
    generated: Path, tmp_path: Path, case_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journey report shows no finding of the method rules: after a change it is made
    from the kept lean cases, parsing only the changed file, and reads no rule facts."""
    cli = Cli(generated)
    cli("report", "journey")
    case = sorted((generated / "cases").rglob("*.yaml"))[3]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\ntitle: ", "\ntitle: 改", 1), encoding="utf-8")
    expected = fresh_output(generated, tmp_path, "report", "journey")
    facts_read: list[Path] = []
    original = ssvssj.store.store.load_for_findings

    def counting(root: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        facts_read.append(root)
        return original(root, *args, **kwargs)

    monkeypatch.setattr(ssvssj.store.store, "load_for_findings", counting)
    case_reads.clear()
    assert cli("report", "journey").stdout == expected
    assert case_reads == [case.relative_to(generated).as_posix()]
    assert facts_read == []
    assert cli("report", "journey").stdout == expected
