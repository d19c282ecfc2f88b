"""A case through its commits: what changed in method terms, and when the loop closed. Pure.

A version is the case as one commit left it: the case, or None where the file was removed or
did not load. Dates are the commits' dates, never the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import TYPE_CHECKING, Any

from ssvssj.method.models import Case

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase


@dataclass(frozen=True)
class Version:
    commit: str
    day: date
    author: str
    subject: str
    case: Case | None
    removed: bool = False
    path: str | None = None


@dataclass(frozen=True)
class Change:
    """One change in method terms: a kind, and the values it speaks of."""

    kind: str
    values: dict[str, Any] = field(default_factory=dict)


def case_changes(before: Case | None, after: Case | None, removed: bool = False) -> list[Change]:
    """What one commit did to a case, as the method sees it (never a raw diff)."""
    if removed:
        return [Change("removed")]
    if after is None:
        return [Change("invalid")]
    if before is None:
        return [Change("created", {"step": after.step, "state": after.state, "title": after.title})]
    found: list[Change] = []
    if after.step_number != before.step_number:
        kind = "step" if after.step_number > before.step_number else "step-back"
        found.append(Change(kind, {"before": before.step, "after": after.step}))
    if after.severity != before.severity:
        found.append(Change("severity", {"before": before.severity, "after": after.severity}))
    found += _solution_changes(before, after)
    if after.is_dropped and not before.is_dropped:
        found.append(Change("dropped", {"reason": after.dropped}))
    elif before.is_dropped and not after.is_dropped:
        found.append(Change("reopened"))
    elif after.state != before.state:
        found.append(Change("state", {"before": before.state, "after": after.state}))
    return found or [Change("edited")]


def _solution_changes(before: Case, after: Case) -> list[Change]:
    old = {s.id: s for s in before.solve}
    new = {s.id: s for s in after.solve}
    found = []
    for solution in after.solve:
        was = old.get(solution.id)
        if was is None:
            found.append(
                Change(
                    "solution-added",
                    {"id": solution.id, "status": solution.status, "action": solution.action},
                )
            )
            continue
        if was.status != solution.status:
            found.append(
                Change(
                    "solution-status",
                    {"id": solution.id, "before": was.status, "after": solution.status},
                )
            )
        if solution.result and solution.result != was.result:
            found.append(Change("result", {"id": solution.id, "result": solution.result}))
        if solution.measure is not None and solution.measure != was.measure:
            measure = solution.measure
            found.append(
                Change(
                    "measure",
                    {
                        "id": solution.id,
                        "name": measure.name,
                        "before": measure.before,
                        "after": measure.after,
                        "unit": measure.unit,
                    },
                )
            )
    found += [Change("solution-removed", {"id": sid}) for sid in old if sid not in new]
    return found


@dataclass(frozen=True)
class LogEntry:
    version: Version
    changes: list[Change]


def case_log(versions: Sequence[Version]) -> list[LogEntry]:
    """One entry per commit that changed the case, oldest first. A commit that moved the file
    says where to; a pure move is not called an edit."""
    entries = []
    previous: Case | None = None
    previous_path: str | None = None
    for version in versions:
        changes = case_changes(previous, version.case, version.removed)
        if previous_path and version.path and version.path != previous_path:
            unchanged = previous is not None and previous == version.case
            changes = [Change("moved", {"before": previous_path, "after": version.path})] + [
                c for c in changes if not (unchanged and c.kind == "edited")
            ]
        entries.append(LogEntry(version, changes))
        if version.case is not None or version.removed:
            previous = version.case
        previous_path = version.path
    return entries


@dataclass(frozen=True)
class Timing:
    """When the loop of one case moved: first committed, reached Solve, solved, verified.

    Solved and verified are the start of the run of commits that left it so until the last
    one: a case reopened since then has not closed its loop."""

    case_id: str
    first_committed: date | None
    reached_solve: date | None
    solved: date | None
    verified: date | None


# What the loop's clock needs of one version: step, solved, verified, dropped; None for a
# version that did not load.
Facts = tuple[str, bool, bool, bool] | None


def facts_of(case: Case | None) -> Facts:
    if case is None:
        return None
    return (case.step, case.solved, case.verified, case.is_dropped)


@dataclass(frozen=True)
class Mark:
    """One commit's version of a case, as the loop's clock sees it."""

    day: date
    facts: Facts
    removed: bool = False


def marks_of(versions: Sequence[Version]) -> list[Mark]:
    return [Mark(v.day, facts_of(v.case), v.removed) for v in versions]


def timing(case_id: str, marks: Sequence[Mark]) -> Timing:
    first = reached = None
    solved_since: date | None = None
    verified_since: date | None = None
    for mark in marks:
        if mark.facts is None:
            if mark.removed:
                solved_since = verified_since = None
            continue
        step, solved, verified, dropped = mark.facts
        first = first or mark.day
        if reached is None and step == "solve":
            reached = mark.day
        solved_since = (solved_since or mark.day) if solved and not dropped else None
        verified_since = (verified_since or mark.day) if verified and not dropped else None
    return Timing(case_id, first, reached, solved_since, verified_since)


WAITING_SHOWN = 5


def loop_summary(
    timings: dict[str, Timing], cases: Sequence[AnyCase], reference: date
) -> dict[str, Any] | None:
    """The loop's clock over the current cases: the median days from the first commit of a
    spot to its verified solution, and the open cases that have waited longest (days to
    `reference`, the newest commit's date). None when no case has a commit yet."""
    known = [(case, timings[case.id]) for case in cases if case.id in timings]
    known = [(case, t) for case, t in known if t.first_committed is not None]
    if not known:
        return None
    to_verified = [
        days
        for case, t in known
        if case.verified and (days := _loop_days(t.first_committed, t.verified)) is not None
    ]
    to_solved = [
        days
        for case, t in known
        if case.solved and (days := _loop_days(t.first_committed, t.solved)) is not None
    ]
    waiting = sorted(
        ((case, t) for case, t in known if case.is_open),
        key=lambda pair: (pair[1].first_committed, pair[0].id),
    )
    return {
        "date": reference.isoformat(),
        "median_days_to_verified": _median(to_verified),
        "verified_cases": len(to_verified),
        "median_days_to_solved": _median(to_solved),
        "solved_cases": len(to_solved),
        "waiting": [
            {
                "id": case.id,
                "title": case.title,
                "step": case.step,
                "since": t.first_committed.isoformat() if t.first_committed else None,
                "days": (reference - t.first_committed).days if t.first_committed else None,
                "reached_solve": t.reached_solve.isoformat() if t.reached_solve else None,
            }
            for case, t in waiting[:WAITING_SHOWN]
        ],
        "open_cases": len(waiting),
    }


def _loop_days(first: date | None, closed: date | None) -> int | None:
    """The days of a loop the record measured: the case was recorded before the day it closed.
    A case first recorded already closed (a workspace committed at the end) tells nothing of
    its loop."""
    if first is None or closed is None or closed <= first:
        return None
    return (closed - first).days


def _median(values: list[int]) -> str | None:
    """Whole days where the median is whole, else to the half day."""
    if not values:
        return None
    middle = median(values)
    return f"{middle:g}" if middle == int(middle) else f"{middle:.1f}"
