"""The header row of a CSV or Excel export: which column holds which canonical field, by the
spellings OKR tools use (DOMAIN.md) or a --mapping file."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.tables import Row, read_records

# Header spellings seen in OKR tools' exports (DOMAIN.md), normalised to lower_snake_case.
SYNONYMS = {
    "objective": ["objective_title", "objective_name", "goal", "goal_title"],
    "row_type": ["type", "okr_type", "item_type", "kind", "goal_type", "record_type"],
    "title": ["name", "title", "goal_name", "okr", "okr_title"],
    "item_id": ["id", "okr_id", "item", "key"],
    "key_result": ["kr", "key_result_title", "key_result_name", "kr_title", "result", "keyresult"],
    "objective_id": ["objective_key", "goal_id", "obj_id"],
    "key_result_id": ["kr_id", "keyresult_id", "result_id"],
    "team": ["team_name", "department", "group", "teams"],
    "level": ["objective_level", "okr_level", "tier"],
    "parent": ["parent_id", "aligned_to", "parent_goal", "parent_ids", "parent_objective", "supports"],
    "owner": ["lead", "owner_email", "assignee", "responsible", "owner_name", "kr_owner"],
    "cycle": ["timeframe", "session", "time_period", "quarter", "period"],
    "start_value": ["start", "initial", "baseline", "initial_value", "starting_amount", "from"],
    "target_value": ["target", "goal_value", "ending_amount", "to"],
    "current_value": ["current", "actual", "actual_value", "current_amount", "progress_value"],
    "unit": ["units", "metric_unit"],
    "score": ["final_score", "grade", "achievement", "progress"],
    "confidence": ["confidence_level", "health"],
    "status": ["state", "kr_status"],
    "due_date": ["due", "end_date", "deadline"],
    "last_updated": ["updated", "last_update", "last_check_in", "last_checkin", "updated_at", "modified"],
    "date": ["check_in_date", "checkin_date", "created_at", "week"],
    "value": ["current_value", "current", "actual"],
    "comment": ["note", "body", "check_in_note", "text", "comments"],
}


def normalise_header(name: str) -> str:
    """`Key Result`, `key-result`, `keyResult` and ` KEY_RESULT ` all become `key_result`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name.strip())
    return "_".join(spaced.lower().replace("-", " ").replace("/", " ").replace("_", " ").split())


def synonym_lookup(fields: tuple[str, ...], extra: dict[str, str]) -> dict[str, str]:
    """Normalised name to canonical field: each field by its own name and its SYNONYMS, and `extra`
    (a --mapping file's columns, a layout's own short names), which win over synonyms."""
    lookup = {name: name for name in fields} | extra
    for canonical, spellings in SYNONYMS.items():
        if canonical in fields:
            for spelling in spellings:
                lookup.setdefault(normalise_header(spelling), canonical)
    return lookup


def map_headers(headers: list[str], wanted: tuple[str, ...], file: str,
                mapping: dict[str, str] | None = None, row: int = 1,
                ignore: frozenset[str] = frozenset()) -> tuple[dict[int, str], list[Problem]]:
    """Column index to canonical field; unknown columns come back as warnings.

    `mapping` (from a --mapping file) names the column for a field and wins over synonyms.
    """
    lookup = synonym_lookup(wanted, {normalise_header(column): field for field, column in (mapping or {}).items()})
    columns: dict[int, str] = {}
    warnings = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key or key in ignore:
            continue
        canonical = lookup.get(key)
        if canonical in columns.values():
            taken = headers[next(i for i, name in columns.items() if name == canonical)]
            warnings.append(Problem(file, f"column {header!r} would also give {canonical}, which column {taken!r} "
                                          "already gives", row=row, hint="it is ignored; choose the other with --mapping",
                                    warning=True))
            continue
        if canonical:
            columns[index] = canonical
            continue
        close = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
        # The hint names the field, the one spelling a --mapping file takes.
        hint = (f"it is ignored; if it holds {lookup[close[0]]}, say so in a --mapping file: "
                f"columns: {{{lookup[close[0]]}: {header!r}}}" if close else
                "it is ignored; list it under ignore: in a --mapping file to leave it out quietly")
        warnings.append(Problem(file, f"unknown column {header!r}", row=row, hint=hint, warning=True))
    given = {normalise_header(header) for header in headers}
    for field, column in (mapping or {}).items():
        if normalise_header(column) not in given:
            close = difflib.get_close_matches(column, headers, n=1, cutoff=0.6)
            warnings.append(Problem(file, f"--mapping names column {column!r} for {field}, but the export has no "
                                          "such column", row=row, warning=True,
                                    hint=f"did you mean {close[0]!r}?" if close else "check the header row"))
    return columns, warnings


@dataclass(frozen=True)
class TableLayout:
    """What a --mapping file says of a table: its sheet, its header row, columns to ignore."""

    sheet: str | None = None
    header_row: int | None = None
    ignore: tuple[str, ...] = ()

    def ignored(self) -> frozenset[str]:
        return frozenset(normalise_header(column) for column in self.ignore)


