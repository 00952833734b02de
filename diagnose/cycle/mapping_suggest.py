"""A starting --mapping file from an export's header row: every column the tool recognises,
named under `columns:`; every other column listed, commented, under `ignore:` with the field
it may be, so that nothing is left out without the user seeing it."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from diagnose.core.errors import InputError, Problem
from diagnose.core.tables import read_records
from diagnose.cycle.headers import HEADER_SEARCH_ROWS, normalise_header, synonym_lookup
from diagnose.cycle.okr_formats import KR_FIELDS, TYPED_FIELDS

FIELDS = KR_FIELDS + TYPED_FIELDS


def suggest_mapping(path: Path) -> str:
    records = read_records(Path(path))
    if not any(cell.strip() for record in records[:HEADER_SEARCH_ROWS] for cell in record):
        raise InputError(Problem(str(path), "the file is empty: there is no header row to read",
                                 hint="give the OKR export itself, with its header row"))
    lookup = synonym_lookup(FIELDS, {})
    # The header: the opening row that names the most fields (title rows come first in many sheets).
    opening = records[:HEADER_SEARCH_ROWS] or [[]]
    header_index = max(range(len(opening)), key=lambda i: sum(normalise_header(c) in lookup for c in opening[i]))
    header = [cell.strip() for cell in opening[header_index]]
    columns: dict[str, str] = {}
    unknown: list[tuple[str, str | None]] = []
    for cell in header:
        if not cell:
            continue
        field = lookup.get(normalise_header(cell))
        if field and field not in columns:
            columns[field] = cell
        else:
            close = difflib.get_close_matches(normalise_header(cell), list(lookup), n=1, cutoff=0.6)
            unknown.append((cell, lookup[close[0]] if close else None))
    lines = [f"# A --mapping file for {Path(path).name}, written by `okr-diagnose mapping suggest`.",
             "# Check each line, then run: okr-diagnose review EXPORT --mapping THIS_FILE",
             f"# Fields: {', '.join(FIELDS)}."]
    if header_index:
        lines.append(f"header_row: {header_index + 1}      # the rows above it are a title or notes")
    lines.append("columns:")
    lines += [f"  {field}: {yaml.safe_dump(column, default_flow_style=True).strip().removesuffix('...').strip()}"
              for field, column in columns.items()] or ["  {}"]
    missing = [f for f in ("objective", "key_result") if f not in columns]
    if missing:
        lines.append(f"  # not found, and needed: {', '.join(missing)}; name the columns that hold them")
    if unknown:
        lines.append("# Columns not read: move one up under columns: if it holds a field, else leave it here.")
        lines.append("ignore:")
        for cell, maybe in unknown:
            quoted = yaml.safe_dump(cell, default_flow_style=True).strip().removesuffix("...").strip()
            lines.append(f"  - {quoted}" + (f"      # {maybe}?" if maybe else ""))
    lines += ["# values: {level: {Portfolio: company, Program: department}}   # a field's values, tool to ours",
              "# sheet: OKRs              # the workbook sheet to read",
              "# date_order: month-first  # dates that fit both orders"]
    return "\n".join(lines) + "\n"
