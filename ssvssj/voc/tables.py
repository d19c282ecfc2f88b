"""Reading the spreadsheets survey platforms export: CSV in any common Chinese encoding, xlsx.

A table is read whole and checked whole before anything is imported: a file that cannot be read
exactly as its author wrote it (mixed encodings, a quote that swallows rows, a row with the
wrong number of fields) is refused with the row that shows it, never imported in part or with
its text changed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssvssj.errors import UsageError
from ssvssj.i18n import joined, os_reason, tr

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_FIELD = 131_072
DELIMITERS = (",", ";", "\t")
UTF8_BOM = b"\xef\xbb\xbf"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Row:
    """One row of the file: its number as a spreadsheet shows it (the header is row 1), its
    values by column, or why it is not data."""

    number: int
    values: dict[str, Any]
    note: str | None = None


@dataclass
class Table:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""


def _line_encoding(line: bytes) -> str | None:
    """UTF-8 or GBK for a line that shows which it is; None for a line that could be either."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "GBK/GB18030"
    return "UTF-8" if line.startswith(UTF8_BOM) or _CJK.search(text) else None


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in: UTF-8 (with or without BOM), GBK.

    A file is in one encoding: one whose lines mix UTF-8 and GBK (two exports joined) is
    refused at the first line that differs, since decoding it either way changes text."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _unreadable() from None
        if not any(mark in text for mark in ("\n", *DELIMITERS)):
            raise _unreadable()  # the mark alone, with neither rows nor columns after it
        return text, "UTF-16"
    if b"\x00" in raw:
        at = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise UsageError(
            tr(
                "line {line} holds a NUL byte: this is not a text file in UTF-8 or GBK "
                "(UTF-16 without its mark?); nothing was imported",
                "第 {line} 行含有 NUL 字节：这不是 UTF-8 或 GBK 文本文件（没有标记的 UTF-16？）；"
                "没有导入任何内容",
                line=at,
            ),
            tr("save it as UTF-8 CSV", "请另存为 UTF-8 CSV"),
        )
    body = raw.removeprefix(UTF8_BOM)
    try:
        return body.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    first: str | None = None
    for number, line in enumerate(body.split(b"\n"), start=1):
        kind = _line_encoding(line)
        if kind is None:
            continue
        if first is None:
            first = kind
        elif kind != first:
            raise UsageError(
                tr(
                    "line {line} is in {kind} while the lines before it are {first}: the file "
                    "mixes encodings (two exports joined?); nothing was imported",
                    "第 {line} 行是 {kind} 编码，而前面的行是 {first}：文件混用了两种编码"
                    "（两份导出拼在一起了？）；没有导入任何内容",
                    line=number,
                    kind=kind,
                    first=first,
                ),
                tr(
                    "save every part in the same encoding (UTF-8 CSV) and import again",
                    "请把各部分都另存为同一种编码（UTF-8 CSV）后再导入",
                ),
            )
    try:
        return body.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError:
        raise _unreadable() from None


def _unreadable() -> UsageError:
    return UsageError(
        tr(
            "cannot read the file as text (tried UTF-8, UTF-16, GBK/GB18030)",
            "无法把文件当作文本读取（试过 UTF-8、UTF-16、GBK/GB18030）",
        ),
        tr("save it as UTF-8 CSV", "请另存为 UTF-8 CSV"),
    )


