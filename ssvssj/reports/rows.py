"""What the overview reports (journey, portfolio, index) read of each case, as one part per
touchpoint (journey/parts.py): a report case holds a case's id, title, dates, tags, step, the
spot's kind and severity, whether the scene says who and what for, and every solution, and
nothing else, so that a report made from kept parts decodes no lean case and an overview made
from a report case fails loudly where it would read anything more. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ssvssj.journey.infer import Journey
from ssvssj.journey.lean import LeanMeasure, LeanSolution
from ssvssj.journey.parts import Kind, Parts
from ssvssj.journey.shapes import checked, maybe_text, text, texts
from ssvssj.method.casestate import CaseState
from ssvssj.method.constants import STATUSES, STEPS, step_number

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase, AnySolution

ROW_WIDTH = 11
KINDS = (None, "pain", "gain")
SOLUTION_WIDTH = 10


class ReportSpot:
    __slots__ = ("kind", "severity", "touchpoint")

    def __init__(self, kind: str | None, touchpoint: str, severity: int | None) -> None:
        self.kind = kind
        self.touchpoint = touchpoint
        self.severity = severity


class ReportScene:
    """Whether the scene names its customer and the customer's goal (the observation plan
    asks for both)."""

    __slots__ = ("customer", "goal")

    def __init__(self, customer: bool, goal: bool) -> None:
        self.customer = customer
        self.goal = goal


class ReportDetail:
    __slots__ = ("severity",)

    def __init__(self, severity: int | None) -> None:
        self.severity = severity


class ReportCase(CaseState):
    """A case as the overviews read it; its derived values are those of `Case`, worked out
    once (an overview asks for each many times over ten thousand cases)."""

    __slots__ = (
        "_live",
        "_open",
        "_severity",
        "_solved",
        "_state",
        "created",
        "dropped",
        "id",
        "scene",
        "solve",
        "split",
        "spot",
        "step",
        "tags",
        "title",
        "updated",
    )

    def __init__(
        self,
        id: str,
        title: str,
        created: date,
        updated: date | None,
        tags: list[str],
        step: str,
        dropped: str | None,
        spot: ReportSpot,
        scene: ReportScene | None,
        split: list[ReportDetail],
        solve: list[LeanSolution],
    ) -> None:
        self.id = id
        self.title = title
        self.created = created
        self.updated = updated
        self.tags = tags
        self.step = step
        self.dropped = dropped
        self.spot = spot
        self.scene = scene
        self.split = split
        self.solve = solve
        self._live = [s for s in solve if s.status != "dropped"]
        self._solved = super().solved
        self._open = super().is_open
        self._state = super().state
        self._severity = super().severity

    @property
    def step_number(self) -> int:
        return step_number(self.step)

    @property
    def live_solutions(self) -> list[LeanSolution]:
        return self._live

    @property
    def solved(self) -> bool:
        return self._solved

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def state(self) -> str:
        return self._state

    @property
    def severity(self) -> int | None:
        return self._severity


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def solution_json(solution: AnySolution) -> list[Any]:
    """A solution as the overviews read it, as JSON data."""
    measure = solution.measure
    return [
        solution.id,
        solution.action,
        list(solution.addresses),
        solution.owner,
        solution.cost,
        solution.impact,
        _iso(solution.due),
        solution.status,
        solution.result,
        None if measure is None else [measure.name, measure.unit, measure.before, measure.after],
    ]


def report_case_json(case: AnyCase | ReportCase) -> list[Any]:
    """What the overviews read of `case`, as JSON data (`report_case_from_json` undoes it)."""
    scene = case.scene
    return [
        case.id,
        case.title,
        case.created.isoformat(),
        _iso(case.updated),
        list(case.tags),
        case.step,
        case.dropped,
        [case.spot.kind, case.spot.touchpoint, case.spot.severity],
        None if scene is None else [bool(scene.customer), bool(scene.goal)],
        [d.severity for d in case.split],
        [solution_json(s) for s in case.solve],
    ]


@lru_cache(maxsize=4096)
def _day(value: str) -> date:
    return date.fromisoformat(value)


def _maybe_day(value: Any) -> date | None:
    return None if value is None else _day(text(value))


def _rated(value: Any) -> bool:
    """A severity, or none."""
    return value is None or (type(value) is int and 1 <= value <= 5)


def _number(value: Any) -> int | float:
    checked(type(value) in (int, float))
    return value


def solution_from_json(value: Any) -> LeanSolution:
    """A solution back from `solution_json`'s data; NotKept for data of another shape."""
    checked(type(value) is list and len(value) == SOLUTION_WIDTH)
    item_id, action, addresses, owner, cost, impact, due, status, result, measure = value
    checked(status in STATUSES)
    kept_measure = None
    if measure is not None:
        checked(type(measure) is list and len(measure) == 4)
        name, unit, before, after = measure
        kept_measure = LeanMeasure(text(name), maybe_text(unit), _number(before), _number(after))
    return LeanSolution(
        text(item_id),
        text(action),
        texts(addresses),
        maybe_text(owner),
        maybe_text(cost),
        maybe_text(impact),
        _maybe_day(due),
        STATUSES[STATUSES.index(status)],
        maybe_text(result),
        kept_measure,
    )


def report_case_from_json(value: Any) -> ReportCase:
    """A report case back from `report_case_json`'s data; NotKept for data of another shape.
    Each field's type is checked in one test per case: ten thousand are read at a time."""
    checked(type(value) is list and len(value) == ROW_WIDTH)
    case_id, title, created, updated, tags, step, dropped, spot, scene, split, solve = value
    checked(
        type(case_id) is str
        and type(title) is str
        and type(created) is str
        and (updated is None or type(updated) is str)
        and (dropped is None or type(dropped) is str)
        and step in STEPS
        and type(spot) is list
        and len(spot) == 3
        and type(split) is list
        and type(solve) is list
    )
    kind, touchpoint, severity = spot
    checked(kind in KINDS and type(touchpoint) is str and _rated(severity))
    seen = None
    if scene is not None:
        checked(type(scene) is list and len(scene) == 2 and set(map(type, scene)) == {bool})
        seen = ReportScene(scene[0], scene[1])
    checked(all(map(_rated, split)))
    return ReportCase(
        case_id,
        title,
        _day(created),
        None if updated is None else _day(updated),
        texts(tags),
        STEPS[STEPS.index(step)],
        dropped,
        ReportSpot(kind, touchpoint, severity),
        seen,
        [ReportDetail(s) for s in split],
        [solution_from_json(s) for s in solve] if solve else [],
    )


def _report_cases(_journey: Journey, _name: str, cases: Sequence[AnyCase]) -> list[ReportCase]:
    return [report_case_from_json(report_case_json(case)) for case in cases]


def _cases_json(part: list[ReportCase]) -> list[Any]:
    return [report_case_json(case) for case in part]


def _cases_from_json(value: Any) -> list[ReportCase]:
    checked(type(value) is list)
    return [report_case_from_json(row) for row in value]


REPORT_CASES: Kind[list[ReportCase]] = Kind(
    "report cases", _report_cases, _cases_json, _cases_from_json, lambda _: []
)


def reported(journey: Journey, parts: Parts) -> Journey:
    """`journey` with its cases as the overviews read them, from each touchpoint's part: the
    same journey in every other way."""
    cases = [case for part in parts(REPORT_CASES).values() for case in part]
    cases.sort(key=lambda case: case.id)
    return replace(journey, cases=cases)  # type: ignore[arg-type]
