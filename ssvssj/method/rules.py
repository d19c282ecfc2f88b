"""The method rules (case-format.md 1.1): where a valid case departs from the SSVSSJ method.

Pure: cases and settings in, findings out. A finding is not a format error: by default it is a
warning (shown and counted); `ssvssj.yaml` `rules:` makes a rule an error or turns it off.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import get_args

from ssvssj.i18n import tr
from ssvssj.method.casefacts import CaseFacts, Finding, findings_of
from ssvssj.method.constants import STALE_AFTER_DAYS
from ssvssj.method.models import Case, RuleId

RULES: tuple[str, ...] = get_args(RuleId)
CUSTOMER_PERSPECTIVES = ("customer", "客户")


def review_date(cases: Sequence[Case], as_of: date | None) -> date | None:
    """Today for overdue and stale: `as_of`, else the newest `updated`, never the clock."""
    if as_of is not None:
        return as_of
    return max((c.last_updated for c in cases), default=None)


def _same(text: str) -> str:
    return text


def evaluate(
    cases: Sequence[Case],
    today: date | None,
    stale_after_days: int = STALE_AFTER_DAYS,
    cause_key: Callable[[str], str] = _same,
) -> list[Finding]:
    """Every rule on every case, sorted by case, field and rule."""
    return findings_of([facts_of(case, cause_key) for case in cases], today, stale_after_days)


def facts_of(case: Case, cause_key: Callable[[str], str] = _same) -> CaseFacts:
    addressed = _addressed_ids(case)
    return CaseFacts(
        case.id,
        case.last_updated,
        tuple(_solution_rules(case) + _case_rules(case)),
        frozenset(
            cause_key(detail.cause)
            for detail in case.split
            if detail.cause and detail.id in addressed
        ),
        tuple(
            (index, detail.id, cause_key(detail.cause) if detail.cause else None)
            for index, detail in enumerate(case.split)
            if detail.id not in addressed
        )
        if case.solve
        else (),
        ()
        if case.is_dropped
        else tuple(
            (index, solution.id, solution.due)
            for index, solution in enumerate(case.solve)
            if solution.is_open and solution.due is not None
        ),
        case.is_open,
    )


def _addressed_ids(case: Case) -> set[str]:
    """Details addressed by a solution still pursued (not dropped, in a case not dropped)."""
    if case.is_dropped:
        return set()
    return {target for s in case.live_solutions for target in s.addresses}


def _solution_rules(case: Case) -> list[Finding]:
    found = []
    for index, solution in enumerate(case.solve):
        if solution.status == "verified" and not solution.result and solution.measure is None:
            found.append(
                Finding(
                    case.id,
                    f"solve[{index}]",
                    "verified-without-result",
                    tr(
                        "solution {id} is verified but has neither result nor measure",
                        "方案 {id} 已验证，但既没有验证结果，也没有衡量指标",
                        id=solution.id,
                    ),
                )
            )
        owner = (solution.owner or "").strip()
        if solution.status in ("doing", "done", "verified") and not owner:
            found.append(
                Finding(
                    case.id,
                    f"solve[{index}]",
                    "solution-without-owner",
                    tr(
                        "solution {id} is under way with no owner",
                        "方案 {id} 已在推进，但没有负责人",
                        id=solution.id,
                    ),
                )
            )
    return found


def _case_rules(case: Case) -> list[Finding]:
    found = []
    step = case.step
    past_view = step in ("split", "solve")
    customer_seen = any(
        v.perspective.strip().casefold() in CUSTOMER_PERSPECTIVES for v in case.view
    )
    if past_view and not customer_seen:
        found.append(
            Finding(
                case.id,
                "view",
                "no-customer-view",
                tr(
                    "no view from the customer's perspective",
                    "视角分析中还没有一条从客户出发",
                ),
            )
        )
    if not case.is_gain and not case.spot.evidence:
        found.append(
            Finding(
                case.id,
                "spot",
                "spot-without-evidence",
                tr(
                    "the pain has no evidence yet: the customer's words, a figure, a screenshot",
                    "尚无客户原话、数据或截图等证据",
                ),
            )
        )
    if step == "solve" and not case.is_gain and case.severity is None:
        found.append(
            Finding(
                case.id,
                "spot",
                "unrated",
                tr(
                    "split into details, but neither the spot nor a detail has a severity",
                    "已拆解细节，但发现和细节都没有严重程度（未评）",
                ),
            )
        )
    return found
