"""Which reports exist, under which stable names, and the text of each. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssvssj.journey.infer import Journey
from ssvssj.journey.lean import full_case
from ssvssj.journey.parts import Parts, parts_from_cases
from ssvssj.method.constants import STALE_AFTER_DAYS
from ssvssj.reports.data import (
    case_context,
    index_context,
    journey_context,
    portfolio_context,
)
from ssvssj.reports.keys import journey_inputs
from ssvssj.reports.places import Outline, Place, outline_of, place_of
from ssvssj.reports.render import render
from ssvssj.reports.rows import reported
from ssvssj.reports.stages import STAGE_PARTS, StagePart

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase
    from ssvssj.method.models import Case

OVERVIEWS = ("index", "portfolio", "journey")


def case_report(case: Case, place: Place, outline: Outline, templates: Path | None) -> str:
    """One case's report: the case itself, and its place in the journey's outline."""
    context = {"workspace": outline.workspace(), "case": case_context(case, place)}
    return render("case", context, outline.language, templates)


@dataclass(frozen=True)
class Method:
    """What ssvssj.yaml says about reviewing the cases: today, staleness, the rules' findings."""

    as_of: date | None = None
    stale_after_days: int = STALE_AFTER_DAYS
    findings: tuple[str, ...] = ()  # the rule id of each finding not turned off


class Reports:
    """Every report of one journey, in one language, from one set of templates."""

    def __init__(
        self,
        journey: Journey,
        name: str,
        language: str,
        templates: Path | None,
        loop: dict[str, Any] | None = None,
        method: Method | None = None,
        full: Callable[[list[str]], dict[str, Case]] | None = None,
        parts: Parts | None = None,
        journey_key: str | None = None,
    ) -> None:
        """`loop`: the loop's timing from the repository's history, for the portfolio;
        `method`: the review date, staleness and the method rules' findings; `full`: the full
        cases of some ids, for a journey of lean cases (a case report shows all of a case);
        `parts`: each touchpoint's part, kept where the journey was (else made from its cases),
        from which the overviews read the cases; `journey_key`: the hash of what the journey
        is made from, where it is known."""
        self.full = full
        self.parts = parts
        self.journey_key = journey_key
        self.read: dict[str, Case] = {}
        newest = journey.newest
        self.loop = loop
        self.journey = journey
        self.language = language
        self.templates = templates
        self.method = method or Method()
        self.today = self.method.as_of if self.method.as_of is not None else newest
        self.common: dict[str, Any] = {
            "workspace": {
                "name": name,
                "language": language,
                "cases": len(journey.cases),
                "date": newest.isoformat() if newest else None,
            }
        }

    def _render(self, kind: str, context: dict[str, Any]) -> str:
        return render(kind, {**self.common, **context}, self.language, self.templates)

    @cached_property
    def outline(self) -> Outline:
        """The journey as case reports see it."""
        return outline_of(self.journey, self.common["workspace"]["name"])

    def place(self, case_id: str) -> Place:
        """Where the case sits in the journey, as its report shows it: from its full case
        where that was read, so that the journey's cases are not."""
        found = self.read.get(case_id)
        return self._place(found if found is not None else self.journey.case(case_id))

    def _place(self, case: Case | AnyCase) -> Place:
        names = self.journey.names
        place = None if names is None else place_of(case, self.outline, names)
        if place is None:
            raise KeyError(case.id)
        return place

    def read_cases(self, case_ids: list[str]) -> None:
        """Read the full cases of reports about to be rendered, all at once."""
        missing = [cid for cid in case_ids if cid not in self.read]
        if self.full is not None and missing:
            self.read.update(self.full(missing))

    def case(self, case_id: str) -> str:
        self.read_cases([case_id])
        case = self.read.pop(case_id, None) or full_case(self.journey.case(case_id))
        return case_report(case, self._place(case), self.outline, self.templates)

    @cached_property
    def reported(self) -> Journey:
        """The journey with its cases as the overviews read them."""
        if self.parts is None:
            return self.journey
        return reported(self.journey, self.parts)

    @cached_property
    def stages(self) -> dict[str, StagePart]:
        """What the journey report shows of each touchpoint's cases."""
        return (self.parts or parts_from_cases(self.journey))(STAGE_PARTS)

    def journey_inputs(self) -> str | None:
        """A hash of what the journey report is made from beside the settings, the templates
        and the language: the journey (by the hash it is kept under) and what it shows of each
        touchpoint's cases. None where the journey's hash is not known."""
        if self.journey_key is None:
            return None
        shown = {name: STAGE_PARTS.as_json(part) for name, part in self.stages.items()}
        return journey_inputs(self.journey_key, shown)

    def overview(self, kind: str) -> str:
        """index, portfolio or journey."""
        if kind == "portfolio":
            context = portfolio_context(
                self.reported,
                self.today,
                self.method.stale_after_days,
                list(self.method.findings),
            )
            context["loop"] = self.loop
        elif kind == "journey":
            context = journey_context(self.journey, self.today, self.stages)
        else:
            context = index_context(self.reported)
        return self._render(kind, context)

    def names(self) -> list[str]:
        """Every report's path under reports/: index, portfolio, journey, one per case."""
        overviews = [f"{kind}.md" for kind in OVERVIEWS]
        return overviews + [f"cases/{case_id}.md" for case_id in sorted(self.journey.severities)]

    def text(self, name: str) -> str:
        """The report at `name`, one of `names()`: rendered when asked, so that writing many
        reports holds only one in memory."""
        if name.startswith("cases/"):
            return self.case(name.removeprefix("cases/").removesuffix(".md"))
        return self.overview(name.removesuffix(".md"))
