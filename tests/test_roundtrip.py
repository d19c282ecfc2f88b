"""Any valid case dumps and loads back equal, and always to the same bytes."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings

from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from ssvssj.store.loading import load_case
from ssvssj.store.yamlwrite import dump_case, to_document, update_document
from tests.strategies import cases, dates

FILE = "cases/20261102-k3f9.yaml"


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_valid_case_round_trips_through_its_file(doc: dict) -> None:
    case = Case.model_validate(doc)
    data = dump_case(case)
    loaded, problems = load_case(FILE, data, Vocabulary())
    assert problems == []
    assert loaded == case
    assert dump_case(loaded) == data
    assert data.endswith(b"\n")
    written = data.decode("utf-8")
    assert all(char in written for char in case.model_dump_json() if ord(char) > 127)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), cases())
def test_updating_a_file_to_another_case_is_the_same_as_writing_it(
    first: dict, second: dict
) -> None:
    old = dump_case(Case.model_validate(first))
    new_case = Case.model_validate(second)
    updated = update_document(old, to_document(new_case))
    loaded, problems = load_case(FILE, updated, Vocabulary())
    assert problems == []
    assert loaded == new_case


DATE_KEYS = {"created", "updated", "observed", "due"}


def _all_dated(doc: dict, day: date) -> dict:
    """The case with every date field set to the same day."""
    doc = {**doc, "created": day, "updated": day, "spot": {**doc["spot"], "observed": day}}
    doc["solve"] = [{**solution, "due": day} for solution in doc["solve"]] or [
        {"id": "s1", "action": "call back", "due": day, "status": "proposed"}
    ]
    return doc


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), cases(), dates)
def test_equal_dates_are_each_written_as_a_plain_date(first: dict, second: dict, day: date) -> None:
    """A due date equal to the observed date (or to any other date already in the file) is
    written as `YYYY-MM-DD`, never tagged or shared, on a fresh write and on an update."""
    old = dump_case(Case.model_validate(_all_dated(first, day)))
    new_case = Case.model_validate(_all_dated(second, day))
    for data in (dump_case(new_case), update_document(old, to_document(new_case))):
        lines = [line.strip().removeprefix("- ") for line in data.decode("utf-8").splitlines()]
        written = [line for line in lines if line.split(":")[0] in DATE_KEYS]
        assert {line.split(":")[0] for line in written} == DATE_KEYS
        assert all(line.split(": ", 1)[1] == day.isoformat() for line in written), written
        loaded, problems = load_case(FILE, data, Vocabulary())
        assert problems == []
        assert loaded == new_case
