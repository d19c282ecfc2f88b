"""A whole-workspace check: every problem and every method finding.

The check is kept as data (each valid case's file, the problems, the placed findings) under
`Survey.inputs`, the hash of every input it is made from: where every file's bytes are known
by their digest and nothing changed, that one verified value is the answer.

Where the index knows every file's bytes, the findings come from the rule facts it keeps for
each file (keyed by the file's digest) and the rule settings it keeps for the settings files'
digest: no case is loaded, and neither YAML nor pydantic is imported. A file with facts is a
valid case (facts are kept for no other), so only the outcomes of the other files are read.
Otherwise only the files new to the index are parsed, and what they give is kept for the next
run.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssvssj.method.problems import Problem
from ssvssj.store.findings import MethodFinding, RuleSettings, facts_from_body, placed_findings
from ssvssj.store.index import Index, decode, open_index
from ssvssj.store.scan import (
    SETTINGS,
    Progress,
    Seen,
    StaleIndex,
    Survey,
    assemble,
    learn_known,
    problems_body,
    problems_from,
    problems_of,
    survey,
)

if TYPE_CHECKING:
    from ssvssj.store.workspace import PlacedFacts

RULE_SETTINGS = "<rules>"
CHECKED = "checked"  # the whole check as data, kept under the hash of every input


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
        found = survey(root, index, with_outcomes=False)
        if index is not None and found.hashed:
            kept = checked_from_body(index.kept(CHECKED, found.inputs))
            if kept is not None:
                index.save(found.context, found.gone)
                return kept
        settings, facts = _learned(found, index) if index is not None else (None, {})
        if settings is not None and found.complete:
            accepted, problems = assemble(found)
            files = {entry.case_id or "": entry.item.rel for entry in accepted}
            placed = [facts[entry] for entry in accepted]
            checked = Checked(files, problems, placed_findings(root, placed, settings, files))
        else:
            checked = _made(found, index, progress, facts)
        if index is not None:
            if found.hashed:
                index.keep(CHECKED, found.inputs, checked_body(checked))
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


def _learned(found: Survey, index: Index) -> tuple[RuleSettings | None, dict[Seen, PlacedFacts]]:
    """What the index knows of the workspace as it is now: the rule settings, the problems of
    the settings and of every file that is no valid case, and the facts of every valid case
    (which say its id). A file it knows neither way stays unknown, to be parsed."""
    found.known = index.outcomes(found.context, problems_only=True)
    kept_settings = found.known.get((RULE_SETTINGS, found.settings_digest))
    settings = None if kept_settings is None else RuleSettings.from_body(decode(kept_settings[1]))
    kept_problems = found.known.get((SETTINGS, found.settings_digest))
    found.settings = None if kept_problems is None else problems_of(kept_problems[1])
    kept = index.facts(found.context)

    def facts_kept(key: tuple[str, str]) -> tuple[str, PlacedFacts] | None:
        body = kept.get(key)
        value = None if body is None else decode(body)
        case_id = value[0] if type(value) is list and value and type(value[0]) is str else None
        placed = None if case_id is None else facts_from_body(value, case_id)
        return None if case_id is None or placed is None else (case_id, placed)

    return settings, learn_known(found, facts_kept)


def _made(
    found: Survey,
    index: Index | None,
    progress: Progress | None,
    facts: dict[Seen, PlacedFacts],
) -> Checked:
    """The check with the files the index does not know parsed (all of them without an
    index), and the rule settings kept for next time."""
    from ssvssj.store.findings import method_findings
    from ssvssj.store.index import encode
    from ssvssj.store.store import complete, load_workspace

    workspace = complete(found, index, progress, want_facts=True, known_facts=facts)
    if index is not None:
        body = encode(RuleSettings.of(workspace.config).to_body())
        index.outcome(found.context, RULE_SETTINGS, found.settings_digest, (None, body))
    if workspace.facts is None and workspace.files:
        workspace = load_workspace(found.root, index is not None, progress)
    return Checked(workspace.files, workspace.problems, method_findings(workspace))


def checked_body(checked: Checked) -> list[Any]:
    """A check as JSON data, for the index: each valid case's id and file, the problems, and
    each finding with its file, field, rule, level and message told by their place in one list
    of the texts they use (a large workspace repeats the same few)."""
    positions: dict[str | None, int] = {None: 0}
    files: list[str] = []
    for case_id, rel in checked.files.items():
        files += [case_id, rel]
        positions.setdefault(rel, len(positions))
    findings: list[int | None] = []
    for finding in checked.findings:
        for text in (finding.file, finding.field, finding.rule, finding.level, finding.message):
            if text not in positions:
                positions[text] = len(positions)
        findings += [
            positions[finding.file],
            finding.line,
            positions[finding.field],
            positions[finding.rule],
            positions[finding.level],
            positions[finding.message],
        ]
    return [files, problems_body(checked.problems), list(positions), findings]


def checked_from_body(value: Any) -> Checked | None:
    """A check back from the index, checked field by field; None for anything else."""
    try:
        files, problems, texts, findings = value
        if (
            type(files) is not list
            or len(files) % 2
            or not all(type(text) is str for text in files)
            or type(texts) is not list
            or not texts
            or texts[0] is not None
            or not all(type(text) is str for text in texts[1:])
            or type(findings) is not list
            or len(findings) % 6
            or not {type(number) for number in findings} <= {int, type(None)}
        ):
            return None
        placed = []
        for start in range(0, len(findings), 6):
            file, line, field, rule, level, message = findings[start : start + 6]
            if file <= 0 or rule <= 0 or level <= 0 or message <= 0 or field < 0:
                return None
            if line is not None and line < 0:
                return None
            placed.append(
                MethodFinding(
                    texts[file], line, texts[field], texts[rule], texts[level], texts[message]
                )
            )
    except (TypeError, ValueError, IndexError):
        return None
    found_problems = problems_from(problems)
    if found_problems is None:
        return None
    return Checked(dict(zip(files[::2], files[1::2], strict=True)), found_problems, placed)