def _delimiter(text: str) -> str:
    """The delimiter is the one thing guessed: the one the header row uses most."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _quote_error(number: int, message: str) -> UsageError:
    if "unexpected end of data" in message:
        text = tr(
            "row {row}: a quote opened in this row is never closed; nothing was imported",
            "第 {row} 行：这一行打开的引号没有闭合；没有导入任何内容",
            row=number,
        )
    elif "field larger than field limit" in message:
        text = tr(
            "row {row}: a field is longer than {limit} characters; nothing was imported",
            "第 {row} 行：有一个字段超过 {limit} 个字符；没有导入任何内容",
            row=number,
            limit=f"{MAX_FIELD:,}",
        )
    else:
        text = tr(
            "row {row}: a quote ends in the middle of a field ({detail}); nothing was imported",
            "第 {row} 行：引号在字段中间结束（{detail}）；没有导入任何内容",
            row=number,
            detail=message,
        )
    return UsageError(
        text,
        tr(
            'a quote inside quoted text is written twice (""), as Excel does',
            '引号内的引号要写两次（""），Excel 就是这样保存的',
        ),
    )


def _swallowed_rows(value: str, delimiter: str, columns: int) -> int:
    """How many lines inside one field look like rows of their own: a quote left open makes
    the following rows one long field."""
    lines = value.split("\n")[1:]
    looking = sum(1 for line in lines if line.count(delimiter) >= max(1, columns - 1))
    return looking if looking >= 2 and looking * 2 >= len(lines) else 0


def read_csv(raw: bytes) -> Table:
    """RFC 4180 as Excel writes it: doubled quotes inside quoted fields, line breaks in them;
    only the delimiter is guessed. Every row is checked before any is returned."""
    text, encoding = decode_csv(raw)
    text = text.replace("\n\ufeff", "\n")
    delimiter = _delimiter(text)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        strict=True,
    )
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        raise _quote_error(len(records) + 1, str(error)) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise UsageError(tr("the file has no header row", "文件没有表头行"))
    header = records[0]
    columns = [c.strip() for c in header]
    table = Table(columns, encoding=encoding)
    for number, record in enumerate(records[1:], start=2):
        if not record:
            table.rows.append(Row(number, {}))
            continue
        if len(record) != len(columns):
            raise UsageError(
                tr(
                    "row {row} has {count} fields but the header has {columns}; "
                    "nothing was imported",
                    "第 {row} 行有 {count} 个字段，而表头有 {columns} 个；没有导入任何内容",
                    row=number,
                    count=len(record),
                    columns=len(columns),
                ),
                tr(
                    "a field holding the delimiter must be in quotes",
                    "含有分隔符的字段必须放在引号里",
                ),
            )
        for value in record:
            swallowed = _swallowed_rows(value, delimiter, len(columns))
            if swallowed:
                raise UsageError(
                    tr(
                        "row {row}: a quote opened in this row runs over {lines} lines that "
                        "look like rows of their own; nothing was imported",
                        "第 {row} 行：这一行打开的引号吞掉了后面 {lines} 行看起来像独立数据的"
                        "内容；没有导入任何内容",
                        row=number,
                        lines=swallowed,
                    ),
                    tr("check the quotes of that row", "请检查这一行的引号"),
                )
        if [c.strip() for c in record] == columns:
            note = tr(
                "repeats the header (two exports joined?)",
                "重复的表头（两份导出拼在一起了？）",
            )
            table.rows.append(Row(number, {}, note))
            continue
        table.rows.append(Row(number, dict(zip(columns, record, strict=True))))
    _check_row_count(len(table.rows))
    return table


def _check_row_count(rows: int) -> None:
    if rows > MAX_ROWS:
        raise UsageError(
            tr(
                "the table has {rows} rows; ssvssj imports at most {limit} at once",
                "表格有 {rows} 行；ssvssj 一次最多导入 {limit} 行",
                rows=f"{rows:,}",
                limit=f"{MAX_ROWS:,}",
            ),
            tr("split the file and import the parts", "请把文件拆开后分批导入"),
        )


def _not_a_workbook(path: Path) -> UsageError:
    return UsageError(
        tr(
            "{name} is not an xlsx workbook (a CSV or text file renamed?)",
            "{name} 不是 Excel 工作簿（是改了扩展名的 CSV 或文本文件？）",
            name=path.name,
        ),
        tr(
            "give it the extension of what it holds (.csv for CSV), or save it from Excel as .xlsx",
            "请按内容改回扩展名（CSV 用 `.csv`），或用 Excel 另存为 `.xlsx`",
        ),
    )


def _check_archive(path: Path) -> None:
    """What the workbook would unpack to, checked before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_workbook(path) from None
    if unpacked > MAX_SHEET_BYTES:
        raise UsageError(
            tr(
                "{name} unpacks to {size} bytes; ssvssj reads workbooks up to {limit}",
                "{name} 解压后有 {size} 字节；ssvssj 只读取不超过 {limit} 字节的工作簿",
                name=path.name,
                size=f"{unpacked:,}",
                limit=f"{MAX_SHEET_BYTES:,}",
            )
        )


