"""The service blueprint: one column per touchpoint in journey order, one row per layer, from
what the customer tries to do down to the backstage and the solutions. Pure, except that the
.xlsx writer needs openpyxl (the `xlsx` extra)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ssvssj.i18n import pick
from ssvssj.journey.exports import spreadsheet_safe
from ssvssj.journey.infer import Journey
from ssvssj.journey.parts import Kind, Parts, parts_from_cases
from ssvssj.journey.shapes import checked, text, texts

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

BACKSTAGE = ("management", "partner")
_SHEET_NAME = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _distinct(values: list[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        text = " ".join((value or "").split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


@dataclass(frozen=True)
class Cells:
    """What the blueprint shows of the cases spotted at one touchpoint (a part,
    journey/parts.py): the channels they name, each layer's cell but the causes (as the sheet
    writes it, safe from formulas), and each of their details as (case id, its `at` as
    written or "", its text) for the causes' cells: where a detail lies is settled with the
    journey's names when the rows are made."""

    channels: str
    layers: tuple[str, ...]
    causes: tuple[tuple[str, str, str], ...]


def _layers(lang: str) -> list[tuple[str, Callable[[Sequence[AnyCase]], list[str]]]]:
    """Each layer below the channel but the causes: its label, and what its cell lists of a
    touchpoint's cases."""

    def severity(case: AnyCase) -> str:
        """`[4]`; unrated in the language's brackets, full-width around Chinese."""
        rated = case.severity
        return f"[{rated}]" if rated is not None else pick("[unrated]", "（未评）", lang)

    def scene(field: str) -> Callable[[Sequence[AnyCase]], list[str]]:
        return lambda cases: _distinct(
            [getattr(c.scene, field) if c.scene is not None else None for c in cases]
        )

    def findings(perspectives: tuple[str, ...]) -> Callable[[Sequence[AnyCase]], list[str]]:
        return lambda cases: _distinct(
            [v.finding for c in cases for v in c.view if v.perspective in perspectives]
        )

    return [
        (pick("What customers try to do", "客户要完成的事", lang), scene("goal")),
        (pick("Expectations", "客户预期", lang), scene("expectation")),
        (pick("Experiences", "实际感受", lang), scene("experience")),
        (
            pick("Pains (severity)", "痛点（严重程度）", lang),
            lambda cases: [
                f"{severity(c)} {' '.join(c.spot.problem.split())}"
                for c in sorted(cases, key=lambda c: (-(c.severity or 0), c.id))
                if not c.is_gain
            ],
        ),
        (
            pick("Gains", "亮点", lang),
            lambda cases: _distinct([c.spot.problem for c in cases if c.is_gain]),
        ),
        (
            pick("Customer quotes (evidence)", "客户原话（证据）", lang),
            lambda cases: _distinct([e for c in cases for e in c.spot.evidence]),
        ),
        (pick("Frontline findings", "一线员工的发现", lang), findings(("frontline",))),
        (
            pick("Backstage (management, partners)", "后台（管理层、合作伙伴）", lang),
            findings(BACKSTAGE),
        ),
    ]


def cells(journey: Journey, name: str, cases: Sequence[AnyCase]) -> Cells:
    """The blueprint's part of the touchpoint `name`, from the cases spotted there. Each
    layer's cell is kept as the sheet writes it (safe from formulas), so that a kept part is
    written as it is read."""
    lang = journey.language
    layers = [*(items for _, items in _layers(lang)), _solutions(lang)]
    return Cells(
        channels="\n".join(_distinct([c.spot.channel for c in cases])),
        layers=tuple(spreadsheet_safe("\n".join(items(cases))) for items in layers),
        causes=tuple(
            (case.id, detail.at or "", _cause(detail.cause, detail.detail, lang))
            for case in cases
            for detail in case.split
        ),
    )


def _cells_json(part: Cells) -> list[Any]:
    columns = [[cause[at] for cause in part.causes] for at in range(3)]
    return [part.channels, list(part.layers), *columns]


def _cells_from_json(value: Any) -> Cells:
    checked(type(value) is list and len(value) == 5)
    channels, layers, ids, written, items = value
    kept_layers = tuple(texts(layers))
    checked(len(kept_layers) == len(_layers("en")) + 1)
    columns = texts(ids), texts(written), texts(items)
    checked(len(columns[0]) == len(columns[1]) == len(columns[2]))
    causes = tuple(zip(*columns, strict=True))
    return Cells(text(channels), kept_layers, causes)


def _language(journey: Journey) -> list[str]:
    """What a part of the blueprint reads of the journey beside its cases: its language."""
    return [journey.language]


# The name changes with what a part holds (its layers made safe from formulas since "sheet"),
# so that a part kept in an earlier shape is never read as one of these.
CELLS: Kind[Cells] = Kind("blueprint sheet", cells, _cells_json, _cells_from_json, _language)


def blueprint_rows(journey: Journey, parts: Parts | None = None) -> list[list[str]]:
    """The blueprint as a table: a header of touchpoints, then one row per layer. Each cell
    lists its items one per line. `parts` give what it shows of each touchpoint's cases (else
    they are made from the journey's cases)."""
    return list(_rows(journey, parts))


