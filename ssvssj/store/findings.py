"""The method rules' findings placed in their files and lines, at the workspace's levels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ssvssj.i18n import language
from ssvssj.method.models import Case
from ssvssj.method.rules import Finding
from ssvssj.method.terms import term
from ssvssj.store.listing import read_file
from ssvssj.store.loading import field_lines
from ssvssj.store.workspace import PlacedFacts, Workspace
from ssvssj.store.yamlread import Lines


@dataclass(frozen=True)
class MethodFinding:
    """A method rule's finding, placed in its file and line, at the level the workspace sets."""

    file: str
    line: int | None
    field: str | None
    rule: str
    level: str
    message: str

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        where = f"{place}: {self.field}" if self.field else place
        if language() != "zh":
            return f"{where}: {self.message} [{self.rule}]"
        return f"{where}: {term(self.rule, 'zh', 'rule')}：{self.message} [{self.rule}]"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "rule": self.rule,
            "level": self.level,
        }


def placed_facts(
    raw: bytes, case: Case, cause_key: Callable[[str], str], noted: Lines | None = None
) -> PlacedFacts:
    """A case's rule facts, with the lines in `raw` of every field its findings may name
    (from the lines `noted` while reading it, where they reach)."""
    from ssvssj.method.rules import facts_of

    facts = facts_of(case, cause_key)
    fields = list(dict.fromkeys(facts.fields))
    return facts, tuple(zip(fields, field_lines(raw, fields, noted), strict=True))


def facts_body(placed: PlacedFacts) -> list[Any]:
    """Placed facts as JSON data, for the index."""
    facts, lines = placed
    return [
        facts.case_id,
        facts.updated.isoformat(),
        [[f.field, f.rule, f.message] for f in facts.own],
        sorted(facts.addressed_causes),
        [list(item) for item in facts.unaddressed],
        [[index, item_id, due.isoformat()] for index, item_id, due in facts.due],
        facts.may_stall,
        [list(item) for item in lines],
    ]


def facts_from_body(value: Any, case_id: str) -> PlacedFacts | None:
    """Placed facts back from the index, checked field by field; None for anything else."""
    from ssvssj.method.rules import CaseFacts

    try:
        (found_id, updated, own, causes, unaddressed, due, may_stall, lines) = value
        if found_id != case_id or type(may_stall) is not bool:
            return None
        facts = CaseFacts(
            case_id,
            _date(updated),
            tuple(Finding(case_id, _text_or_none(f), _text(r), _text(m)) for f, r, m in own),
            frozenset(_text(cause) for cause in causes),
            tuple((_index(i), _text(d), _text_or_none(c)) for i, d, c in unaddressed),
            tuple((_index(i), _text(d), _date(when)) for i, d, when in due),
            may_stall,
        )
        placed = tuple((_text(f), None if n is None else _index(n)) for f, n in lines)
    except (TypeError, ValueError):
        return None
    return facts, placed


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(value)
    return value


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _text(value)


def _index(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise TypeError(value)
    return value


def _date(value: Any) -> date:
    return date.fromisoformat(_text(value))


def active_findings(workspace: Workspace) -> list[tuple[Finding, str]]:
    """The method rules on the valid cases, against today as the format defines it, each with
    its level; rules turned off are left out."""
    from ssvssj.journey.vocabulary import cause_key
    from ssvssj.method.rules import facts_of, findings_of, level_of, review_date_of

    config = workspace.config
    if workspace.facts is not None:
        facts = [fact for fact, _ in workspace.facts]
    else:
        key = cause_key(workspace.causes)
        facts = [facts_of(case, key) for case in workspace.cases]
    today = review_date_of((fact.updated for fact in facts), config.as_of)
    findings = findings_of(facts, today, config.stale_after_days)
    levels: dict[str, str] = {rule: level for rule, level in config.rules.items()}
    found = [(finding, level_of(finding.rule, levels)) for finding in findings]
    return [(finding, level) for finding, level in found if level != "off"]


def method_findings(workspace: Workspace) -> list[MethodFinding]:
    """The active findings placed in their files and lines (each file read once, unless the
    lines came with the facts)."""
    active = active_findings(workspace)
    lines: dict[tuple[str, str], int | None] = {}
    if workspace.facts is not None:
        for fact, known in workspace.facts:
            rel = workspace.files[fact.case_id]
            lines.update(((rel, field), line) for field, line in known)
    fields: dict[str, list[str]] = {}
    for finding, _ in active:
        rel = workspace.files[finding.case_id]
        if finding.field and (rel, finding.field) not in lines:
            fields.setdefault(rel, []).append(finding.field)
    for rel, wanted in fields.items():
        raw, _ = read_file(workspace.root / rel, rel)
        lines.update(zip([(rel, f) for f in wanted], field_lines(raw or b"", wanted), strict=True))
    placed: list[MethodFinding] = []
    for finding, level in active:
        rel = workspace.files[finding.case_id]
        line = lines[rel, finding.field] if finding.field else None
        placed.append(MethodFinding(rel, line, finding.field, finding.rule, level, finding.message))
    return placed
