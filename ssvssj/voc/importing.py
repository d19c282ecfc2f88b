"""Voice-of-customer rows (complaints, survey verbatims, tickets) to Spot-step cases. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ssvssj.errors import UsageError
from ssvssj.i18n import joined, language, tr
from ssvssj.journey.vocabulary import Vocabulary, name_key
from ssvssj.method.models import Case
from ssvssj.method.terms import field_word, severity_of, severity_refused
from ssvssj.voc.tables import Row

TARGETS = (
    "title",
    "touchpoint",
    "problem",
    "observed",
    "channel",
    "evidence",
    "severity",
    "tags",
    "consultant",
)
REQUIRED = ("touchpoint", "problem")
TITLE_LENGTH = 30
_TIME_OF_DAY = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")
_MAP_SEPARATOR = re.compile(r"[,，、;；]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def parse_mapping(text: str, columns: Sequence[str]) -> dict[str, str]:
    """`title=标题,touchpoint=门店,…`: case field = column header, checked against the file.
    Pairs may be parted as a Chinese keyboard types them (`，`, `、`, `；`), and `＝` is `=`."""
    mapping: dict[str, str] = {}
    for part in (p for p in _MAP_SEPARATOR.split(text) if p.strip()):
        target, equals, column = part.replace("＝", "=").partition("=")
        target, column = target.strip(), column.strip()
        if not equals or not column:
            raise UsageError(
                tr(
                    "--map: “{part}” is not field=column (such as `touchpoint=Store`)",
                    "--map：“{part}”不是“字段=列”的形式（如 `touchpoint=门店`）",
                    part=part,
                )
            )
        if target not in TARGETS:
            raise UsageError(
                tr("--map: unknown field “{field}”", "--map：未知的字段“{field}”", field=target),
                tr("fields: {fields}", "可用字段：{fields}", fields=joined(TARGETS, code=True)),
            )
        if column not in columns:
            shown = joined(columns[:12]) + (" …" if len(columns) > 12 else "")
            raise UsageError(
                tr(
                    "--map: no column “{column}” in the file",
                    "--map：文件中没有“{column}”这一列",
                    column=column,
                ),
                tr("columns: {columns}", "文件中的列：{columns}", columns=shown),
            )
        if columns.count(column) > 1:
            raise UsageError(
                tr(
                    "--map: the header has {count} columns named '{column}'; which one is "
                    "meant cannot be told",
                    "--map：表头中有 {count} 列都叫“{column}”，无法确定是哪一列",
                    count=columns.count(column),
                    column=column,
                ),
                tr(
                    "rename the columns so that each name is used once",
                    "请把列改名，让每个名称只出现一次",
                ),
            )
        mapping[target] = column
    missing = [t for t in REQUIRED if t not in mapping]
    if missing:
        raise UsageError(
            tr(
                "--map must name a column for: {fields}",
                "--map 须为这些字段指定列：{fields}",
                fields=joined(missing, code=True),
            ),
            tr(
                "e.g. --map touchpoint=门店,problem=投诉内容,title=标题",
                "例如 `--map touchpoint=门店,problem=投诉内容,title=标题`",
            ),
        )
    return mapping


def to_date(value: Any) -> date | None:
    """Dates as spreadsheets and survey tools write them, in the forms every command accepts:
    2026-11-02, 2026/11/2, 2026.11.2, 2026年11月2日."""
    from ssvssj.method.dates import parse_date

    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(_TIME_OF_DAY.sub("", str(value)))


def derive_title(problem: str) -> str:
    """A title from the problem's first sentence that has words, when the export has no title
    column (a problem may start with its punctuation: "？为什么…")."""
    sentences = (part.strip() for part in _SENTENCE_END.split(problem.strip()))
    first = next((part for part in sentences if part), problem.strip())
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


@dataclass
class Planned:
    row: int
    doc: dict[str, Any] | None
    reason: str | None = None


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)

    @property
    def creating(self) -> list[Planned]:
        return [p for p in self.rows if p.doc is not None]

    @property
    def skipping(self) -> list[Planned]:
        return [p for p in self.rows if p.doc is None]


def _text(value: Any) -> str:
    """A cell's text as written, only without the blank space around it: spaces inside (an
    ideographic space, two spaces on purpose) are the author's."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def duplicate_key(touchpoint: str, problem: str, observed: date | None, vocab: Vocabulary) -> tuple:
    canonical = vocab.canonical(touchpoint) or touchpoint
    return (name_key(canonical), " ".join(problem.split()), observed)


def plan_import(
    rows: Iterable[Row],
    mapping: dict[str, str],
    existing: Sequence[Case],
    vocab: Vocabulary,
    source: str,
) -> Plan:
    """What importing `rows` would create and skip, and why. Row numbers are the file's own."""
    seen = {
        duplicate_key(c.spot.touchpoint, c.spot.problem, c.spot.observed, vocab): tr(
            "duplicate of case {id}", "与案例 {id} 重复", id=c.id
        )
        for c in existing
    }
    plan = Plan()
    for row in rows:
        if row.note is not None:
            plan.rows.append(Planned(row.number, None, row.note))
            continue
        values = {target: row.values.get(column) for target, column in mapping.items()}
        plan.rows.append(_plan_row(row.number, values, seen, vocab, source))
    return plan


def _plan_row(
    number: int,
    values: dict[str, Any],
    seen: dict[tuple, str],
    vocab: Vocabulary,
    source: str,
) -> Planned:
    touchpoint = _text(values.get("touchpoint"))
    problem = _text(values.get("problem"))
    if not any(_text(v) for v in values.values()):
        return Planned(number, None, tr("empty row", "空行"))
    for name, value in (("touchpoint", touchpoint), ("problem", problem)):
        if not value:
            return Planned(
                number,
                None,
                tr("no {field}", "缺少{field}", field=field_word(name, language())),
            )
    try:
        observed = to_date(values.get("observed"))
    except ValueError as error:
        return Planned(
            number,
            None,
            tr("observed: {reason}", "观察日期：{reason}", reason=error),
        )
    key = duplicate_key(touchpoint, problem, observed, vocab)
    if key in seen:
        return Planned(
            number,
            None,
            seen[key],
        )
    spot: dict[str, Any] = {"touchpoint": touchpoint, "problem": problem}
    if observed is not None:
        spot["observed"] = observed
    if _text(values.get("channel")):
        spot["channel"] = _text(values["channel"])
    severity = _text(values.get("severity"))
    if severity:
        rated = severity_of(severity)
        if rated is None:
            return Planned(
                number,
                None,
                severity_refused(f"“{severity}”", language()),
            )
        spot["severity"] = rated
    if _text(values.get("evidence")):
        spot["evidence"] = [_text(values["evidence"])]
    doc: dict[str, Any] = {
        "title": _text(values.get("title")) or derive_title(problem),
        "spot": spot,
        "extra": {"imported_from": {"file": source, "row": number}},
    }
    tags = [t for t in re.split(r"[,，、;；]", _text(values.get("tags"))) if t.strip()]
    if tags:
        doc["tags"] = [t.strip() for t in tags]
    if _text(values.get("consultant")):
        doc["consultant"] = _text(values["consultant"])
    seen[key] = tr("duplicate of row {n}", "与第 {n} 行重复", n=number)
    return Planned(number, doc)
