from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ssvssj.method.models import Case

BASE = {
    "schema_version": 1,
    "id": "20261102-k3f9",
    "title": "t",
    "created": "2026-11-02",
    "spot": {"touchpoint": "前台", "problem": "p"},
}


def make(**changes: object) -> Case:
    return Case.model_validate({**BASE, **changes})


def test_a_case_with_only_a_spot_is_at_scene_and_open() -> None:
    case = make()
    assert case.step == "scene"
    assert case.step_number == 2
    assert case.state == "open"
    assert case.severity is None  # unrated (未评): never a made-up 3
    assert case.last_updated == date(2026, 11, 2)


@pytest.mark.parametrize(
    ("sections", "step"),
    [
        ({"scene": {}}, "scene"),
        ({"scene": {"customer": "c"}}, "view"),
        ({"scene": {"customer": "c"}, "view": [{"perspective": "x", "finding": "f"}]}, "split"),
        ({"scene": {"goal": "g"}, "split": [{"id": "d1", "detail": "x"}]}, "view"),
    ],
)
def test_step_is_the_first_missing_or_empty_section(sections: dict, step: str) -> None:
    assert make(**sections).step == step


def solutions(*statuses: str) -> list[dict]:
    return [{"id": f"s{i}", "action": "a", "status": s} for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ((), "open"),
        (("proposed",), "open"),
        (("done", "doing"), "open"),
        (("done", "dropped"), "solved"),
        (("verified", "done"), "solved"),
        (("verified", "dropped"), "verified"),
        (("dropped",), "open"),
    ],
)
def test_solved_and_verified_follow_the_live_solutions(statuses: tuple, state: str) -> None:
    assert make(solve=solutions(*statuses)).state == state


def test_a_dropped_case_is_neither_open_nor_solved() -> None:
    case = make(dropped="客户取消合作", solve=solutions("proposed"))
    assert case.state == "dropped"
    assert not case.is_open


def test_severity_comes_from_spot_then_the_worst_detail() -> None:
    details = [
        {"id": "d1", "detail": "x", "severity": 2},
        {"id": "d2", "detail": "y", "severity": 4},
    ]
    assert make(split=details).severity == 4
    assert make(split=details, spot={**BASE["spot"], "severity": 1}).severity == 1


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"sevrity": 3}, ("sevrity",)),
        ({"spot": {"touchpoint": "a", "problem": "p", "severity": 9}}, ("spot", "severity")),
        ({"spot": {"touchpoint": "a"}}, ("spot", "problem")),
        ({"created": "2026-13-01"}, ("created",)),
        ({"id": "nope"}, ("id",)),
        ({"view": "text"}, ("view",)),
        ({"solve": [{"id": "s1", "action": "a", "status": "finished"}]}, ("solve", 0, "status")),
        ({"split": [{"id": "d1", "detail": "x", "lens": "vibes"}]}, ("split", 0, "lens")),
        ({"schema_version": 2}, ("schema_version",)),
    ],
)
def test_invalid_values_are_rejected_at_their_field(changes: dict, loc: tuple) -> None:
    with pytest.raises(ValidationError) as raised:
        make(**changes)
    assert loc in [tuple(error["loc"]) for error in raised.value.errors()]


def test_anything_goes_under_extra() -> None:
    case = make(extra={"crm_id": 42, "nested": {"a": [1, 2]}})
    assert case.extra == {"crm_id": 42, "nested": {"a": [1, 2]}}


def test_a_severity_is_typed_the_same_way_everywhere() -> None:
    from ssvssj.method.terms import severity_of

    for typed in ("4", "４", "4.0", "４．０", " 4 ", "04"):
        assert severity_of(typed) == 4, typed
    for typed in ("①", "④", "4.5", "6", "0", "", "四", "+4", "4e0"):
        assert severity_of(typed) is None, typed
