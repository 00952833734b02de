"""The header row of a CSV or Excel export: which column holds which canonical field, by the
spellings OKR tools use (DOMAIN.md) or a --mapping file."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from diagnose.core.errors import InputError, Problem
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
                mapping: dict[str, str] | None = None) -> tuple[dict[int, str], list[Problem]]:
    """Column index to canonical field; unknown columns come back as warnings.

    `mapping` (from a --mapping file) names the column for a field and wins over synonyms.
    """
    lookup = synonym_lookup(wanted, {normalise_header(column): field for field, column in (mapping or {}).items()})
    columns: dict[int, str] = {}
    warnings = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        canonical = lookup.get(key)
        if canonical in columns.values():
            taken = headers[next(i for i, name in columns.items() if name == canonical)]
            warnings.append(Problem(file, f"column {header!r} would also give {canonical}, which column {taken!r} "
                                          "already gives", row=1, hint="it is ignored; choose the other with --mapping",
                                    warning=True))
            continue
        if canonical:
            columns[index] = canonical
            continue
        close = difflib.get_close_matches(key, list(lookup), n=1, cutoff=0.75)
        hint = f"did you mean {close[0]!r}?" if close else "it is ignored"
        warnings.append(Problem(file, f"unknown column {header!r}", row=1, hint=hint, warning=True))
    given = {normalise_header(header) for header in headers}
    for field, column in (mapping or {}).items():
        if normalise_header(column) not in given:
            close = difflib.get_close_matches(column, headers, n=1, cutoff=0.6)
            warnings.append(Problem(file, f"--mapping names column {column!r} for {field}, but the export has no "
                                          "such column", row=1, warning=True,
                                    hint=f"did you mean {close[0]!r}?" if close else "check the header row"))
    return columns, warnings


def mapped_records(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
           mapping: dict[str, str] | None) -> tuple[list[list[str]], dict[int, str], list[Problem]]:
    """The records of a CSV or Excel export and which column holds which canonical field."""
    file = str(path)
    notes: list[Problem] = []
    records = read_records(path, notes)
    if records:
        records[0] = [cell.strip() for cell in records[0]]
    if not records or not any(cell for cell in records[0]):
        raise InputError(Problem(file, "the file is empty: it needs a header row and one row per item", row=1))
    columns, warnings = map_headers(records[0], wanted, file, mapping)
    present = set(columns.values())
    typed = {"row_type", "title"} <= present
    missing = [name for name in required if name not in present]
    if missing and not typed:
        seen = ", ".join(repr(h) for h in records[0] if h)
        mapped = (mapping or {}).get(missing[0])
        fix = (f"--mapping names column {mapped!r} for {missing[0]}, which is not among them" if mapped else
               f"name the column {missing[0]!r} or give a --mapping file")
        raise InputError(Problem(file, "missing required column " + ", ".join(repr(m) for m in missing), row=1,
                                 hint=f"the header has {seen}; {fix}"))
    return records, columns, notes + warnings


def table_rows(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
               mapping: dict[str, str] | None = None) -> tuple[list[Row], set[str], list[Problem]]:
    """Rows of a CSV or Excel export in canonical fields, and which fields the export has."""
    records, columns, warnings = mapped_records(path, wanted, required, mapping)
    rows = []
    pairs = list(columns.items())
    for number, record in enumerate(records[1:], start=2):
        width = len(record)
        values = {name: value for index, name in pairs if index < width and (value := record[index].strip())}
        if values:
            rows.append(Row(values, {"row": number}))
    return rows, set(columns.values()), warnings
