"""Which reports exist, under which stable names, and the text of each. Pure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssvssj.journey.infer import Journey
from ssvssj.reports.data import (
    case_context,
    index_context,
    journey_context,
    newest_update,
    portfolio_context,
)
from ssvssj.reports.render import render

OVERVIEWS = ("index", "portfolio", "journey")


class Reports:
    """Every report of one journey, in one language, from one set of templates."""

    def __init__(
        self,
        journey: Journey,
        name: str,
        language: str,
        templates: Path | None,
        loop: dict[str, Any] | None = None,
    ) -> None:
        """`loop`: the loop's timing from the repository's history, for the portfolio."""
        newest = newest_update(journey.cases)
        self.loop = loop
        self.journey = journey
        self.language = language
        self.templates = templates
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

    def case(self, case_id: str) -> str:
        case = self.journey.case(case_id)
        return self._render("case", {"case": case_context(case, self.journey)})

    def overview(self, kind: str) -> str:
        """index, portfolio or journey."""
        builders = {
            "portfolio": portfolio_context,
            "journey": journey_context,
            "index": index_context,
        }
        context = builders[kind](self.journey)
        if kind == "portfolio":
            context["loop"] = self.loop
        return self._render(kind, context)

    def names(self) -> list[str]:
        """Every report's path under reports/: index, portfolio, journey, one per case."""
        overviews = [f"{kind}.md" for kind in OVERVIEWS]
        return overviews + [f"cases/{case.id}.md" for case in self.journey.cases]

    def text(self, name: str) -> str:
        """The report at `name`, one of `names()`: rendered when asked, so that writing many
        reports holds only one in memory."""
        if name.startswith("cases/"):
            return self.case(name.removeprefix("cases/").removesuffix(".md"))
        return self.overview(name.removesuffix(".md"))
