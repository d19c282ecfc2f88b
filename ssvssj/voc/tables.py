"""Reading the spreadsheets survey platforms export: CSV in any common Chinese encoding, xlsx."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ssvssj.errors import UsageError

ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030"))


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in: UTF-8 (with or without BOM), GBK."""
    for codec, label in ENCODINGS:
        try:
            return raw.decode(codec), label
        except UnicodeDecodeError:
            continue
    tried = ", ".join(label for _, label in ENCODINGS)
    raise UsageError(f"cannot read the file as text (tried {tried}); save it as UTF-8 CSV")


def read_csv(raw: bytes) -> tuple[list[str], list[dict[str, Any]], str]:
    text, encoding = decode_csv(raw)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        raise UsageError("the file has no header row")
    reader.fieldnames = columns
    return columns, list(reader), encoding


def read_xlsx(path: Path, sheet: str | None) -> tuple[list[str], list[dict[str, Any]], str]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise UsageError(
            "reading .xlsx needs openpyxl", "pip install 'ssvssj[xlsx]', or save the sheet as CSV"
        ) from None
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(f"no sheet '{sheet}'", f"sheets: {', '.join(book.sheetnames)}")
        rows = book[sheet] if sheet is not None else book.worksheets[0]
        values = rows.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise UsageError("the sheet is empty")
        columns = ["" if v is None else str(v).strip() for v in header]
        records = [dict(zip(columns, row, strict=False)) for row in values]
    finally:
        book.close()
    return columns, records, "xlsx"


def read_table(path: Path, sheet: str | None = None) -> tuple[list[str], list[dict[str, Any]], str]:
    """Header names, rows keyed by them, and how the file was read."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return read_xlsx(path, sheet)
        return read_csv(path.read_bytes())
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
