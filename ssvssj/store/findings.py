"""The method rules' findings placed in their files and lines, at the workspace's levels."""

from __future__ import annotations

from dataclasses import dataclass

from ssvssj.method.rules import Finding
from ssvssj.store.listing import read_file
from ssvssj.store.loading import field_lines
from ssvssj.store.workspace import Workspace


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
        return f"{where}: {self.message} [{self.rule}]"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "rule": self.rule,
            "level": self.level,
        }


def active_findings(workspace: Workspace) -> list[tuple[Finding, str]]:
    """The method rules on the valid cases, against today as the format defines it, each with
    its level; rules turned off are left out."""
    from ssvssj.journey.vocabulary import cause_key
    from ssvssj.method.rules import evaluate, level_of, review_date

    config = workspace.config
    findings = evaluate(
        workspace.cases,
        review_date(workspace.cases, config.as_of),
        config.stale_after_days,
        cause_key(workspace.causes),
    )
    levels: dict[str, str] = {rule: level for rule, level in config.rules.items()}
    found = [(finding, level_of(finding.rule, levels)) for finding in findings]
    return [(finding, level) for finding, level in found if level != "off"]


def method_findings(workspace: Workspace) -> list[MethodFinding]:
    """The active findings placed in their files and lines (each file read once)."""
    active = active_findings(workspace)
    fields: dict[str, list[str]] = {}
    for finding, _ in active:
        if finding.field:
            fields.setdefault(workspace.files[finding.case_id], []).append(finding.field)
    lines: dict[tuple[str, str], int | None] = {}
    for rel, wanted in fields.items():
        raw, _ = read_file(workspace.root / rel, rel)
        lines.update(zip([(rel, f) for f in wanted], field_lines(raw or b"", wanted), strict=True))
    placed: list[MethodFinding] = []
    for finding, level in active:
        rel = workspace.files[finding.case_id]
        line = lines[rel, finding.field] if finding.field else None
        placed.append(MethodFinding(rel, line, finding.field, finding.rule, level, finding.message))
    return placed
