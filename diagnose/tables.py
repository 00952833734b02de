"""Read spreadsheets as rows of text: CSV (any common delimiter and encoding) or Excel .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from diagnose.errors import InputError, Problem


@dataclass
class Row:
    """One record in canonical field names, and where it came from: {"row": 7} or {"line": 12}."""

    values: dict[str, str]
    where: dict[str, int]
    checkins: list[Row] = field(default_factory=list)
    # An objective listed without key results (typed exports): it still counts for alignment.
    objective_only: bool = False


def read_text(path: Path) -> str:
    """A text file as str: UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found", hint="check the path")) from None
    except IsADirectoryError:
        raise InputError(Problem(str(path), "is a folder, not a file")) from None
    except UnicodeDecodeError:
        try:
            return Path(path).read_text(encoding="cp1252")
        except UnicodeDecodeError:
            raise InputError(Problem(str(path), "not a text file", hint="export it as UTF-8 CSV")) from None


def read_records(path: Path) -> list[list[str]]:
    """Every row of the file as a list of stripped cell texts (.xlsx: the first sheet)."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_records(Path(path))
    text = read_text(path)
    if "\x00" in text:
        raise InputError(Problem(str(path), "not a CSV file (it contains binary data)",
                                 hint="export the sheet as CSV, or give the .xlsx file itself"))
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return [[cell.strip() for cell in record] for record in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(Problem(str(path), f"not a readable CSV file: {exc}", hint="export it again as CSV")) from None


def _xlsx_records(path: Path) -> list[list[str]]:
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise InputError(Problem(str(path), "reading Excel files needs openpyxl", hint="pip install openpyxl")) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found", hint="check the path")) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(Problem(str(path), f"not a readable Excel file ({type(exc).__name__})",
                                 hint="save it again as .xlsx, or export it as CSV")) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
