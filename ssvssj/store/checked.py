"""A whole-workspace check: every problem and every method finding.

Where the index knows every file's bytes, the findings come from the rule facts it keeps for
each file (keyed by the file's digest) and the rule settings it keeps for the settings files'
digest: no case is loaded, and neither YAML nor pydantic is imported. Otherwise only the files
new to the index are parsed, and what they give is kept for the next run.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from ssvssj.method.problems import Problem
from ssvssj.store.findings import MethodFinding, RuleSettings, facts_from_body, placed_findings
from ssvssj.store.index import Index, decode, open_index
from ssvssj.store.scan import Progress, StaleIndex, Survey, assemble, survey

RULE_SETTINGS = "<rules>"


@dataclass
class Checked:
    files: dict[str, str]  # each valid case's file, by its id
    problems: list[Problem]
    findings: list[MethodFinding]


def check_workspace(
    root: Path, progress: Progress | None = None, use_cache: bool = True
) -> Checked:
    """The problems of every file and the method rules' findings over the valid cases. A row
    of the index that does not decode makes the whole answer come from the files."""
    index = open_index(root, use_cache)
    enabled = gc.isenabled()
    gc.disable()  # many small objects and no cycles: the collector would only rescan them
    try:
        found = survey(root, index)
        checked = _from_index(found, index) if index is not None and found.complete else None
        if checked is None:
            checked = _made(found, index, progress)
        if index is not None:
            index.save(found.context, found.gone)
        return checked
    except StaleIndex:
        if index is None:
            raise
        index.forget()
        return check_workspace(root, progress, use_cache=False)
    finally:
        if enabled:
            gc.enable()
        if index is not None:
            index.close()


def _from_index(found: Survey, index: Index) -> Checked | None:
    """The check from the index alone; None where it lacks a valid case's facts or the rule
    settings (or they do not decode)."""
    kept_settings = found.known.get((RULE_SETTINGS, found.settings_digest))
    settings = None if kept_settings is None else RuleSettings.from_body(decode(kept_settings[1]))
    if settings is None:
        return None
    accepted, problems = assemble(found)
    kept = index.facts(found.context)
    facts = []
    for entry in accepted:
        assert entry.case_id is not None
        body = kept.get((entry.item.rel, entry.digest or ""))
        placed = None if body is None else facts_from_body(decode(body), entry.case_id)
        if placed is None:
            return None
        facts.append(placed)
    files = {entry.case_id or "": entry.item.rel for entry in accepted}
    return Checked(files, problems, placed_findings(found.root, facts, settings, files))


def _made(found: Survey, index: Index | None, progress: Progress | None) -> Checked:
    """The check with the files the index does not know parsed (all of them without an
    index), and the rule settings kept for next time."""
    from ssvssj.store.findings import method_findings
    from ssvssj.store.index import encode
    from ssvssj.store.store import complete, load_workspace

    workspace = complete(found, index, progress, want_facts=True)
    if index is not None:
        body = encode(RuleSettings.of(workspace.config).to_body())
        index.outcome(found.context, RULE_SETTINGS, found.settings_digest, (None, body))
    if workspace.facts is None and workspace.files:
        workspace = load_workspace(found.root, index is not None, progress)
    return Checked(workspace.files, workspace.problems, method_findings(workspace))
