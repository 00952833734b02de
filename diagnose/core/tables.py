"""Read spreadsheets as rows of text: CSV (any common delimiter and encoding) or Excel .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings as python_warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict

from diagnose.core.errors import InputError, Problem, refuse_if_huge
from diagnose.core.limits import DEFAULT_LIMITS, Limits

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


def read_text(path: Path, notes: list[Problem] | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    """A text file as str. UTF-8 (with or without BOM); a file with a few bytes that are not
    UTF-8 keeps the rest as written, each bad byte read as U+FFFD and said (only its cell is
    affected); a file with none of UTF-8's multi-byte characters and bytes it cannot hold is read
    as Windows-1252, as Excel writes it, and said. UTF-16 is refused: save it as UTF-8."""
    file = str(path)
    refuse_if_huge(path, limits.file_bytes)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(file, "file not found", hint="check the path")) from None
    except IsADirectoryError:
        raise InputError(Problem(file, "is a folder, not a file")) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 4 and data[1] == 0 and data[3] == 0):
        raise InputError(Problem(file, "is saved as UTF-16, which cannot be read",
                                 hint="save it again as UTF-8 (in Excel: Save As, 'CSV UTF-8')"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = [number for number, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    multibyte = any(ord(char) > 127 and char != "\ufffd" for char in text)
    if multibyte or len(bad) <= 2:
        if notes is not None:
            lines = ", ".join(map(str, bad[:5])) + (" and more" if len(bad) > 5 else "")
            notes.append(Problem(file, f"bytes that are not UTF-8 on line {lines} were read as \ufffd; "
                                       "the rest of the file is read as written", line=bad[0], warning=True,
                                 hint="save the file as UTF-8 to keep those characters"))
        return text
    try:
        decoded = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(Problem(file, "not a text file", hint="export it as UTF-8 CSV")) from None
    if notes is not None:
        notes.append(Problem(file, "is not UTF-8: read as Windows-1252, the encoding Excel uses", warning=True,
                             hint="check names with accents; save as 'CSV UTF-8' to be sure"))
    return decoded


def read_records(path: Path, notes: list[Problem] | None = None,
                 holds_table: Callable[[list[list[str]]], bool] | None = None,
                 sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The cells of a CSV file or of a workbook's sheet, as text; what was read unusually (the
    encoding, the sheet) is added to `notes` as warnings. `holds_table` tells, from a sheet's
    opening rows, whether it is the one wanted: the first sheet is only instructions as often
    as not. A table over `limits.cells` cells is refused as it is read."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputError(Problem(str(path), f"{suffix} files cannot be read",
                                 hint="save or download the responses as .xlsx or CSV"))
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_rows(path, notes, holds_table, sheet, limits)
    try:
        text = read_text(path, notes, limits)
    except OSError as exc:
        raise InputError(Problem(str(path), f"cannot be read: {exc.strerror or exc}")) from None
    delimiter = sniff_delimiter(text)
    opened = _unclosed_quote_line(text, delimiter)
    if opened is not None:
        raise InputError(Problem(str(path), "a quote opened here is never closed, so every line after it would "
                                            "be read as one cell", line=opened,
                                 hint="close the quote (or remove it) on that line, or export the file again"))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    # The csv module keeps its cell limit for the whole process: set for this file, then put back.
    previous = csv.field_size_limit(limits.cell_characters)
    try:
        return _counted(((reader.line_num, record) for record in reader), "line", path, limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(Problem(str(path), f"a cell holds more than {limits.cell_characters:,} characters",
                                     line=reader.line_num or None,
                                     hint="no OKR export needs a cell this long: check for a quote that is "
                                          "not closed, or shorten the cell; to read it anyway, "
                                          "raise limits.cell_characters in your own content's settings.yaml")) from None
        if "new-line character seen in unquoted field" in str(exc):
            # Python's own words ("... universal-newline mode?") say nothing a user can act on.
            raise InputError(Problem(str(path), "not a readable CSV file: a line break inside a cell that is not "
                                                "in quotes", line=reader.line_num or None,
                                     hint="if the file is a spreadsheet export, export it again as CSV (UTF-8); "
                                          "if it is not a table at all, check the file name")) from None
        raise InputError(Problem(str(path), f"not a readable CSV file: {exc}", line=reader.line_num or None,
                                 hint="export it again as CSV")) from None
    finally:
        csv.field_size_limit(previous)


def _counted(numbered: Iterable[tuple[int, list[str]]], place: Place, path: Path, limits: Limits) -> list[list[str]]:
    """Every record, refused at the first that takes the table past `limits.cells` (a blank line
    counts as one): a few kilobytes can hold millions of empty cells, and the list of them is what
    runs out of memory."""
    rows: list[list[str]] = []
    cells = 0
    for number, record in numbered:
        cells += len(record) or 1
        if cells > limits.cells:
            raise InputError(Problem(str(path), f"holds more than {limits.cells:,} cells", **located(place, number),
                                     hint="export only the rows and columns the diagnosis needs; to read it "
                                          "anyway, raise limits.cells in your own content's settings.yaml"))
        rows.append(record)
    return rows


def _unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line where a quoted cell opens that the file never closes, as csv reads quotes: a
    quote opens a cell only at the cell's start, and "" inside it is a quote, not its end."""
    quoted, opened, skip = False, 0, -1
    for match in re.finditer('"', text):
        at = match.start()
        if at == skip:
            continue
        if quoted:
            if text[at + 1:at + 2] == '"':
                skip = at + 1
            else:
                quoted = False
        elif at == 0 or text[at - 1] in (delimiter, "\n", "\r"):
            quoted, opened = True, at
    return text.count("\n", 0, opened) + 1 if quoted else None


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


