"""The inputs each report of `report all` is rendered from, as one key per report. Pure.

A report is rendered again only when its key changed, so a key must change whenever anything
its template could read changed: a case report's key holds the case file's bytes (by their
digest), the workspace's settings, its place in the journey (everything the journey section
shows) and, when its template can read them, the workspace's name, language, count and date;
an overview's key holds every input. Both hold the templates' digest and the language.
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