def read_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise UsageError(
            tr("reading .xlsx needs openpyxl", "读取 `.xlsx` 需要安装 `openpyxl`"),
            tr(
                "pip install 'ssvssj[xlsx]', or save the sheet as CSV",
                "请运行 `pip install 'ssvssj[xlsx]'`，或把工作表另存为 CSV",
            ),
        ) from None
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    _check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, ParseError, zipfile.BadZipFile):
        raise UsageError(
            tr(
                "{name} is damaged or not an xlsx workbook",
                "{name} 已损坏，或不是 Excel 工作簿",
                name=path.name,
            ),
            tr("open it in Excel and save it again", "请用 Excel 打开后重新保存"),
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(
                tr("no sheet '{sheet}'", "没有名为“{sheet}”的工作表", sheet=sheet),
                tr("sheets: {names}", "工作表：{names}", names=joined(book.sheetnames)),
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        try:
            return _sheet_table(worksheet)
        except (KeyError, ValueError, TypeError, ParseError):
            raise UsageError(
                tr(
                    "the sheet of {name} is damaged",
                    "{name} 的工作表已损坏",
                    name=path.name,
                ),
                tr("open it in Excel and save it again", "请用 Excel 打开后重新保存"),
            ) from None
    finally:
        book.close()


def _sheet_table(worksheet: Any) -> Table:
    """The sheet's rows as stored: the size it declares is checked before any row is read, and
    rows and cells it does not hold are never made up (a lone cell at row 1,048,576 is one
    row, not a million)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    declared_rows = worksheet.max_row or 0
    declared_columns = worksheet.max_column or 0
    if declared_rows > MAX_ROWS + 1 or declared_columns > MAX_COLUMNS:
        raise UsageError(
            tr(
                "the sheet declares {rows} rows and {columns} columns; ssvssj imports at "
                "most {limit} rows and {column_limit} columns",
                "工作表声明了 {rows} 行、{columns} 列；ssvssj 最多导入 {limit} 行、"
                "{column_limit} 列",
                rows=f"{declared_rows:,}",
                columns=f"{declared_columns:,}",
                limit=f"{MAX_ROWS:,}",
                column_limit=f"{MAX_COLUMNS:,}",
            ),
            tr(
                "copy the rows you need into a new sheet, or save it as CSV",
                "请把需要的行复制到新工作表，或另存为 CSV",
            ),
        )
    book = worksheet.parent
    header: dict[int, str] | None = None
    table = Table([], encoding="xlsx")
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if header is None:
                header = {
                    cell["column"]: str(cell["value"]).strip()
                    for cell in cells
                    if cell["value"] is not None and cell["column"] <= MAX_COLUMNS
                }
                table.columns = list(header.values())
                continue
            values: dict[str, Any] = {}
            for cell in cells:
                name = header.get(cell["column"])
                value = cell["value"]
                if name is None or value is None:
                    continue
                if isinstance(value, str) and len(value) > MAX_FIELD:
                    raise _quote_error(number, "field larger than field limit")
                values[name] = value
            table.rows.append(Row(number, values))
            _check_row_count(len(table.rows))
    if header is None:
        raise UsageError(tr("the sheet is empty", "工作表是空的"))
    return table


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Header names, rows keyed by them, and how the file was read."""
    try:
        if not path.exists():
            raise UsageError(
                tr("{path} not found: no such file", "找不到 {path}：没有这个文件", path=path)
            )
        if not path.is_file():
            raise UsageError(
                tr(
                    "{path} is not a file that can be imported",
                    "{path} 不是可以导入的文件",
                    path=path,
                )
            )
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UsageError(
                tr(
                    "{path} is {size} bytes; ssvssj imports files up to {limit}",
                    "{path} 有 {size} 字节；ssvssj 只导入不超过 {limit} 字节的文件",
                    path=path,
                    size=f"{size:,}",
                    limit=f"{MAX_FILE_BYTES:,}",
                ),
                tr("split the file and import the parts", "请把文件拆开后分批导入"),
            )
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return read_xlsx(path, sheet)
        raw = path.read_bytes()
        if raw.startswith(b"PK\x03\x04"):
            raise UsageError(
                tr(
                    "{name} is a zip archive (an xlsx workbook renamed?), not CSV",
                    "{name} 是压缩包（改了扩展名的 Excel 工作簿？），不是 CSV",
                    name=path.name,
                ),
                tr("name it .xlsx to import it as a workbook", "请把扩展名改为 `.xlsx` 再导入"),
            )
        return read_csv(raw)
    except OSError as error:
        raise UsageError(
            tr(
                "cannot read {path}: {reason}",
                "无法读取 {path}：{reason}",
                path=path,
                reason=os_reason(error),
            )
        ) from None
