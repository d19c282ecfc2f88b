"""How the journey changed between two revisions. Pure: two journeys in, plain data out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ssvssj.journey.infer import Journey
from ssvssj.journey.vocabulary import name_key


@dataclass(frozen=True)
class StageMove:
    touchpoint: str
    before: str
    after: str


@dataclass(frozen=True)
class PathwayChange:
    source: str
    target: str
    before: int
    after: int


@dataclass(frozen=True)
class HeatChange:
    """A touchpoint whose pain changed: cases spotted there and their mean severity."""

    touchpoint: str
    cases_before: int
    cases_after: int
    severity_before: float | None
    severity_after: float | None
    heat_before: float
    heat_after: float


@dataclass(frozen=True)
class CauseChange:
    cause: str
    touchpoints: list[str]
    cases_before: int
    cases_after: int


@dataclass
class JourneyDiff:
    cases_before: int
    cases_after: int
    touchpoints_added: list[str] = field(default_factory=list)
    touchpoints_removed: list[str] = field(default_factory=list)
    stages_added: list[str] = field(default_factory=list)
    stages_removed: list[str] = field(default_factory=list)
    stages_renamed: list[StageMove] = field(default_factory=list)
    stage_moves: list[StageMove] = field(default_factory=list)
    pathways_new: list[PathwayChange] = field(default_factory=list)
    pathways_gone: list[PathwayChange] = field(default_factory=list)
    pathways_changed: list[PathwayChange] = field(default_factory=list)
    blind_spots_closed: list[str] = field(default_factory=list)
    blind_spots_opened: list[str] = field(default_factory=list)
    hot_spots_up: list[HeatChange] = field(default_factory=list)
    hot_spots_down: list[HeatChange] = field(default_factory=list)
    causes_new: list[CauseChange] = field(default_factory=list)
    causes_recurring: list[CauseChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, name)
            for name in self.__dataclass_fields__
            if not name.startswith("cases_")
        )


def diff_journeys(before: Journey, after: Journey) -> JourneyDiff:
    """What a reviewer wants to know about the journey between two revisions, in journey order
    (touchpoints that are gone in the order they had)."""
    result = JourneyDiff(len(before.cases), len(after.cases))
    old = {t.name: t for t in before.touchpoints}
    new = {t.name: t for t in after.touchpoints}
    result.touchpoints_added = [t.name for t in after.touchpoints if t.name not in old]
    result.touchpoints_removed = [t.name for t in before.touchpoints if t.name not in new]
    _stages(result, before, after)
    _pathways(result, before, after)
    old_blind, new_blind = set(before.blind_spots), set(after.blind_spots)
    result.blind_spots_closed = [
        name for name in before.blind_spots if name in new and name not in new_blind
    ]
    result.blind_spots_opened = [name for name in after.blind_spots if name not in old_blind]
    _heat(result, before, after)
    _causes(result, before, after)
    return result


def _stages(result: JourneyDiff, before: Journey, after: Journey) -> None:
    """Emergent stages are named after their first touchpoint, so a name alone says little: an
    old stage lives on in the new stage that holds most of its touchpoints, and a touchpoint
    has moved only when it left the stage its old stage lives on in."""
    new_stage = {t.name: t.stage for t in after.touchpoints}
    order = {s.name: s.order for s in after.stages}
    successor: dict[str, str] = {}
    for stage in before.stages:
        held = Counter(new_stage[name] for name in stage.touchpoints if name in new_stage)
        if held:
            successor[stage.name] = min(held, key=lambda name: (-held[name], order[name]))
    kept = set(successor.values())
    result.stages_added = [s.name for s in after.stages if s.name not in kept]
    result.stages_removed = [s.name for s in before.stages if s.name not in successor]
    result.stages_renamed = [
        StageMove("", old, new) for old, new in successor.items() if old != new
    ]
    old_stage = {t.name: t.stage for t in before.touchpoints}
    result.stage_moves = [
        StageMove(t.name, old_stage[t.name], t.stage)
        for t in after.touchpoints
        if t.name in old_stage and successor.get(old_stage[t.name]) != t.stage
    ]


def _pathways(result: JourneyDiff, before: Journey, after: Journey) -> None:
    old = {(p.source, p.target): p.count for p in before.pathways}
    new = {(p.source, p.target): p.count for p in after.pathways}
    for pair, count in new.items():
        if pair not in old:
            result.pathways_new.append(PathwayChange(*pair, 0, count))
        elif old[pair] != count:
            result.pathways_changed.append(PathwayChange(*pair, old[pair], count))
    result.pathways_gone = [
        PathwayChange(*pair, count, 0) for pair, count in old.items() if pair not in new
    ]


def _heat(result: JourneyDiff, before: Journey, after: Journey) -> None:
    """Hot spots up and down: where the pain (the rated cases' severities added up) grew or
    shrank, most first."""
    old = {t.name: t for t in before.touchpoints}
    new = {t.name: t for t in after.touchpoints}
    changes = []
    for name in [*(t.name for t in after.touchpoints), *result.touchpoints_removed]:
        was, now = old.get(name), new.get(name)
        change = HeatChange(
            name,
            len(was.cases) if was else 0,
            len(now.cases) if now else 0,
            was.severity if was else None,
            now.severity if now else None,
            round(was.pain, 1) if was else 0.0,
            round(now.pain, 1) if now else 0.0,
        )
        if change.heat_before != change.heat_after:
            changes.append(change)
    changes.sort(key=lambda c: (-abs(c.heat_after - c.heat_before), c.touchpoint))
    result.hot_spots_up = [c for c in changes if c.heat_after > c.heat_before]
    result.hot_spots_down = [c for c in changes if c.heat_after < c.heat_before]


def _causes(result: JourneyDiff, before: Journey, after: Journey) -> None:
    """Root causes: new ones, and known ones that showed up in more cases again. Where the
    cases name causes (`split[].cause`, case format 1.1), those; else details written alike at
    two or more touchpoints."""
    named = bool(before.causes or after.causes)
    old = {name_key(name): cases for name, _, cases in _cause_list(before, named)}
    for name, touchpoints, cases in _cause_list(after, named):
        was = old.get(name_key(name))
        change = CauseChange(name, touchpoints, len(was) if was else 0, len(cases))
        if was is None:
            result.causes_new.append(change)
        elif change.cases_after > change.cases_before:
            result.causes_recurring.append(change)


def _cause_list(journey: Journey, named: bool) -> list[tuple[str, list[str], list[str]]]:
    if named:
        return [(c.name, c.touchpoints, c.cases) for c in journey.causes]
    return [(r.detail, r.touchpoints, r.cases) for r in journey.recurring]


def diff_json(diff: JourneyDiff, before: str, after: str) -> dict[str, Any]:
    """The diff as JSON-ready data, `before` and `after` naming the revisions compared."""

    def pathway(p: PathwayChange) -> dict[str, Any]:
        return {"from": p.source, "to": p.target, "before": p.before, "after": p.after}

    def heat(h: HeatChange) -> dict[str, Any]:
        return {
            "touchpoint": h.touchpoint,
            "cases": [h.cases_before, h.cases_after],
            "severity": [h.severity_before, h.severity_after],
            "heat": [h.heat_before, h.heat_after],
        }

    def cause(c: CauseChange) -> dict[str, Any]:
        return {
            "cause": c.cause,
            "touchpoints": c.touchpoints,
            "cases": [c.cases_before, c.cases_after],
        }

    return {
        "before": before,
        "after": after,
        "cases": [diff.cases_before, diff.cases_after],
        "touchpoints": {"added": diff.touchpoints_added, "removed": diff.touchpoints_removed},
        "stages": {
            "added": diff.stages_added,
            "removed": diff.stages_removed,
            "renamed": [{"before": m.before, "after": m.after} for m in diff.stages_renamed],
            "moves": [
                {"touchpoint": m.touchpoint, "before": m.before, "after": m.after}
                for m in diff.stage_moves
            ],
        },
        "pathways": {
            "new": [pathway(p) for p in diff.pathways_new],
            "gone": [pathway(p) for p in diff.pathways_gone],
            "changed": [pathway(p) for p in diff.pathways_changed],
        },
        "blind_spots": {"closed": diff.blind_spots_closed, "opened": diff.blind_spots_opened},
        "hot_spots": {
            "up": [heat(h) for h in diff.hot_spots_up],
            "down": [heat(h) for h in diff.hot_spots_down],
        },
        "causes": {
            "new": [cause(c) for c in diff.causes_new],
            "recurring": [cause(c) for c in diff.causes_recurring],
        },
    }