# What a key result written below its objective's first row takes from it (fill-down).
GROUP_FIELDS = ("objective", "objective_id", "team", "level", "parent", "cycle")

# Title rows, notes or a logo row above the header are skipped: the header is the first of this
# many rows that names every required field.
HEADER_SEARCH_ROWS = 10


def mapped_records(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
                   mapping: dict[str, str] | None, layout: TableLayout | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> tuple[list[list[str]], dict[int, str], list[Problem], int]:
    """The records of a CSV or Excel export from its header row on, which column holds which
    canonical field, warnings, and the header's row number (1 unless title rows come first).
    `layout`: what a --mapping file says of the sheet, header row and columns to ignore."""
    file = str(path)
    layout = layout or TableLayout()
    notes: list[Problem] = []

    def holds_table(opening: list[list[str]]) -> bool:
        return _header_index(opening, wanted, required, mapping, file, limits.columns) is not None

    records = read_records(path, notes, holds_table, layout.sheet, limits)
    if not records or not any(cell.strip() for record in records[:HEADER_SEARCH_ROWS] for cell in record):
        raise InputError(Problem(file, "the file is empty: it needs a header row and one row per item", row=1))
    at = layout.header_row - 1 if layout.header_row else \
        _header_index(records, wanted, required, mapping, file, limits.columns)
    if at is not None and at >= len(records):
        raise InputError(Problem(file, f"the header row {at + 1} given by --mapping is past the end of the file",
                                 hint=f"the file has {len(records)} rows"))
    if at is None:  # no row names the fields: the first row with anything in it is reported on
        at = next(i for i, record in enumerate(records) if any(cell.strip() for cell in record))
    if at and not layout.header_row:
        notes.append(Problem(file, f"the header is on row {at + 1}: the {at} row{'s' if at > 1 else ''} above it "
                                   "(a title or notes) were skipped", row=at + 1, warning=True))
    records = records[at:]
    if len(records[0]) > limits.columns:
        raise InputError(Problem(file, f"the header has {len(records[0]):,} columns; at most {limits.columns:,} "
                                       "are read", row=at + 1,
                                 hint="export only the columns the OKRs need; to read it anyway, raise "
                                      "limits.columns in your own content's settings.yaml"))
    records[0] = [cell.strip() for cell in records[0]]
    columns, warnings = map_headers(records[0], wanted, file, mapping, row=at + 1, ignore=layout.ignored())
    present = set(columns.values())
    typed = {"row_type", "title"} <= present
    missing = [name for name in required if name not in present]
    if missing and not typed:
        seen = ", ".join(repr(h) for h in records[0] if h)
        mapped = (mapping or {}).get(missing[0])
        fix = (f"--mapping names column {mapped!r} for {missing[0]}, which is not among them" if mapped else
               f"name the column {missing[0]!r} or give a --mapping file")
        raise InputError(Problem(file, "missing required column " + ", ".join(repr(m) for m in missing), row=at + 1,
                                 hint=f"the header has {seen}; {fix}"))
    return records, columns, notes + warnings, at + 1


def _header_index(records: list[list[str]], wanted: tuple[str, ...], required: tuple[str, ...],
                  mapping: dict[str, str] | None, file: str, columns: int) -> int | None:
    """The first of the opening rows that names every required field (or a typed export's)."""
    lookup = synonym_lookup(wanted, {normalise_header(column): field for field, column in (mapping or {}).items()})
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        present = {lookup.get(normalise_header(cell)) for cell in record[:columns]}
        if all(name in present for name in required) or {"row_type", "title"} <= present:
            return index
    return None


def table_rows(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
               mapping: dict[str, str] | None = None, layout: TableLayout | None = None,
               limits: Limits = DEFAULT_LIMITS) -> tuple[list[Row], set[str], list[Problem]]:
    """Rows of a CSV or Excel export in canonical fields, and which fields the export has."""
    records, columns, warnings, header_row = mapped_records(path, wanted, required, mapping, layout, limits)
    rows = []
    pairs = list(columns.items())
    group: dict[str, str] = {}
    filled = []
    for number, record in enumerate(records[1:], start=header_row + 1):
        width = len(record)
        values = {name: value for index, name in pairs if index < width and (value := record[index].strip())}
        if not values:
            continue
        if "objective" in values or "objective_id" in values:
            group = {name: values[name] for name in GROUP_FIELDS if name in values}
        elif "key_result" in values and group:
            # The objective is written on its group's first row only (a spreadsheet's grouped or
            # merged cells): the rows below it belong to it.
            values = {**group, **values}
            filled.append(number)
        rows.append(Row(values, {"row": number}))
    if filled:
        warnings.append(Problem(str(path), f"{len(filled)} key results have no objective of their own: each was "
                                           "given the objective of the rows above it, as a grouped sheet means",
                                row=filled[0], warning=True,
                                hint="check that each key result sits under its objective"))
    return rows, set(columns.values()), warnings