def _rows(journey: Journey, parts: Parts | None) -> Iterator[list[str]]:
    """The rows of `blueprint_rows`, each made when it is asked for: a row of 100,000 cases'
    pains is tens of megabytes, and the sheet is written a row at a time."""
    lang = journey.language
    here = (parts or parts_from_cases(journey))(CELLS)
    names = [t.name for t in journey.touchpoints]

    def safe(label: str, cells: Iterable[str]) -> list[str]:
        return [spreadsheet_safe(label), *map(spreadsheet_safe, cells)]

    yield safe(pick("Layer", "层次", lang), names)
    yield safe(pick("Stage", "阶段", lang), (t.stage for t in journey.touchpoints))
    yield safe(pick("Owner", "负责部门", lang), (t.owner or "" for t in journey.touchpoints))
    yield safe(
        pick("Channel", "渠道", lang),
        (t.channel or here[t.name].channels for t in journey.touchpoints),
    )
    labels = [label for label, _ in _layers(lang)]
    for at, label in enumerate(labels):
        yield [spreadsheet_safe(label), *(here[n].layers[at] for n in names)]
    found = _causes(journey, here)
    yield safe(
        pick("Causes (details)", "根因（细节）", lang),
        ("\n".join(_distinct(found.get(n, []))) for n in names),
    )
    solutions_label = pick("Solutions (status)", "方案（状态）", lang)
    yield [spreadsheet_safe(solutions_label), *(here[n].layers[len(labels)] for n in names)]


def _causes(journey: Journey, here: dict[str, Cells]) -> dict[str, list[str | None]]:
    """Each place's details, in case id order: a detail lies where its `at` names (settled
    with the journey's names), else where its case is spotted."""
    found: dict[str, list[str | None]] = {}
    every = sorted(
        (
            (case_id, written, spot, item)
            for spot, part in here.items()
            for case_id, written, item in part.causes
        ),
        key=lambda cause: cause[0],
    )
    settled = journey.names
    for _, written, spot, item in every:
        place = settled(written) if written and settled is not None else spot
        found.setdefault(place, []).append(item)
    return found


def blueprint_text(journey: Journey, parts: Parts | None = None) -> Iterator[str]:
    """The blueprint's CSV (what `to_blueprint_csv` writes of `blueprint_rows`) in pieces no
    longer than a cell, made while they are written: the sheet of 100,000 cases is about
    100 MB, and only the row being written is held beside the parts it is read from. The
    caller writes it with a BOM so that Excel reads Chinese."""
    for row in _rows(journey, parts):
        for number, cell in enumerate(row):
            if number:
                yield ","
            # As the csv module's default dialect writes a cell in a row of two or more: quoted
            # where it holds a comma, a quote or a line break, its quotes doubled.
            if "\n" in cell or "," in cell or '"' in cell or "\r" in cell:
                yield '"'
                yield cell.replace('"', '""')
                yield '"'
            else:
                yield cell
        yield "\r\n"


def _cause(cause: str | None, detail: str, lang: str) -> str:
    """A detail as the causes' cell lists it: with its cause where it names one."""
    if not cause:
        return detail
    return pick("{cause}: {detail}", "{cause}：{detail}", lang, cause=cause, detail=detail)


def _solutions(lang: str) -> Callable[[Sequence[AnyCase]], list[str]]:
    return lambda cases: _distinct(
        [
            pick("{action} ({status})", "{action}（{status}）", lang).format(
                action=s.action, status=_status(s.status, lang)
            )
            for c in cases
            for s in c.solve
        ]
    )


def _status(status: str, lang: str) -> str:
    words = {
        "proposed": pick("proposed", "待推进", lang),
        "doing": pick("doing", "进行中", lang),
        "done": pick("done", "已完成", lang),
        "verified": pick("verified", "已验证", lang),
        "dropped": pick("dropped", "不采纳", lang),
    }
    return words[status]


def to_blueprint_csv(rows: list[list[str]]) -> str:
    """CSV text; the caller writes it with a BOM so that Excel reads Chinese."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def to_blueprint_xlsx(rows: list[list[str]], title: str) -> bytes:
    """One sheet, the header row and layer column frozen, text wrapped."""
    import zipfile

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = (" ".join(title.split()) or "blueprint")[:31].translate(_SHEET_NAME)
    for row in rows:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = wrap
            cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 24
    for index in range(2, len(rows[0]) + 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 32
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = _SHEET_DATE
    buffer = io.BytesIO()
    # Stored as it is: `_dated` writes every entry again, and compresses it then, once.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    return _dated(buffer.getvalue())


_SHEET_DATE = datetime(2000, 1, 1)


def _dated(workbook: bytes) -> bytes:
    """The workbook with one fixed date on every entry and in its properties (openpyxl stamps
    the clock on both): the same journey gives the same .xlsx bytes, like every other export."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dated.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(dated, source.read(entry))
    return buffer.getvalue()
