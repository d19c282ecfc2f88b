"""A whole-workspace check: every problem and every method finding.

The check is kept as data (each valid case's file, the problems, the placed findings) under
`Survey.inputs`, the hash of every input it is made from: where every file's bytes are known
by their digest and nothing changed, that one verified value is the answer. Beside it is kept
what it was made from, file by file (each file's digest and case id, and what each valid case
gives the rules that look across cases). Where a few files changed since and those rules take
the same from all cases as before, only the changed files are parsed and placed: every other
file's findings are the kept ones.

Where the index knows every file's bytes, the findings come from the rule facts it keeps for
each file (keyed by the file's digest) and the rule settings it keeps for the settings files'
digest: no case is loaded, and neither YAML nor pydantic is imported. A file with facts is a
valid case (facts are kept for no other), so only the outcomes of the other files are read.
Otherwise only the files new to the index are parsed, and what they give is kept for the next
run.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssvssj.method.problems import Problem
from ssvssj.store.findings import (
    Across,
    Gives,
    MethodFinding,
    RuleSettings,
    across_of,
    facts_from_body,
    placed_findings,
)
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
CHECKED_FILES = "checked-files"  # what the kept check was made from, file by file


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
        made: Made | None = None
        inputs = found.inputs if index is not None and found.hashed else None
        if index is not None and inputs is not None:
            kept = checked_from_body(index.kept(CHECKED, inputs))
            if kept is not None:
                index.save(found.context, found.gone)
                return kept
            made = _since_kept(found, index, progress)
        if made is None:
            made = _whole(found, index, progress)
        if index is not None:
            if inputs is None and found.hashed:  # every file's digest is known by now
                inputs = found.inputs
            if inputs is not None:
                index.keep(CHECKED, inputs, checked_body(made.checked))
                if made.across is not None:
                    index.keep(CHECKED_FILES, inputs, _files_body(inputs, found, made))
            index.save(found.context, found.gone)
        return made.checked
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


@dataclass
class Made:
    """A check as made in this run, with what the next run needs to make it again from the
    files that changed: each valid case's facts by its file, and what the rules that look
    across cases took from them all (None where the facts are not known)."""

    checked: Checked
    gives: dict[str, Gives]
    across: Across | None


def _whole(found: Survey, index: Index | None, progress: Progress | None) -> Made:
    """The check made from the facts the index keeps for every valid case, the files it does
    not know parsed."""
    settings, facts = _learned(found, index) if index is not None else (None, {})
    if settings is not None and found.complete:
        accepted, problems = assemble(found)
        files = {entry.case_id or "": entry.item.rel for entry in accepted}
        placed = [facts[entry] for entry in accepted]
        checked = Checked(files, problems, placed_findings(found.root, placed, settings, files))
        return _with_across(checked, placed, settings)
    return _made(found, index, progress, facts)


def _with_across(
    checked: Checked, placed: Sequence[PlacedFacts] | None, settings: RuleSettings
) -> Made:
    if placed is None:
        return Made(checked, {}, None)
    facts = [fact for fact, _ in placed]
    return Made(
        checked,
        {checked.files[f.case_id]: Gives(f.updated, f.addressed_causes) for f in facts},
        across_of(facts, settings),
    )


# Above this many files changed since the kept check, the whole check is made again.
CHANGED_AT_MOST = 500


def _since_kept(found: Survey, index: Index, progress: Progress | None) -> Made | None:
    """The check made from the last one kept, where only a few files changed since and the
    rules that look across cases take the same from them all: the findings of every other
    file stay as they were, and only the files that changed are parsed. None where it cannot
    be (the whole check is then made), with the survey's files as they were."""
    before = _files_from(index.kept(CHECKED_FILES))
    if before is None or before.context != found.context:
        return None
    old = checked_from_body(index.kept(CHECKED, before.inputs))
    found.known = index.outcomes(found.context, problems_only=True)
    kept_settings = found.known.get((RULE_SETTINGS, found.settings_digest))
    settings = None if kept_settings is None else RuleSettings.from_body(decode(kept_settings[1]))
    if old is None or settings is None:
        return None
    changed: list[Seen] = []
    for entry in found.seen:
        row = before.files.get(entry.item.rel)
        if row is None or row[0] != entry.digest:
            changed.append(entry)
        elif row[1] is not None:
            entry.known, entry.case_id = True, row[1]
        else:
            outcome = found.known.get((entry.item.rel, row[0]))
            if outcome is None:
                return _unlearned(found)
            entry.learn(outcome)
    if len(changed) > CHANGED_AT_MOST:
        return _unlearned(found)
    for entry in changed:
        outcome = found.known.get((entry.item.rel, entry.digest or ""))
        if outcome is not None:
            entry.learn(outcome)
    kept_problems = found.known.get((SETTINGS, found.settings_digest))
    found.settings = None if kept_problems is None else problems_of(kept_problems[1])
    if found.complete:
        accepted, problems = assemble(found)
        files = {entry.case_id or "": entry.item.rel for entry in accepted}
    else:
        from ssvssj.store.store import complete

        workspace = complete(found, index, progress)  # it assembles the workspace too
        files, problems = workspace.files, workspace.problems
        index.save(found.context, found.gone)  # so that the facts it learned can be read
    fresh = [entry for entry in changed if entry.case_id is not None]
    bodies = index.facts_of(found.context, [(e.item.rel, e.digest or "") for e in fresh])
    new: dict[str, PlacedFacts] = {}
    for entry in fresh:
        body = bodies.get((entry.item.rel, entry.digest or ""))
        placed = None if body is None else facts_from_body(decode(body), entry.case_id or "")
        if placed is None:
            return _unlearned(found)
        new[entry.item.rel] = placed
    gives: dict[str, Gives] = {}
    old_files = old.files
    for case_id, rel in files.items():
        if rel in new:
            fact = new[rel][0]
            gives[rel] = Gives(fact.updated, fact.addressed_causes)
            continue
        given = before.gives.get(rel)
        if given is None or old_files.get(case_id) != rel:
            return _unlearned(found)  # a case that was no valid case of its own before
        gives[rel] = given
    across = across_of(list(gives.values()), settings)
    if across != before.across:
        return _unlearned(found)
    renewed = placed_findings(
        found.root, [new[rel] for rel in files.values() if rel in new], settings, files, across
    )
    by_file: dict[str, list[MethodFinding]] = {}
    for finding in old.findings:
        if finding.file not in new:
            by_file.setdefault(finding.file, []).append(finding)
    for finding in renewed:
        by_file.setdefault(finding.file, []).append(finding)
    findings = [finding for rel in files.values() for finding in by_file.get(rel, ())]
    return Made(Checked(files, problems, findings), gives, across)


