"""The inputs each report of `report all` is rendered from, as one key per report. Pure.

A report is rendered again only when its key changed, so a key must change whenever anything
its template could read changed: a case report's key holds the case file's bytes (by their
digest), the workspace's settings, its place in the journey (everything the journey section
shows) and, when its template can read them, the workspace's name, language, count and date;
the journey report's holds the journey and what it shows of each touchpoint's cases; the index's
and the portfolio's hold every input. All hold the templates' digest and the language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ssvssj.reports.places import Place


def _key(parts: list[Any]) -> str:
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def basis(inputs: str, templates: str, language: str | None, options: Sequence[Any]) -> str:
    """Everything every report of one run is made from: while it is the same, so is each
    report's key."""
    return _key(["basis", inputs, templates, language, list(options)])


def overview_key(kind: str, basis_key: str) -> str:
    """An overview shows facts of every case: any changed input changes it."""
    return _key(["overview", kind, basis_key])


def journey_inputs(journey: str, stages: dict[str, Any]) -> str:
    """What the journey report shows beside the settings, the templates and the language: the
    journey, by the hash it is kept under (of what every case gives inferring it, the settings,
    the filters and the language), and what it shows of each touchpoint's cases."""
    return _key(["journey inputs", journey, stages])


def journey_key(common: list[Any], options: Sequence[Any], inputs: str) -> str:
    """The journey report: `common` (settings, templates, language), the options asked and
    `journey_inputs`; a change elsewhere (a title it does not show) leaves it as it is."""
    return _key(["overview", "journey.md", common, list(options), inputs])


def case_sources(shared: str, case_file: str) -> str:
    """What a case report's key is made from: what every case report shares (see
    `shared_sources`) and the case file's digest. While these are the same, so is the key: a
    run finds the place only of the cases whose file or outline changed."""
    return hashlib.blake2b(f"{shared}\0{case_file}".encode(), digest_size=20).hexdigest()


def shared_sources(common: list[Any], outline: str, workspace: dict[str, Any] | None) -> str:
    """What every case report's key is made from beside its case file: `common` (settings,
    templates, language), the journey's outline by its digest, and what the template reads of
    the workspace."""
    return _key(["case sources", common, outline, workspace])


def outline_digest(outline: dict[str, Any]) -> str:
    """The journey's outline (as places.outline_json gives it) by a digest."""
    return _key(["outline", outline])


def case_key(
    common: list[Any],
    case_file: str,
    place: Place,
    workspace: dict[str, Any] | None,
) -> str:
    """One case report: `common` is what every case report shares (settings, templates,
    language), `case_file` the digest of the case file's bytes, `workspace` what the template
    reads of the workspace (None when it reads nothing of it)."""
    return _key(["case", common, case_file, vars(place), workspace])
