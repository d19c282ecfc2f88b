"""A lean case: exactly what the journey and its renderings read of a case, as plain objects.

A journey of many cases holds every case it was made from; a full case (a validated model) is
several times the size of what the journey reads, and rebuilding one from the index costs a
validation. A lean case is made once from each valid case file (`lean_case`), kept in the index
as JSON (`lean_json`), read back with every field checked (`lean_from_json`), and reads like a
case: the same attribute names and the same derived values (`severity`, `state`, `path()`).
What no journey reads is left out: the consultant, `scene.context` (it only counts towards the
case's step, kept as `step`) and `extra`. Pure: no I/O, no pydantic.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from sys import intern
from typing import TYPE_CHECKING, Any

from ssvssj.method.casestate import CaseState
from ssvssj.method.constants import STATUSES, STEPS, step_number

if TYPE_CHECKING:
    from ssvssj.method.models import Case

LEAN_FORMAT = 1


class LeanSpot:
    __slots__ = (
        "channel",
        "evidence",
        "from_",
        "kind",
        "observed",
        "problem",
        "severity",
        "touchpoint",
    )

    def __init__(
        self,
        kind: str | None,
        touchpoint: str,
        from_: str | None,
        channel: str | None,
        observed: date | None,
        problem: str,
        severity: int | None,
        evidence: list[str],
    ) -> None:
        self.kind = kind
        self.touchpoint = touchpoint
        self.from_ = from_
        self.channel = channel
        self.observed = observed
        self.problem = problem
        self.severity = severity
        self.evidence = evidence


class LeanScene:
    __slots__ = ("customer", "expectation", "experience", "goal", "path")

    def __init__(
        self,
        customer: str | None,
        goal: str | None,
        path: list[str],
        expectation: str | None,
        experience: str | None,
    ) -> None:
        self.customer = customer
        self.goal = goal
        self.path = path
        self.expectation = expectation
        self.experience = experience


class LeanView:
    __slots__ = ("finding", "lens", "perspective")

    def __init__(self, perspective: str, lens: str | None, finding: str) -> None:
        self.perspective = perspective
        self.lens = lens
        self.finding = finding


class LeanDetail:
    __slots__ = ("at", "cause", "detail", "id", "lens", "severity")

    def __init__(
        self,
        id: str,
        detail: str,
        lens: str | None,
        severity: int | None,
        at: str | None,
        cause: str | None,
    ) -> None:
        self.id = id
        self.detail = detail
        self.lens = lens
        self.severity = severity
        self.at = at
        self.cause = cause


class LeanMeasure:
    __slots__ = ("after", "before", "name", "unit")

    def __init__(self, name: str, unit: str | None, before: int | float, after: int | float):
        self.name = name
        self.unit = unit
        self.before = before
        self.after = after


class LeanSolution:
    __slots__ = (
        "action",
        "addresses",
        "cost",
        "due",
        "id",
        "impact",
        "measure",
        "owner",
        "result",
        "status",
    )

    def __init__(
        self,
        id: str,
        action: str,
        addresses: list[str],
        owner: str | None,
        cost: str | None,
        impact: str | None,
        due: date | None,
        status: str,
        result: str | None,
        measure: LeanMeasure | None,
    ) -> None:
        self.id = id
        self.action = action
        self.addresses = addresses
        self.owner = owner
        self.cost = cost
        self.impact = impact
        self.due = due
        self.status = status
        self.result = result
        self.measure = measure

    @property
    def is_open(self) -> bool:
        return self.status in ("proposed", "doing")


class LeanCase(CaseState):
    """A case as the journey reads it; its derived values are those of `Case`."""

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
        "view",
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
        spot: LeanSpot,
        scene: LeanScene | None,
        view: list[LeanView],
        split: list[LeanDetail],
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
        self.view = view
        self.split = split
        self.solve = solve

    @property
    def step_number(self) -> int:
        return step_number(self.step)

    @property
    def live_solutions(self) -> list[LeanSolution]:
        return [s for s in self.solve if s.status != "dropped"]


def lean_case(case: Case | LeanCase) -> LeanCase:
    """The lean projection of a validated case (a lean case is its own)."""
    if isinstance(case, LeanCase):
        return case
    spot, scene = case.spot, case.scene
    return LeanCase(
        case.id,
        case.title,
        case.created,
        case.updated,
        list(case.tags),
        case.step,
        case.dropped,
        LeanSpot(
            spot.kind,
            spot.touchpoint,
            spot.from_,
            spot.channel,
            spot.observed,
            spot.problem,
            spot.severity,
            list(spot.evidence),
        ),
        None
        if scene is None
        else LeanScene(
            scene.customer, scene.goal, list(scene.path), scene.expectation, scene.experience
        ),
        [LeanView(v.perspective, v.lens, v.finding) for v in case.view],
        [LeanDetail(d.id, d.detail, d.lens, d.severity, d.at, d.cause) for d in case.split],
        [
            LeanSolution(
                s.id,
                s.action,
                list(s.addresses),
                s.owner,
                s.cost,
                s.impact,
                s.due,
                s.status,
                s.result,
                None
                if s.measure is None
                else LeanMeasure(s.measure.name, s.measure.unit, s.measure.before, s.measure.after),
            )
            for s in case.solve
        ],
    )


def full_case(case: AnyCase) -> Case:
    """A case of a journey where only the full case will do (its own report shows all of it):
    a journey for reports is made from full cases."""
    from ssvssj.method.models import Case

    if not isinstance(case, Case):
        raise TypeError(f"{case.id}: a lean case where the full case is needed")
    return case


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def lean_json(case: LeanCase) -> list[Any]:
    """A lean case as JSON data, in a fixed shape (`lean_from_json` reads it back)."""
    spot, scene = case.spot, case.scene
    return [
        LEAN_FORMAT,
        case.id,
        case.title,
        case.created.isoformat(),
        _iso(case.updated),
        case.tags,
        case.step,
        case.dropped,
        [
            spot.kind,
            spot.touchpoint,
            spot.from_,
            spot.channel,
            _iso(spot.observed),
            spot.problem,
            spot.severity,
            spot.evidence,
        ],
        None
        if scene is None
        else [scene.customer, scene.goal, scene.path, scene.expectation, scene.experience],
        [[v.perspective, v.lens, v.finding] for v in case.view],
        [[d.id, d.detail, d.lens, d.severity, d.at, d.cause] for d in case.split],
        [
            [
                s.id,
                s.action,
                s.addresses,
                s.owner,
                s.cost,
                s.impact,
                _iso(s.due),
                s.status,
                s.result,
                None
                if s.measure is None
                else [s.measure.name, s.measure.unit, s.measure.before, s.measure.after],
            ]
            for s in case.solve
        ],
    ]


def inference_json(case: LeanCase) -> list[Any]:
    """What inferring a journey reads of a case (journey/infer.py and the agreement with
    journey.yaml), as JSON data: two cases alike here give the same journey, whatever else
    they say (a title, a problem's words, a solution's action). Renderings read the rest."""
    spot, scene = case.spot, case.scene
    return [
        case.id,
        case.tags,
        case.created.isoformat(),
        _iso(case.updated),
        bool(case.dropped),
        spot.kind,
        spot.touchpoint,
        spot.from_,
        _iso(spot.observed),
        spot.severity,
        bool(spot.evidence),
        None if scene is None else scene.customer,
        scene is not None and bool(scene.goal),
        [] if scene is None else scene.path,
        [v.lens for v in case.view],
        [[d.id, d.detail, d.lens, d.severity, d.at, d.cause] for d in case.split],
        [[s.id, s.addresses, s.status] for s in case.solve],
    ]


def for_inference(case: LeanCase) -> LeanCase:
    """`case` with the texts no inference reads let go (`inference_json` names what it reads;
    of evidence only whether there is any): for a journey of many cases whose cases are read
    again in full before anything shows them."""
    case.title = ""
    case.spot.problem = ""
    case.spot.evidence = [""] * len(case.spot.evidence)
    if case.scene is not None:
        case.scene.expectation = case.scene.experience = None
    for view in case.view:
        view.finding = ""
    for solution in case.solve:
        solution.action = ""
        solution.result = None
        solution.measure = None
    return case


class NotLean(ValueError):
    """Kept data that is not a lean case of this shape."""


def _text(value: Any) -> str:
    if type(value) is not str:
        raise NotLean(value)
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _texts(value: Any) -> list[str]:
    if type(value) is not list:
        raise NotLean(value)
    return [_text(item) for item in value]


def _name(value: Any) -> str:
    """A short text many cases repeat (a touchpoint, a tag, a lens): one copy for them all,
    so that 100,000 lean cases stay small."""
    return intern(_text(value))


def _maybe_name(value: Any) -> str | None:
    return None if value is None else _name(value)


def _names(value: Any) -> list[str]:
    if type(value) is not list:
        raise NotLean(value)
    return [_name(item) for item in value]


@lru_cache(maxsize=4096)
def _day(value: str) -> date:
    """A date, one object for every case on that day."""
    return date.fromisoformat(value)


def _maybe_day(value: Any) -> date | None:
    return None if value is None else _day(_text(value))


def _severity(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 1 <= value <= 5:
        raise NotLean(value)
    return value


def _number(value: Any) -> int | float:
    if type(value) not in (int, float):
        raise NotLean(value)
    return value


def _rows(value: Any, width: int) -> list[list[Any]]:
    if type(value) is not list or any(type(r) is not list or len(r) != width for r in value):
        raise NotLean(value)
    return value


def lean_from_json(value: Any) -> LeanCase:
    """A lean case back from its JSON data, every field checked; NotLean for anything else."""
    try:
        (fmt, case_id, title, created, updated, tags, step, dropped, spot, scene, *rest) = value
        view, split, solve = rest
        if fmt != LEAN_FORMAT or step not in STEPS:
            raise NotLean(value)
        kind, touchpoint, from_, channel, observed, problem, severity, evidence = spot
        if kind not in (None, "pain", "gain"):
            raise NotLean(kind)
        step = STEPS[STEPS.index(step)]
        kind = None if kind is None else _name(kind)
        lean_scene = None
        if scene is not None:
            customer, goal, path, expectation, experience = scene
            lean_scene = LeanScene(
                _maybe_name(customer),
                _maybe_text(goal),
                _names(path),
                _maybe_text(expectation),
                _maybe_text(experience),
            )
        return LeanCase(
            _text(case_id),
            _text(title),
            _day(_text(created)),
            _maybe_day(updated),
            _names(tags),
            step,
            _maybe_text(dropped),
            LeanSpot(
                kind,
                _name(touchpoint),
                _maybe_name(from_),
                _maybe_name(channel),
                _maybe_day(observed),
                _text(problem),
                _severity(severity),
                _texts(evidence),
            ),
            lean_scene,
            [LeanView(_name(p), _maybe_name(lens), _text(f)) for p, lens, f in _rows(view, 3)],
            [
                LeanDetail(
                    _name(i),
                    _text(d),
                    _maybe_name(lens),
                    _severity(s),
                    _maybe_name(at),
                    _maybe_name(c),
                )
                for i, d, lens, s, at, c in _rows(split, 6)
            ],
            [_solution(row) for row in _rows(solve, 10)],
        )
    except (TypeError, ValueError) as error:
        raise NotLean(value) from error


def _solution(row: list[Any]) -> LeanSolution:
    item_id, action, addresses, owner, cost, impact, due, status, result, measure = row
    if status not in STATUSES:
        raise NotLean(status)
    lean_measure = None
    if measure is not None:
        name, unit, before, after = measure
        lean_measure = LeanMeasure(_text(name), _maybe_text(unit), _number(before), _number(after))
    return LeanSolution(
        _name(item_id),
        _text(action),
        _names(addresses),
        _maybe_name(owner),
        _maybe_name(cost),
        _maybe_name(impact),
        _maybe_day(due),
        STATUSES[STATUSES.index(status)],
        _maybe_text(result),
        lean_measure,
    )


if TYPE_CHECKING:
    from typing import TypeAlias

    from ssvssj.method.models import Solution

    AnyCase: TypeAlias = Case | LeanCase  # what a journey is made from: either reads the same
    AnySolution: TypeAlias = Solution | LeanSolution