def _unlearned(found: Survey) -> Made | None:
    """No check since the kept one (None), and the survey's files as they were before
    anything was learned of them."""
    for entry in found.seen:
        entry.known, entry.case_id, entry.body = False, None, None
    return None


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
) -> Made:
    """The check with the files the index does not know parsed (all of them without an
    index), and the rule settings kept for next time."""
    from ssvssj.store.findings import method_findings
    from ssvssj.store.index import encode
    from ssvssj.store.store import complete, load_workspace

    workspace = complete(found, index, progress, want_facts=True, known_facts=facts)
    settings = RuleSettings.of(workspace.config)
    if index is not None:
        body = encode(settings.to_body())
        index.outcome(found.context, RULE_SETTINGS, found.settings_digest, (None, body))
    placed = workspace.facts if workspace.files else []
    if placed is None:
        workspace = load_workspace(found.root, index is not None, progress)
    checked = Checked(workspace.files, workspace.problems, method_findings(workspace))
    return _with_across(checked, placed, settings)


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


@dataclass
class Before:
    """What the kept check under `inputs` was made from: each file's digest and case id (None
    for a file that is no valid case), what each valid case gave the rules that look across
    cases, and what they took from them all."""

    inputs: str
    context: str
    across: Across
    files: dict[str, tuple[str, str | None]]
    gives: dict[str, Gives]


def _files_body(inputs: str, found: Survey, made: Made) -> list[Any]:
    """What the check was made from as JSON data, for the index: per file its path, digest,
    case id, and for a valid case its date and the causes its solutions address."""
    assert made.across is not None
    today, causes = made.across
    flat: list[Any] = []
    for entry in found.seen:
        given = made.gives.get(entry.item.rel)
        flat += [
            entry.item.rel,
            entry.digest,
            entry.case_id,
            None if given is None else given.updated.isoformat(),
            None if given is None else sorted(given.addressed_causes),
        ]
    return [
        inputs,
        found.context,
        None if today is None else today.isoformat(),
        sorted(causes),
        flat,
    ]


def _files_from(value: Any) -> Before | None:
    """Back from the index, checked field by field; None for anything else."""
    try:
        inputs, context, today, causes, flat = value
        if type(inputs) is not str or type(context) is not str or type(flat) is not list:
            return None
        across = Across(None if today is None else _date(today), _texts(causes))
        files: dict[str, tuple[str, str | None]] = {}
        gives: dict[str, Gives] = {}
        for start in range(0, len(flat), 5):
            rel, digest_of, case_id, updated, addressed = flat[start : start + 5]
            if type(rel) is not str or type(digest_of) is not str:
                return None
            if case_id is not None and type(case_id) is not str:
                return None
            files[rel] = (digest_of, case_id)
            if updated is not None:
                gives[rel] = Gives(_date(updated), _texts(addressed))
    except (TypeError, ValueError):
        return None
    return Before(inputs, context, across, files, gives)


def _date(value: Any) -> date:
    if type(value) is not str:
        raise TypeError(value)
    return date.fromisoformat(value)


def _texts(value: Any) -> frozenset[str]:
    if type(value) is not list or not all(type(text) is str for text in value):
        raise TypeError(value)
    return frozenset(value)
