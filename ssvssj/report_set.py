"""Which reports exist, under which stable names, and the text of each. Pure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssvssj.journey import Journey
from ssvssj.report_data import (
    case_context,
    index_context,
    journey_context,
    newest_update,
    portfolio_context,
)
from ssvssj.reports import render


def workspace_context(name: str, language: str, journey: Journey) -> dict[str, Any]:
    newest = newest_update(journey.cases)
    return {
        "name": name,
        "language": language,
        "cases": len(journey.cases),
        "date": newest.isoformat() if newest else None,
    }


def render_one(
    kind: str,
    journey: Journey,
    name: str,
    language: str,
    templates: Path | None,
    case_id: str | None = None,
) -> str:
    common = {"workspace": workspace_context(name, language, journey)}
    if kind == "case":
        case = next(c for c in journey.cases if c.id == case_id)
        return render("case", {**common, "case": case_context(case, journey)}, language, templates)
    builders = {"portfolio": portfolio_context, "journey": journey_context, "index": index_context}
    return render(kind, {**common, **builders[kind](journey)}, language, templates)


def render_all(
    journey: Journey, name: str, language: str, templates: Path | None
) -> dict[str, str]:
    """Every report by its path under reports/: index, portfolio, journey, one per case."""
    out = {
        "index.md": render_one("index", journey, name, language, templates),
        "portfolio.md": render_one("portfolio", journey, name, language, templates),
        "journey.md": render_one("journey", journey, name, language, templates),
    }
    for case in journey.cases:
        out[f"cases/{case.id}.md"] = render_one("case", journey, name, language, templates, case.id)
    return out
