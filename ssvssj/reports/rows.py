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
from ssvssj.journey.shapes import checked, maybe_text, maybe_whole, text, texts
from ssvssj.method.casestate import CaseState
from ssvssj.method.constants import STATUSES, STEPS

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase, AnySolution

ROW_WIDTH = 11
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
    """A case as the overviews read it; its derived values are those of `Case`."""

    __slots__ = (
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

    @property
    def step_number(self) -> int:
        return STEPS.index(self.step) + 1

    @property
    def live_solutions(self) -> list[LeanSolution]:
        return [s for s in self.solve if s.status != "dropped"]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _solution_json(solution: AnySolution) -> list[Any]:
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
        [_solution_json(s) for s in case.solve],
    ]


@lru_cache(maxsize=4096)
def _day(value: str) -> date:
    return date.fromisoformat(value)


def _maybe_day(value: Any) -> date | None:
    return None if value is None else _day(text(value))


def _severity(value: Any) -> int | None:
    found = maybe_whole(value)
    checked(found is None or 1 <= found <= 5)
    return found


def _number(value: Any) -> int | float:
    checked(type(value) in (int, float))
    return value


def _solution_from_json(value: Any) -> LeanSolution:
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
    """A report case back from `report_case_json`'s data; NotKept for data of another shape."""
    checked(type(value) is list and len(value) == ROW_WIDTH)
    case_id, title, created, updated, tags, step, dropped, spot, scene, split, solve = value
    checked(step in STEPS and type(spot) is list and len(spot) == 3)
    kind, touchpoint, severity = spot
    checked(kind in (None, "pain", "gain"))
    seen = None
    if scene is not None:
        checked(type(scene) is list and len(scene) == 2)
        checked(type(scene[0]) is bool and type(scene[1]) is bool)
        seen = ReportScene(scene[0], scene[1])
    checked(type(split) is list and type(solve) is list)
    return ReportCase(
        text(case_id),
        text(title),
        _day(text(created)),
        _maybe_day(updated),
        texts(tags),
        STEPS[STEPS.index(step)],
        maybe_text(dropped),
        ReportSpot(kind, text(touchpoint), _severity(severity)),
        seen,
        [ReportDetail(_severity(s)) for s in split],
        [_solution_from_json(s) for s in solve],
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
