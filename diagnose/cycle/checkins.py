"""A check-ins file read column by column and parsed, before it is matched to key results: a
100,000-row export is read without an object per row."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.tables import Place, Row, located
from diagnose.core.values import (
    DateOrder,
    ValueProblem,
    column_date_order,
    confidence_scale,
    parse_confidence,
    parse_date,
    parse_number,
)
from diagnose.cycle.headers import mapped_records
from diagnose.cycle.okr_formats import CHECKIN_FIELDS


@dataclass
class CheckinColumns:
    """Check-ins column by column: a 100,000-row export is read without an object per row."""

    place: Place
    numbers: list[int]
    key_result_id: list[str]
    date: list[str]
    value: list[str]
    confidence: list[str]
    comment: list[str]

    @classmethod
    def from_rows(cls, rows: list[Row]) -> CheckinColumns:
        place: Place = "line" if rows and "line" in rows[0].where else "row"
        return cls(place, [row.where.get(place, 0) for row in rows],
                   *([row.values.get(name, "") for row in rows] for name in CHECKIN_FIELDS))


def checkin_columns(path: Path, mapping: dict[str, str] | None = None,
                    limits: Limits = DEFAULT_LIMITS) -> tuple[CheckinColumns, list[Problem]]:
    """A check-ins CSV or Excel file as columns; rows with every field blank are left out."""
    records, columns, warnings, header_row = mapped_records(path, CHECKIN_FIELDS, ("key_result_id", "date"), mapping,
                                                            limits=limits)
    body = records[1:]
    index_of = {name: index for index, name in columns.items()}

    width = len(records[0])
    # Rows as wide as the header (nearly always) are turned into columns by zip, in C.
    transposed = list(zip(*body)) if body and set(map(len, body)) == {width} else None

    def column(name: str) -> list[str]:
        index = index_of.get(name)
        if index is None:
            return [""] * len(body)
        if transposed is not None:
            return list(map(str.strip, transposed[index]))
        return [record[index].strip() if index < len(record) else "" for record in body]

    cells = [column(name) for name in CHECKIN_FIELDS]
    # Each id is kept once, however many check-ins name it: 100,000 check-ins share 10,000 ids,
    # so the parsed check-ins are smaller and match key results faster.
    ids = CHECKIN_FIELDS.index("key_result_id")
    cells[ids] = list(map(sys.intern, cells[ids]))
    numbers = list(range(header_row + 1, len(body) + header_row + 1))
    # Only a row without an id can be blank: the rest are not looked at one by one.
    if "" in cells[ids] and not all(map(any, zip(*cells))):
        kept = [i for i, row in enumerate(zip(*cells)) if any(row)]
        cells = [[values[i] for i in kept] for values in cells]
        numbers = [numbers[i] for i in kept]
    return CheckinColumns("row", numbers, *cells), warnings


@dataclass
class ParsedCheckins:
    """Check-ins with their cells read, not yet matched to key results. A row whose cells cannot
    be read has date None and says why in `problems`; it is reported only if its key result exists."""

    place: Place
    numbers: list[int]
    key_result_id: list[str]
    date: list[dt.date | None]
    value: list[float | None]
    confidence: list[float | None]
    comment: list[str | None]
    problems: dict[int, str]
    warnings: list[Problem]


def parse_checkins(columns: CheckinColumns, warnings: list[Problem] | None = None, file: str = "",
                   date_order: DateOrder = "day-first") -> ParsedCheckins:
    """Every row's date, value and confidence read, whichever key result it names; the date
    column read in one order, decided from all its values (`date_order` when they fit both)."""
    warnings = warnings if warnings is not None else []
    try:
        order, how = column_date_order(columns.date, date_order)
    except ValueProblem as exc:
        raise InputError(Problem(file, f"dates: {exc}", hint="write every date as YYYY-MM-DD, or in one "
                                                               "order throughout")) from None
    if how:
        warnings.append(Problem(file, f"check-in dates read {how}", warning=True))
    # Exports repeat the same dates and confidence values thousands of times: each distinct
    # text is parsed once.
    dates: dict[str, dt.date] = {}
    confidences: dict[str, float] = {}
    scale = confidence_scale(sorted(set(columns.confidence) - {""}))
    parsed = ParsedCheckins(columns.place, columns.numbers, columns.key_result_id, [], [], [],
                            [text or None for text in columns.comment], {}, warnings)
    for index, (date_text, value_text, confidence_text) in enumerate(zip(columns.date, columns.value,
                                                                         columns.confidence)):
        value = confidence = None
        try:
            date = dates.get(date_text)
            if date is None:
                date = dates[date_text] = parse_date(date_text, order)
        except ValueProblem as exc:  # a check-in needs its date
            parsed.problems[index] = f"date: {exc}"
            date = None
        if date is not None:
            # Value and confidence are optional: a bad one is left out, and said, and the
            # check-in still counts for the rhythm.
            try:
                value = parse_number(value_text) if value_text else None
            except ValueProblem as exc:
                warnings.append(Problem(file, f"value: {exc}; the cell is left out", warning=True,
                                        **located(columns.place, columns.numbers[index])))
            if confidence_text:
                try:
                    confidence = confidences.get(confidence_text)
                    if confidence is None:
                        confidence = confidences[confidence_text] = parse_confidence(confidence_text, scale)
                except ValueProblem as exc:
                    warnings.append(Problem(file, f"confidence: {exc}; the cell is left out", warning=True,
                                            **located(columns.place, columns.numbers[index])))
        parsed.date.append(date)
        parsed.value.append(value)
        parsed.confidence.append(confidence)
    return parsed


def read_checkins(path: Path, mapping: dict[str, str] | None = None,
                  date_order: DateOrder = "day-first", limits: Limits = DEFAULT_LIMITS) -> ParsedCheckins:
    """A check-ins CSV or Excel file, read and parsed."""
    columns, warnings = checkin_columns(path, mapping, limits)
    return parse_checkins(columns, warnings, str(path), date_order)
