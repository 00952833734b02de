"""Read spreadsheets as rows of text: CSV (any common delimiter and encoding) or Excel .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings as python_warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict

from diagnose.core.errors import InputError, Problem

Place = Literal["row", "line"]  # "row" in a table, "line" in YAML or JSON


class Where(TypedDict, total=False):
    """Where a record came from, {"row": 7} or {"line": 12}: a Problem takes it as Problem(..., **where)."""

    row: int
    line: int


def located(place: Place, number: int | None) -> Where:
    """{place: number} as a Where; empty when the number is unknown, as a Problem's default is."""
    if number is None:
        return {}
    return {"line": number} if place == "line" else {"row": number}


@dataclass(slots=True)
class Row:
    """One record in canonical field names, and where it came from: {"row": 7} or {"line": 12}."""

    values: dict[str, str]
    where: Where
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
    """The cells of a CSV file or of the first sheet of a workbook, as text."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputError(Problem(str(path), f"{suffix} files cannot be read",
                                 hint="save or download the responses as .xlsx or CSV"))
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_rows(path)
    try:
        text = read_text(path)
    except OSError as exc:
        raise InputError(Problem(str(path), f"cannot be read: {exc.strerror or exc}")) from None
    try:
        return list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
    except csv.Error as exc:
        raise InputError(Problem(str(path), f"not a readable CSV file: {exc}", hint="export it again as CSV")) from None


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: whichever the first record uses most outside quotes (question texts hold commas)."""
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in text[:200_000]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            if char == "\n":
                break
            if char in counts:
                counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _workbook_rows(path: Path) -> list[list[str]]:
    file = str(path)
    if not path.is_file():
        raise InputError(Problem(file, "is a folder, not a file" if path.is_dir() else "file not found",
                                 hint="check the path"))
    import openpyxl  # only workbooks pay for importing it

    # A damaged or mislabelled workbook surfaces from zipfile, XML or openpyxl itself as many
    # exception types; each means the same thing to the user.
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")  # "no default style" and similar notes on other tools' files
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise InputError(Problem(file, f"not a readable .xlsx workbook ({type(exc).__name__})",
                                 hint="open it in a spreadsheet and save it again as .xlsx, or export CSV")) from None
    try:
        if not workbook.worksheets:
            raise InputError(Problem(file, "the workbook has no worksheet"))
        return [[_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(Problem(file, f"the first sheet cannot be read ({type(exc).__name__})",
                                 hint="save it again as .xlsx, or export CSV")) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


# A cell a spreadsheet would run as a formula starts with one of these (OWASP's CSV injection);
# the CSVs we write quote such a cell with a leading apostrophe (report/outputs.py).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unquoted(cell: str) -> str:
    """A cell as it was before we quoted it against formulas: "'=SUM(1)" is "=SUM(1)"."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
