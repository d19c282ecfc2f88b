"""Any valid case dumps and loads back equal, and always to the same bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from ssvssj.store.loading import load_case
from ssvssj.store.yamlwrite import dump_case, to_document, update_document
from tests.strategies import cases

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
    assert b"\\u" not in data


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
