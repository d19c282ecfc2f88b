"""What the method rules need of each case, and the rules that look across cases or at the
review date. Importable without pydantic: a warm `check` answers from facts the index keeps,
with no case loaded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import NamedTuple

from ssvssj.i18n import language, tr


class Finding(NamedTuple):
    """A rule's finding about a case; findings sort by case, field, rule and message."""

    case_id: str
    field: str | None
    rule: str
    message: str


class CaseFacts(NamedTuple):
    """What the rules need of one case, small enough to keep for every case of a large
    workspace: the findings the case alone decides, and what the rules that look across cases
    or at the review date need."""

    case_id: str
    updated: date
    own: tuple[Finding, ...]
    addressed_causes: frozenset[str]
    # details no solution of the case addresses, in a case with solutions: (index, id, cause)
    unaddressed: tuple[tuple[int, str, str | None], ...]
    # open solutions with a due date, in a case not dropped: (index, id, due)
    due: tuple[tuple[int, str, date], ...]
    may_stall: bool  # open and not dropped

    @property
    def fields(self) -> list[str]:
        """Every field a finding about this case may name."""
        return (
            [finding.field for finding in self.own if finding.field]
            + [f"split[{index}]" for index, _, _ in self.unaddressed]
            + [f"solve[{index}].due" for index, _, _ in self.due]
            + (["updated"] if self.may_stall else [])
        )


def review_date_of(updated: Iterable[date], as_of: date | None) -> date | None:
    """Today for overdue and stale: `as_of`, else the newest `updated`, never the clock."""
    return as_of if as_of is not None else max(updated, default=None)


def findings_of(
    facts: Sequence[CaseFacts],
    today: date | None,
    stale_after_days: int,
    addressed_causes: frozenset[str] | None = None,
) -> list[Finding]:
    """Every rule's findings from the cases' facts, sorted by case, field and rule. The causes
    some solution addresses are those of `facts`, unless given (as they are over every case
    where `facts` are only some)."""
    if addressed_causes is None:
        addressed_causes = frozenset().union(*(f.addressed_causes for f in facts))
    found: list[Finding] = []
    for fact in facts:
        found += fact.own
        if fact.unaddressed:
            found += _unaddressed(fact, addressed_causes)
        if today is not None and (fact.due or fact.may_stall):
            found += _time_rules(fact, today, stale_after_days)
    return sorted(found)


def _unaddressed(facts: CaseFacts, addressed_causes: frozenset[str]) -> list[Finding]:
    found = []
    for index, detail_id, cause in facts.unaddressed:
        if cause is not None and cause in addressed_causes:
            continue
        found.append(
            Finding(
                facts.case_id,
                f"split[{index}]",
                "detail-unaddressed",
                _unaddressed_message(detail_id, language()),
            )
        )
    return found


def _time_rules(facts: CaseFacts, today: date, stale_after_days: int) -> list[Finding]:
    found = []
    for index, solution_id, due in facts.due:
        if due < today:
            found.append(
                Finding(
                    facts.case_id,
                    f"solve[{index}].due",
                    "overdue",
                    _overdue_message(solution_id, due, language()),
                )
            )
    idle = (today - facts.updated).days
    if facts.may_stall and idle > stale_after_days:
        found.append(
            Finding(
                facts.case_id,
                "updated",
                "stale",
                _stale_message(idle, stale_after_days, language()),
            )
        )
    return found


# The messages of the rules that look across cases or at the review date, made once for each
# value in each language: a large workspace repeats the same few ids, dates and day counts.


@cache
def _unaddressed_message(detail_id: str, _language: str) -> str:
    return tr(
        "detail {id} is addressed by no solution, here or for its cause elsewhere",
        "细节 {id} 没有任何方案针对，本案例和其他案例中针对同一根因的方案也没有",
        id=detail_id,
    )


@cache
def _overdue_message(solution_id: str, due: date, _language: str) -> str:
    return tr(
        "solution {id} was due on {due} and is still open",
        "方案 {id} 截止日期为 {due}，已逾期，仍未完成",
        id=solution_id,
        due=due.isoformat(),
    )


@cache
def _stale_message(days: int, limit: int, _language: str) -> str:
    return tr(
        "open and not updated for {days} days (stale after {limit})",
        "未解决，已 {days} 天没有更新（超过 {limit} 天即为停滞）",
        days=days,
        limit=limit,
    )


def level_of(rule: str, levels: Mapping[str, str]) -> str:
    """off, warning or error, as ssvssj.yaml sets it; warning by default."""
    return levels.get(rule, "warning")
