"""What moved between two revisions, for the steering meeting. Pure: cases in, data out.

The report names revisions by their commit and its date, never by the name typed, so the same
two revisions give the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ssvssj.history.diff import JourneyDiff
from ssvssj.history.diff_text import sections
from ssvssj.method.models import Case, Solution
from ssvssj.reports.data import case_link, measure_data
from ssvssj.reports.render import render


def _solution(case: Case, solution: Solution) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "case_title": case.title,
        "case_link": case_link(case.id),
        "id": solution.id,
        "action": solution.action,
        "owner": solution.owner,
        "status": solution.status,
        "result": solution.result,
        "measure": measure_data(solution.measure),
    }


def progress_context(
    before: Sequence[Case],
    after: Sequence[Case],
    diff: JourneyDiff,
    since: dict[str, str | None],
    until: dict[str, str | None],
    lang: str,
) -> dict[str, Any]:
    """Cases added and dropped, solutions moved by owner, results verified, open cases that
    did not move, and the journey's changes."""
    old = {c.id: c for c in before}
    new = {c.id: c for c in after}
    moved: dict[str, list[dict[str, Any]]] = defaultdict(list)
    verified = []
    for case in sorted(after, key=lambda c: c.id):
        was_case = old.get(case.id)
        was = {s.id: s for s in was_case.solve} if was_case else {}
        for solution in case.solve:
            previous = was.get(solution.id)
            if previous is not None and previous.status == solution.status:
                continue
            row = _solution(case, solution)
            row["before"] = previous.status if previous else None
            moved[solution.owner or ""].append(row)
            if solution.status == "verified":
                verified.append(row)
    return {
        "since": since,
        "until": until,
        "cases": {"before": len(before), "after": len(after)},
        "added": [_case(c) for c in sorted(after, key=lambda c: c.id) if c.id not in old],
        "dropped": [
            {**_case(c), "reason": c.dropped}
            for c in sorted(after, key=lambda c: c.id)
            if c.is_dropped and not (c.id in old and old[c.id].is_dropped)
        ],
        "removed": [_case(c) for c in sorted(before, key=lambda c: c.id) if c.id not in new],
        "moved": [
            {"owner": owner or None, "solutions": rows}
            for owner, rows in sorted(moved.items(), key=lambda kv: (kv[0] == "", kv[0]))
        ],
        "verified": verified,
        "unchanged_open": [
            _case(c)
            for c in sorted(after, key=lambda c: c.id)
            if c.is_open and c.id in old and old[c.id] == c
        ],
        "journey": [{"title": t, "items": items} for t, items in sections(diff, lang)],
    }


def _case(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "link": case_link(case.id),
        "step": case.step,
        "state": case.state,
        "updated": case.last_updated.isoformat(),
    }


def progress_report(context: dict[str, Any], name: str, lang: str, templates: Path | None) -> str:
    return render(
        "progress", {"workspace": {"name": name, "language": lang}, **context}, lang, templates
    )
