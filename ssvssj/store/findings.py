"""The method rules' findings placed in their files and lines, at the workspace's levels.

Light on purpose (no pydantic, no YAML): a warm `check` places its findings from the facts the
index keeps for each file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ssvssj.i18n import language
from ssvssj.method.casefacts import CaseFacts, Finding, findings_of, level_of, review_date_of
from ssvssj.method.terms import term
from ssvssj.store.listing import read_file

if TYPE_CHECKING:
    from ssvssj.method.models import Case, WorkspaceConfig
    from ssvssj.store.workspace import PlacedFacts, Workspace
    from ssvssj.store.yamlread import Lines


class MethodFinding(NamedTuple):
    """A method rule's finding, placed in its file and line, at the level the workspace sets
    (a tuple: `check` may make tens of thousands)."""

    file: str
    line: int | None
    field: str | None
    rule: str
    level: str
    message: str

    def __str__(self) -> str:
        return self.text(self.file)

    def text(self, file: str) -> str:
        """The finding as one line of `check`, its file named as `file`."""
        place = file if self.line is None else f"{file}:{self.line}"
        return place + self.tail()

    def tail(self) -> str:
        """The line of `text` after the file and line: the field, the rule and the message
        (the same for every case a rule finds the same in)."""
        where = f": {self.field}" if self.field else ""
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
    from ssvssj.store.loading import field_lines

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
    try:
        (found_id, updated, own, causes, unaddressed, due, may_stall, lines) = value
        if found_id != case_id or type(may_stall) is not bool:
            return None
        facts = CaseFacts(  # lists made whole, not from generators: 10,000 cases a run
            case_id,
            _date(updated),
            tuple([Finding(case_id, _text_or_none(f), _text(r), _text(m)) for f, r, m in own]),
            frozenset([_text(cause) for cause in causes]),
            tuple([(_index(i), _text(d), _text_or_none(c)) for i, d, c in unaddressed]),
            tuple([(_index(i), _text(d), _date(when)) for i, d, when in due]),
            may_stall,
        )
        placed = tuple([(_text(f), None if n is None else _index(n)) for f, n in lines])
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


@dataclass(frozen=True)
class RuleSettings:
    """What the method rules take from ssvssj.yaml: the review date, when a case is stale, and
    each rule's level."""

    as_of: date | None
    stale_after_days: int
    levels: Mapping[str, str]

    @classmethod
    def of(cls, config: WorkspaceConfig) -> RuleSettings:
        levels: dict[str, str] = {rule: level for rule, level in config.rules.items()}
        return cls(config.as_of, config.stale_after_days, levels)

    def to_body(self) -> list[Any]:
        """As JSON data, for the index."""
        as_of = None if self.as_of is None else self.as_of.isoformat()
        return [as_of, self.stale_after_days, dict(self.levels)]

    @classmethod
    def from_body(cls, value: Any) -> RuleSettings | None:
        """Back from the index, checked field by field; None for anything else."""
        try:
            as_of, stale_after_days, levels = value
            if type(levels) is not dict or not all(
                type(rule) is str and type(level) is str for rule, level in levels.items()
            ):
                return None
            return cls(None if as_of is None else _date(as_of), _index(stale_after_days), levels)
        except (TypeError, ValueError):
            return None


def active_findings(workspace: Workspace) -> list[tuple[Finding, str]]:
    """The method rules on the valid cases, against today as the format defines it, each with
    its level; rules turned off are left out."""
    from ssvssj.journey.vocabulary import cause_key
    from ssvssj.method.rules import facts_of

    if workspace.facts is not None:
        facts = [fact for fact, _ in workspace.facts]
    else:
        key = cause_key(workspace.causes)
        facts = [facts_of(case, key) for case in workspace.cases]
    return _active(facts, RuleSettings.of(workspace.config))


class Across(NamedTuple):
    """What the rules that look across cases take from all of them: the review date, and
    every cause some solution addresses."""

    today: date | None
    addressed_causes: frozenset[str]


class Gives(NamedTuple):
    """What one case gives the rules that look across cases."""

    updated: date
    addressed_causes: frozenset[str]


def across_of(facts: Sequence[CaseFacts | Gives], settings: RuleSettings) -> Across:
    today = review_date_of((fact.updated for fact in facts), settings.as_of)
    return Across(today, frozenset().union(*(fact.addressed_causes for fact in facts)))


def _active(
    facts: Sequence[CaseFacts], settings: RuleSettings, across: Across | None = None
) -> list[tuple[Finding, str]]:
    """The findings of `facts`, over every case (or over `across`, taken from every case when
    `facts` are only some of them)."""
    if across is None:
        across = across_of(facts, settings)
    findings = findings_of(facts, across.today, settings.stale_after_days, across.addressed_causes)
    found = [(finding, level_of(finding.rule, settings.levels)) for finding in findings]
    return [(finding, level) for finding, level in found if level != "off"]


def method_findings(workspace: Workspace) -> list[MethodFinding]:
    """The active findings placed in their files and lines (each file read once, unless the
    lines came with the facts)."""
    if workspace.facts is not None:
        return placed_findings(
            workspace.root, workspace.facts, RuleSettings.of(workspace.config), workspace.files
        )
    return _placed(workspace.root, active_findings(workspace), workspace.files, {})


def placed_findings(
    root: Path,
    facts: Sequence[PlacedFacts],
    settings: RuleSettings,
    files: Mapping[str, str],
    across: Across | None = None,
) -> list[MethodFinding]:
    """The active findings of cases whose facts came with the lines of their fields (some
    cases of many, where `across` is taken from them all)."""
    lines: dict[tuple[str, str], int | None] = {}
    for fact, known in facts:
        rel = files[fact.case_id]
        for field, line in known:
            lines[rel, field] = line
    active = _active([fact for fact, _ in facts], settings, across)
    return _placed(root, active, files, lines)


def _placed(
    root: Path,
    active: list[tuple[Finding, str]],
    files: Mapping[str, str],
    lines: dict[tuple[str, str], int | None],
) -> list[MethodFinding]:
    """Findings in their files and lines: a line not known yet is looked up in its file,
    each file read once."""
    missing: dict[str, list[str]] = {}
    for finding, _ in active:
        rel = files[finding.case_id]
        if finding.field and (rel, finding.field) not in lines:
            missing.setdefault(rel, []).append(finding.field)
    if missing:
        from ssvssj.store.loading import field_lines

        for rel, wanted in missing.items():
            raw, _ = read_file(root / rel, rel)
            found = field_lines(raw or b"", wanted)
            lines.update(zip([(rel, f) for f in wanted], found, strict=True))
    placed: list[MethodFinding] = []
    for finding, level in active:
        rel = files[finding.case_id]
        line = lines[rel, finding.field] if finding.field else None
        placed.append(MethodFinding(rel, line, finding.field, finding.rule, level, finding.message))
    return placed
