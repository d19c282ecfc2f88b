"""What the journey report shows of the cases spotted at each touchpoint, as one part per
touchpoint (journey/parts.py): the most severe pains, open or not, the first open solutions in
that order, the gains, the pains on a handover, the solutions that address a root cause and the
pains without a scene, each bounded where the report shows only the first few. The report puts
the parts of a stage or an owner together (reports/data.py), so that a kept journey reads no
case and one changed case has only its touchpoint's part made again. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ssvssj.journey.infer import Journey
from ssvssj.journey.parts import Kind
from ssvssj.journey.shapes import checked, maybe_whole, text, texts, whole
from ssvssj.method.constants import STEPS
from ssvssj.reports.rows import solution_from_json, solution_json

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

SHOWN = 20  # per stage and per owner in the journey report, the most severe first

# A case as the journey report lists it: id, title, step, state, kind, severity, last update.
Summary = tuple[str, str, str, str, str, int | None, str]
# A solution as the report lists it, beside its case: id, action, addresses, owner, cost,
# impact, due, status, result, and its measure (name, unit, before, after) or None.
SolutionRow = list[Any]  # as rows.solution_json makes it
Solved = tuple[Summary, list[SolutionRow]]


class StagePart(NamedTuple):
    """What the journey report shows of the cases spotted at one place."""

    worst: list[Summary]  # the most severe pains, the first SHOWN
    open_worst: list[Summary]  # the most severe open pains, the first SHOWN
    open_count: int
    solutions: list[Solved]  # pains not dropped, most severe first, with open solutions
    solution_count: int
    gains: list[Summary]  # gains not dropped, in id order
    handovers: list[Summary]  # pains spotted on a handover (spot.from), in id order
    caused: list[Solved]  # live solutions that address a detail with a root cause
    unscened: list[str]  # pains whose scene does not say who and what for, in id order


def pain_order(summary: Summary) -> tuple[bool, int, str]:
    """The most severe first; unrated (未评) after every rated pain."""
    severity = summary[5]
    return (severity is None, -(severity or 0), summary[0])


def summary_of(case: AnyCase) -> Summary:
    return (
        case.id,
        case.title,
        case.step,
        case.state,
        case.spot.kind or "pain",
        case.severity,
        case.last_updated.isoformat(),
    )


def stage_part(_journey: Journey, _name: str, cases: Sequence[AnyCase]) -> StagePart:
    """The part of the cases spotted at one place (in id order)."""
    pains = [c for c in cases if not c.is_gain]
    ranked = sorted(pains, key=lambda c: (c.severity is None, -(c.severity or 0), c.id))
    opened = [c for c in ranked if c.is_open]
    solutions: list[Solved] = []
    shown = count = 0
    for case in ranked:
        if case.is_dropped:
            continue
        rows = [solution_json(s) for s in case.solve if s.is_open]
        count += len(rows)
        if rows and shown < SHOWN:
            solutions.append((summary_of(case), rows))
            shown += len(rows)
    caused: list[Solved] = []
    for case in cases:
        causes = {d.id for d in case.split if d.cause}
        live = [] if case.is_dropped or not causes else case.live_solutions
        rows = [solution_json(s) for s in live if causes.intersection(s.addresses)]
        if rows:
            caused.append((summary_of(case), rows))
    return StagePart(
        worst=[summary_of(c) for c in ranked[:SHOWN]],
        open_worst=[summary_of(c) for c in opened[:SHOWN]],
        open_count=len(opened),
        solutions=solutions,
        solution_count=count,
        gains=[summary_of(c) for c in cases if c.is_gain and not c.is_dropped],
        handovers=[summary_of(c) for c in pains if c.spot.from_],
        caused=caused,
        unscened=[
            c.id for c in pains if c.scene is None or not (c.scene.customer and c.scene.goal)
        ],
    )


def _part_json(part: StagePart) -> list[Any]:
    return [
        [list(s) for s in part.worst],
        [list(s) for s in part.open_worst],
        part.open_count,
        [[list(s), [list(r) for r in rows]] for s, rows in part.solutions],
        part.solution_count,
        [list(s) for s in part.gains],
        [list(s) for s in part.handovers],
        [[list(s), [list(r) for r in rows]] for s, rows in part.caused],
        part.unscened,
    ]


def _summary(value: Any) -> Summary:
    checked(type(value) is list and len(value) == 7)
    case_id, title, step, state, kind, severity, updated = value
    checked(step in STEPS and kind in ("pain", "gain"))
    checked(state in ("open", "solved", "verified", "dropped"))
    found = maybe_whole(severity)
    checked(found is None or 1 <= found <= 5)
    return (text(case_id), text(title), step, state, kind, found, text(updated))


def _summaries(value: Any) -> list[Summary]:
    checked(type(value) is list)
    return [_summary(item) for item in value]


def _solved(value: Any) -> list[Solved]:
    checked(type(value) is list)
    found = []
    for item in value:
        checked(type(item) is list and len(item) == 2 and type(item[1]) is list)
        found.append(
            (_summary(item[0]), [solution_json(solution_from_json(row)) for row in item[1]])
        )
    return found


def _part_from_json(value: Any) -> StagePart:
    checked(type(value) is list and len(value) == 9)
    return StagePart(
        worst=_summaries(value[0]),
        open_worst=_summaries(value[1]),
        open_count=whole(value[2]),
        solutions=_solved(value[3]),
        solution_count=whole(value[4]),
        gains=_summaries(value[5]),
        handovers=_summaries(value[6]),
        caused=_solved(value[7]),
        unscened=texts(value[8]),
    )


STAGE_PARTS: Kind[StagePart] = Kind(
    "journey report", stage_part, _part_json, _part_from_json, lambda _: []
)