def _workbook_rows(path: Path, notes: list[Problem] | None = None,
                   holds_table: Callable[[list[list[str]]], bool] | None = None,
                   named: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    file = str(path)
    if not path.is_file():
        raise InputError(Problem(file, "is a folder, not a file" if path.is_dir() else "file not found",
                                 hint="check the path"))
    refuse_if_huge(path, limits.file_bytes)
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
        sheet = workbook.worksheets[0]
        if named is not None:
            titles = [ws.title for ws in workbook.worksheets]
            if named not in titles:
                raise InputError(Problem(file, f"the workbook has no sheet {named!r}",
                                         hint="its sheets are " + ", ".join(repr(t) for t in titles)))
            holds_table = None
            sheet = workbook[named]
        for candidate in workbook.worksheets if holds_table else []:
            # Some tools write a <dimension> that covers a corner of the sheet only: read every cell.
            candidate.reset_dimensions()
            opening = [[_cell_text(v) for v in row] for row in candidate.iter_rows(max_row=10, values_only=True)]
            if holds_table and holds_table(opening):
                sheet = candidate
                break
        sheet.reset_dimensions()
        if sheet is not workbook.worksheets[0] and notes is not None and named is None:
            notes.append(Problem(file, f"read the sheet {sheet.title!r}: the first sheet, "
                                       f"{workbook.worksheets[0].title!r}, holds no table to read", warning=True))
        # openpyxl keeps where a read-only sheet's XML lies only in a private attribute: without it
        # (another openpyxl), the check is skipped rather than the workbook refused.
        uncalculated = _formulas_without_values(path, getattr(sheet, "_worksheet_path", None))
        if uncalculated:
            more = len(uncalculated) - 5
            shown = ", ".join(uncalculated[:5]) + (f" and {more:,} more" if more > 0 else "")
            raise InputError(Problem(file, f"{shown}: a formula with no saved value, which would read as empty",
                                     hint="the program that wrote the file did not calculate its formulas: open it "
                                          "in Excel, LibreOffice or Google Sheets and save it again, or export CSV"))
        cells = sheet.iter_rows(values_only=True)
        return _counted(((number, [_cell_text(value) for value in row]) for number, row in enumerate(cells, start=1)),
                        "row", path, limits)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(Problem(file, f"the sheet cannot be read ({type(exc).__name__})",
                                 hint="save it again as .xlsx, or export CSV")) from None
    finally:
        workbook.close()


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _formulas_without_values(path: Path, member: str | None) -> list[str]:
    """Cells of a sheet holding a formula but no saved result ("C2"): a workbook written by a
    script rather than a spreadsheet. openpyxl reads a saved result only, so these would read as
    empty cells, and their values would be lost without a word."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    if not member:
        return []
    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as sheet:  # most workbooks hold no formula: look before parsing
            if not _holds_formula(sheet):
                return []
        found = []
        with archive.open(member) as sheet:
            for _, cell in iterparse(sheet):
                if cell.tag == _SHEET_NS + "c":
                    formula, value = cell.find(_SHEET_NS + "f"), cell.find(_SHEET_NS + "v")
                    # A formula whose result is the empty string is saved as an empty text value (t="str").
                    if formula is not None and (value is None or not value.text and cell.get("t") != "str"):
                        found.append(cell.get("r", "?"))
                    cell.clear()
                elif cell.tag == _SHEET_NS + "row":
                    cell.clear()
        return found


def _holds_formula(stream) -> bool:
    tail = b""
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        window = tail + chunk
        if b"<f>" in window or b"<f " in window or b"<f/>" in window:
            return True
        tail = chunk[-3:]
    return False


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


def spreadsheet_safe(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, quoted with a leading apostrophe,
    which Excel and LibreOffice show as text and do not display."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def unquoted(cell: str) -> str:
    """A cell as it was before we quoted it against formulas: "'=SUM(1)" is "=SUM(1)"."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
