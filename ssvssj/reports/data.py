"""What each report shows, as plain data for the templates. Pure: cases and journey in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ssvssj.journey.infer import Journey, Pathway
from ssvssj.journey.lean import LeanMeasure
from ssvssj.method.constants import STALE_AFTER_DAYS, STEPS, unit_suffix
from ssvssj.reports.places import Place
from ssvssj.reports.stages import SHOWN as STAGE_ITEMS_SHOWN
from ssvssj.reports.stages import SolutionRow, StagePart, Summary, pain_order

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase, AnySolution
    from ssvssj.method.models import Case, Measure


def newest_update(cases: Sequence[AnyCase]) -> date | None:
    """The date a report speaks for: the newest `updated` of its cases, never the clock."""
    return max((c.last_updated for c in cases), default=None)


def case_link(case_id: str, prefix: str = "") -> str:
    return f"{prefix}cases/{case_id}.md"


def measure_data(measure: Measure | LeanMeasure | None) -> dict[str, Any] | None:
    """A measured result as the reports show it: name, before → after, with its unit."""
    if measure is None:
        return None
    unit = unit_suffix(measure.unit)
    return {
        "name": measure.name,
        "unit": measure.unit,
        "before": measure.before,
        "after": measure.after,
        "change": f"{measure.before}{unit} → {measure.after}{unit}",
    }


def solution_data(case: AnyCase, solution: AnySolution, reference: date | None) -> dict[str, Any]:
    overdue = bool(
        solution.is_open and solution.due and reference is not None and solution.due < reference
    )
    return {
        "case_id": case.id,
        "case_title": case.title,
        "case_link": case_link(case.id),
        "id": solution.id,
        "action": solution.action,
        "addresses": solution.addresses,
        "owner": solution.owner,
        "cost": solution.cost,
        "impact": solution.impact,
        "due": solution.due.isoformat() if solution.due else None,
        "status": solution.status,
        "result": solution.result,
        "measure": measure_data(solution.measure),
        "overdue": overdue,
        "severity": case.severity,
    }


def case_summary(case: AnyCase, journey: Journey) -> dict[str, Any]:
    return _summary(
        case, journey.spots.get(case.id, case.spot.touchpoint), journey.handovers.get(case.id)
    )


def _summary(case: AnyCase, touchpoint: str, handover: str | None) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "link": case_link(case.id),
        "step": case.step,
        "step_number": case.step_number,
        "state": case.state,
        "kind": case.spot.kind or "pain",
        "severity": case.severity,
        "touchpoint": touchpoint,
        "handover_from": handover,
        "updated": case.last_updated.isoformat(),
    }


def case_context(case: Case, place: Place) -> dict[str, Any]:
    """The five steps of one case, and its place in the journey."""
    spot_name = place.spot
    canonical_path = place.path
    written_path = case.path()
    views: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for view in case.view:
        views[view.perspective].append({"lens": view.lens, "finding": view.finding})
    before, after = path_neighbours(canonical_path, spot_name)
    if before is None:
        before = place.handover
    scene = case.scene
    return {
        **_summary(case, spot_name, place.handover),
        "created": case.created.isoformat(),
        "consultant": case.consultant,
        "tags": case.tags,
        "dropped": case.dropped,
        "spot": {
            "touchpoint": case.spot.touchpoint,
            "canonical": spot_name,
            "channel": case.spot.channel,
            "observed": case.spot.observed.isoformat() if case.spot.observed else None,
            "problem": case.spot.problem,
            "severity": case.spot.severity,
            "evidence": case.spot.evidence,
            "kind": case.spot.kind or "pain",
            "from": case.spot.from_,
        },
        "scene": None
        if scene is None or scene.is_empty()
        else {
            "customer": scene.customer,
            "goal": scene.goal,
            "context": scene.context,
            "expectation": scene.expectation,
            "experience": scene.experience,
            "path": [
                {"name": written, "is_spot": canonical == spot_name}
                for written, canonical in zip(written_path, canonical_path, strict=True)
            ]
            if scene.path
            else [],
        },
        "views": [{"perspective": p, "findings": found} for p, found in views.items()],
        "details": [
            {
                "id": d.id,
                "detail": d.detail,
                "lens": d.lens,
                "severity": d.severity,
                "at": d.at,
                "cause": d.cause,
            }
            for d in case.split
        ],
        "details_placed": any(d.at or d.cause for d in case.split),
        "solutions": [solution_data(case, s, None) for s in case.solve],
        "journey": {
            "stage": place.stage,
            "order": place.order + 1,
            "touchpoints": place.touchpoints,
            "before": before,
            "after": after,
            "journey_before": place.journey_before,
            "journey_after": place.journey_after,
            "others_here": place.others,
            "others_count": place.others_count,
        },
    }


def path_neighbours(path: list[str], spot: str) -> tuple[str | None, str | None]:
    """The touchpoints just before and after the spot on the customer's own path."""
    if spot not in path:
        return None, None
    at = path.index(spot)
    before = path[at - 1] if at > 0 else None
    after = path[at + 1] if at + 1 < len(path) else None
    return before, after


def portfolio_context(
    journey: Journey,
    today: date | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    findings: list[str] | None = None,
) -> dict[str, Any]:
    """Progress, quick wins, the owner board, results, stale cases, method warnings, counts.

    `today` is the review date (as_of, else the newest update); `findings` the rule id of each
    method rule finding that the workspace has not turned off."""
    from ssvssj.method.rules import RULES

    cases = journey.cases
    reference = today if today is not None else newest_update(cases)
    live = [c for c in cases if not c.is_dropped]
    at_step = Counter(c.step for c in live if c.is_open)
    states = Counter(c.state for c in cases)
    open_solutions = [solution_data(c, s, reference) for c in live for s in c.solve if s.is_open]
    quick = [s for s in open_solutions if s["cost"] == "low" and s["impact"] == "high"]
    quick.sort(
        key=lambda s: (
            s["severity"] is None,
            -(s["severity"] or 0),
            s["due"] or "9999",
            s["case_id"],
            s["id"],
        )
    )
    owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in open_solutions:
        owners[item["owner"] or ""].append(item)
    board = [
        {
            "owner": owner or None,
            "actions": sorted(
                items, key=lambda s: (not s["overdue"], s["due"] or "9999", s["case_id"], s["id"])
            ),
            "overdue": sum(1 for s in items if s["overdue"]),
        }
        for owner, items in sorted(owners.items(), key=lambda kv: (kv[0] == "", kv[0]))
    ]
    verified = [
        solution_data(c, s, reference) for c in cases for s in c.solve if s.status == "verified"
    ]
    tags: dict[str, list[AnyCase]] = defaultdict(list)
    for case in cases:
        for tag in case.tags:
            tags[tag].append(case)
    stale = [
        {**case_summary(c, journey), "idle": (reference - c.last_updated).days}
        for c in cases
        if reference is not None
        and c.is_open
        and (reference - c.last_updated).days > stale_after_days
    ]
    counted = Counter(findings or [])
    return {
        "today": reference.isoformat() if reference else None,
        "stale_after_days": stale_after_days,
        "stale": sorted(stale, key=lambda c: (-c["idle"], c["id"])),
        "measured": [
            solution_data(c, s, reference) for c in cases for s in c.solve if s.measure is not None
        ],
        "warnings": [{"rule": rule, "count": counted[rule]} for rule in RULES if counted[rule]],
        "warning_count": sum(counted.values()),
        "progress": [{"step": step, "cases": at_step.get(step, 0)} for step in STEPS[1:]],
        "states": {
            state: states.get(state, 0) for state in ("open", "solved", "verified", "dropped")
        },
        "quick_wins": quick,
        "board": board,
        "verified": verified,
        "dropped": [
            {**case_summary(c, journey), "reason": c.dropped} for c in cases if c.is_dropped
        ],
        "by_touchpoint": [
            {"name": t.name, "stage": t.stage, "cases": len(t.cases), "open": t.open}
            for t in journey.touchpoints
            if t.cases
        ],
        "by_tag": [
            {"name": tag, "cases": len(items), "open": sum(1 for c in items if c.is_open)}
            for tag, items in sorted(tags.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
    }


def journey_context(
    journey: Journey, today: date | None = None, parts: dict[str, StagePart] | None = None
) -> dict[str, Any]:
    """The emergent journey, stage by stage, with what hurts and what is being done; by owner;
    its gains, handover problems and root causes across cases. `parts` give what it shows of
    each touchpoint's cases (else they are made from the journey's cases)."""
    from ssvssj.journey.exports import to_mermaid
    from ssvssj.journey.parts import parts_from_cases
    from ssvssj.reports.stages import STAGE_PARTS

    here = parts if parts is not None else parts_from_cases(journey)(STAGE_PARTS)
    reference = today if today is not None else journey.newest
    stages = []
    for stage in journey.stages:
        members = set(stage.touchpoints)
        shown = [here[name] for name in stage.touchpoints]
        worst = sorted((s for part in shown for s in part.worst), key=pain_order)
        solved = sorted(
            (e for part in shown for e in part.solutions), key=lambda e: pain_order(e[0])
        )
        open_solutions = [
            _solution_of(summary, row, reference) for summary, rows in solved for row in rows
        ]
        stages.append(
            {
                "name": stage.name,
                "order": stage.order + 1,
                "pinned": stage.pinned,
                "gaps": stage.gaps,
                "touchpoints": [_touchpoint(journey, name) for name in stage.touchpoints],
                "pathways": [
                    {
                        "from": p.source,
                        "to": p.target,
                        "count": p.count,
                        "cases": len(p.cases),
                        "problems": len(p.problems),
                    }
                    for p in journey.pathways
                    if p.source in members or p.target in members
                ],
                "elements": stage.elements,
                "pains": [_summary_of(s, journey) for s in worst[:STAGE_ITEMS_SHOWN]],
                "pain_count": sum(len(journey.touchpoint(name).cases) for name in members),
                "solutions": open_solutions[:STAGE_ITEMS_SHOWN],
                "solution_count": sum(part.solution_count for part in shown),
            }
        )
    handed = {s[0]: s for part in here.values() for s in part.handovers}
    caused = {
        (summary[0], row[0]): (summary, row)
        for part in here.values()
        for summary, rows in part.caused
        for row in rows
    }
    gains = sorted((s for part in here.values() for s in part.gains), key=lambda s: s[0])
    unscened = {name: part.unscened for name, part in here.items() if part.unscened}
    return {
        "mermaid": to_mermaid(journey),
        "segment": journey.segment,
        "stages": stages,
        "hot_spots": [_touchpoint(journey, t.name) for t in journey.hot_spots[:5]],
        "blind_spots": journey.blind_spots,
        "gains": [_summary_of(s, journey) for s in gains],
        "handovers": [_handover(journey, p, handed) for p in journey.pathways if p.problems],
        "owners": _owner_sections(journey, here),
        "causes": [_cause(cause, caused) for cause in journey.causes if len(cause.cases) >= 2],
        "recurring": [
            {"detail": r.detail, "touchpoints": r.touchpoints, "cases": r.cases}
            for r in journey.recurring
        ],
        "lens_spread": [
            {"lens": lens, "touchpoints": names} for lens, names in journey.lens_spread.items()
        ],
        "pathway_count": len(journey.pathways),
        "touchpoint_count": len(journey.touchpoints),
        **workshop_context(journey, unscened),
    }


def _summary_of(summary: Summary, journey: Journey) -> dict[str, Any]:
    """A case as the journey report lists it, where the journey places it."""
    case_id, title, step, state, kind, severity, updated = summary
    return {
        "id": case_id,
        "title": title,
        "link": case_link(case_id),
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "state": state,
        "kind": kind,
        "severity": severity,
        "touchpoint": journey.spots[case_id],
        "handover_from": journey.handovers.get(case_id),
        "updated": updated,
    }


def _solution_of(summary: Summary, row: SolutionRow, reference: date | None) -> dict[str, Any]:
    """A solution as `solution_data` gives it, from its case's summary and its own row."""
    item_id, action, addresses, owner, cost, impact, due, status, result, measure = row
    is_open = status in ("proposed", "doing")
    return {
        "case_id": summary[0],
        "case_title": summary[1],
        "case_link": case_link(summary[0]),
        "id": item_id,
        "action": action,
        "addresses": addresses,
        "owner": owner,
        "cost": cost,
        "impact": impact,
        "due": due,
        "status": status,
        "result": result,
        "measure": None if measure is None else measure_data(LeanMeasure(*measure)),
        "overdue": bool(
            is_open and due and reference is not None and date.fromisoformat(due) < reference
        ),
        "severity": summary[5],
    }


PLAN_SHOWN = 10
VARIANTS_SHOWN = 5


def workshop_context(
    journey: Journey, unscened: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Where the cases disagree with the agreed journey, the observation plan, the variants.
    `unscened`: the pains without a scene at each place, where the cases are not at hand."""
    from ssvssj.journey.gaps import element_word, observation_plan
    from ssvssj.journey.variants import share, variants

    found = journey.agreement
    agreement = None
    if found is not None:
        agreement = {
            "validated_on": found.validated_on.isoformat() if found.validated_on else None,
            "cases_after": found.cases_after,
            "agrees": found.agrees,
            "reversed": [
                {"earlier": a, "later": b, "count": n} for a, b, n in found.reversed_pairs
            ],
            "unplaced": found.unplaced,
            "rejected": [{"from": a, "to": b, "count": n} for a, b, n in found.rejected_seen],
            "stages_missing": [
                {"stage": stage, "missing": [element_word(m, journey.language) for m in missing]}
                for stage, missing in found.stages_missing
            ],
        }
    plan = observation_plan(journey, unscened)
    return {
        "agreement": agreement,
        "plan": [{"where": list(g.where), "why": g.why} for g in plan[:PLAN_SHOWN]],
        "variants": [
            {"path": list(v.path), "count": v.count, "share": f"{share(v, journey):.0%}"}
            for v in variants(journey, VARIANTS_SHOWN)
        ],
    }


def _handover(journey: Journey, pathway: Pathway, handed: dict[str, Summary]) -> dict[str, Any]:
    return {
        "from": pathway.source,
        "to": pathway.target,
        "from_owner": journey.touchpoint(pathway.source).owner,
        "to_owner": journey.touchpoint(pathway.target).owner,
        "count": pathway.count,
        "problems": [_summary_of(handed[cid], journey) for cid in pathway.problems],
    }


def _owner_sections(journey: Journey, here: dict[str, StagePart]) -> list[dict[str, Any]]:
    """Per owning department: its touchpoints (moments of truth first), its open pains, and
    its handover risks: pathways into or out of it whose other end another department owns."""
    owned: dict[str, list[str]] = defaultdict(list)
    for tp in journey.touchpoints:
        if tp.owner:
            owned[tp.owner].append(tp.name)
    handed = {s[0]: s for part in here.values() for s in part.handovers}
    sections = []
    for owner in sorted(owned):
        names = sorted(
            owned[owner],
            key=lambda n: (not journey.touchpoint(n).key, journey.touchpoint(n).order),
        )
        pains = sorted((s for name in names for s in here[name].open_worst), key=pain_order)
        risks = [
            _handover(journey, p, handed) for p in journey.pathways if _crosses(journey, p, owner)
        ]
        sections.append(
            {
                "owner": owner,
                "touchpoints": [_touchpoint(journey, name) for name in names],
                "open_pains": [_summary_of(s, journey) for s in pains[:STAGE_ITEMS_SHOWN]],
                "open_count": sum(here[name].open_count for name in names),
                "risks": risks,
            }
        )
    return sections


def _crosses(journey: Journey, pathway: Pathway, owner: str) -> bool:
    ends = (journey.touchpoint(pathway.source).owner, journey.touchpoint(pathway.target).owner)
    return owner in ends and all(ends) and ends[0] != ends[1]


def _cause(
    cause: Any, caused: dict[tuple[str, str], tuple[Summary, SolutionRow]]
) -> dict[str, Any]:
    solutions = [_solution_of(*caused[pair], None) for pair in cause.solutions]
    return {
        "name": cause.name,
        "owner": cause.owner,
        "cases": cause.cases,
        "touchpoints": cause.touchpoints,
        "solutions": solutions,
        "verified": [s for s in solutions if s["status"] == "verified"],
    }


def _touchpoint(journey: Journey, name: str) -> dict[str, Any]:
    tp = journey.touchpoint(name)
    return {
        "name": tp.name,
        "order": tp.order + 1,
        "stage": tp.stage,
        "cases": len(tp.cases),
        "open": tp.open,
        "severity": tp.severity,
        "spellings": tp.aliases_seen,
        "lenses": tp.lenses,
        "gains": len(tp.gains),
        "owner": tp.owner,
        "channel": tp.channel,
        "key": bool(tp.key),
        "promise": tp.promise,
        "blind": tp.blind,
    }


def index_context(journey: Journey) -> dict[str, Any]:
    cases = sorted(journey.cases, key=lambda c: c.id)
    return {"cases": [case_summary(c, journey) for c in cases]}
