"""Import a last-cycle OKR export (canonical CSV, YAML or JSON) and its check-ins into a Cycle.

Every input shape is first turned into rows keyed by canonical field names, so one path
reads values, resolves ids and reports problems, each with its row (CSV) or line (YAML).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import operator
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from diagnose import parallel
from diagnose.errors import InputError, Problem
from diagnose.models import CheckIn, Cycle, KeyResult, Objective
from diagnose.values import (ValueProblem, confidence_scale, parse_confidence, parse_date,
                             parse_fraction, parse_number, quarter_dates)
from diagnose.okr_formats import (CHECKIN_FIELDS, KR_FIELDS, TYPED_FIELDS, Mapping, fold_typed_rows, load_mapping,
                                  read_viva_zip)
from diagnose.tables import Row, read_records, read_text
from diagnose.yamlload import parse_yaml

# From about 20,000 check-ins (26 bytes each in a typical export) reading them in a forked
# child pays for the fork and for bringing the parsed values back.
PARALLEL_CHECKIN_BYTES = 512 * 1024

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


def map_headers(headers: list[str], wanted: tuple[str, ...], file: str,
                mapping: dict[str, str] | None = None) -> tuple[dict[int, str], list[Problem]]:
    """Column index to canonical field; unknown columns come back as warnings.

    `mapping` (from a --mapping file) names the column for a field and wins over synonyms.
    """
    lookup = {normalise_header(column): field for field, column in (mapping or {}).items()}
    for name in wanted:
        lookup.setdefault(name, name)
    for canonical, spellings in SYNONYMS.items():
        if canonical in wanted:
            for spelling in spellings:
                lookup.setdefault(normalise_header(spelling), canonical)
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


def _table(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
           mapping: dict[str, str] | None) -> tuple[list[list[str]], dict[int, str], list[Problem]]:
    """The records of a CSV or Excel export and which column holds which canonical field."""
    file = str(path)
    records = read_records(path)
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
    return records, columns, warnings


def table_rows(path: Path, wanted: tuple[str, ...], required: tuple[str, ...],
               mapping: dict[str, str] | None = None) -> tuple[list[Row], set[str], list[Problem]]:
    """Rows of a CSV or Excel export in canonical fields, and which fields the export has."""
    records, columns, warnings = _table(path, wanted, required, mapping)
    rows = []
    pairs = list(columns.items())
    for number, record in enumerate(records[1:], start=2):
        width = len(record)
        values = {name: value for index, name in pairs if index < width and (value := record[index].strip())}
        if values:
            rows.append(Row(values, {"row": number}))
    return rows, set(columns.values()), warnings


@dataclass
class CheckinColumns:
    """Check-ins column by column: a 100,000-row export is read without an object per row."""

    place: str  # "row" (tables) or "line" (YAML, JSON)
    numbers: list[int]
    key_result_id: list[str]
    date: list[str]
    value: list[str]
    confidence: list[str]
    comment: list[str]

    @classmethod
    def from_rows(cls, rows: list[Row]) -> CheckinColumns:
        place = "line" if rows and "line" in rows[0].where else "row"
        return cls(place, [row.where.get(place, 0) for row in rows],
                   *([row.values.get(name, "") for row in rows] for name in CHECKIN_FIELDS))


def checkin_columns(path: Path, mapping: dict[str, str] | None = None) -> tuple[CheckinColumns, list[Problem]]:
    """A check-ins CSV or Excel file as columns; rows with every field blank are left out."""
    records, columns, warnings = _table(path, CHECKIN_FIELDS, ("key_result_id", "date"), mapping)
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
    # which then travel from a forked reader a third the size, and match key results faster.
    ids = CHECKIN_FIELDS.index("key_result_id")
    cells[ids] = list(map(sys.intern, cells[ids]))
    numbers = list(range(2, len(body) + 2))
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

    place: str
    numbers: list[int]
    key_result_id: list[str]
    date: list[dt.date | None]
    value: list[float | None]
    confidence: list[float | None]
    comment: list[str | None]
    problems: dict[int, str]
    warnings: list[Problem]


def parse_checkins(columns: CheckinColumns, warnings: list[Problem] | None = None) -> ParsedCheckins:
    """Every row's date, value and confidence read, whichever key result it names."""
    # Exports repeat the same dates and confidence values thousands of times: each distinct
    # text is parsed once.
    dates: dict[str, dt.date] = {}
    confidences: dict[str, float] = {}
    scale = confidence_scale(sorted(set(columns.confidence) - {""}))
    parsed = ParsedCheckins(columns.place, columns.numbers, columns.key_result_id, [], [], [],
                            [text or None for text in columns.comment], {}, warnings or [])
    for index, (date_text, value_text, confidence_text) in enumerate(zip(columns.date, columns.value,
                                                                         columns.confidence)):
        field = "date"
        try:
            date = dates.get(date_text)
            if date is None:
                date = dates[date_text] = parse_date(date_text)
            field = "value"
            value = parse_number(value_text) if value_text else None
            field = "confidence"
            confidence = None
            if confidence_text:
                confidence = confidences.get(confidence_text)
                if confidence is None:
                    confidence = confidences[confidence_text] = parse_confidence(confidence_text, scale)
        except ValueProblem as exc:
            parsed.problems[index] = f"{field}: {exc}"
            date = value = confidence = None
        parsed.date.append(date)
        parsed.value.append(value)
        parsed.confidence.append(confidence)
    return parsed


def read_checkins(path: Path, mapping: dict[str, str] | None = None) -> ParsedCheckins:
    """A check-ins CSV or Excel file, read and parsed (on the second core for a large file)."""
    columns, warnings = checkin_columns(path, mapping)
    return parse_checkins(columns, warnings)


def read_nested_rows(path: Path) -> tuple[list[Row], dict[str, str], set[str]]:
    """YAML or JSON with cycle / objectives / key_results / checkins, flattened into rows."""
    file = str(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(Problem(file, f"not valid JSON: {exc.msg}", line=exc.lineno)) from None
    loaded = parse_yaml(text, file)  # JSON is YAML, and this keeps line numbers for both
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        raise InputError(Problem(file, "expected a mapping with an 'objectives' list", line=1,
                                 hint="see the README's 'Last-cycle input' for the nested layout"))
    header = {key: _cell(data[key]) for key in ("cycle", "start", "end") if data.get(key) is not None}
    rows: list[Row] = []
    present: set[str] = set()
    problems: list[Problem] = []
    for o_index, objective in enumerate(data["objectives"]):
        o_line = loaded.line_of(("objectives", o_index)) or 1
        if not isinstance(objective, dict):
            raise InputError(Problem(file, "each objective must be a mapping", line=o_line))
        o_values = {"objective": objective.get("title") or objective.get("objective"),
                    "objective_id": objective.get("id"), "team": objective.get("team"),
                    "level": objective.get("level"), "parent": objective.get("parent"),
                    "cycle": data.get("cycle")}
        krs = objective.get("key_results") or []
        if not isinstance(krs, list) or not krs:
            raise InputError(Problem(file, "an objective needs a 'key_results' list", line=o_line,
                                     path=loaded.path_text(("objectives", o_index))))
        for k_index, kr in enumerate(krs):
            loc = ("objectives", o_index, "key_results", k_index)
            if not isinstance(kr, dict):
                raise InputError(Problem(file, "each key result must be a mapping", line=loaded.line_of(loc)))
            values = dict(o_values)
            for key, value in kr.items():
                if key == "checkins":
                    continue
                name = _NESTED_KEYS.get(normalise_header(str(key)))
                if name is None:
                    problems.append(_unknown_key(loaded, loc, key, _NESTED_KEYS))
                else:
                    values[name] = value
            row = Row({k: _cell(v) for k, v in values.items() if v is not None and _cell(v) != ""},
                      {"line": loaded.line_of(loc) or o_line})
            checkins = kr.get("checkins") or []
            if not isinstance(checkins, list):
                problems.append(Problem(file, "'checkins' must be a list of check-ins",
                                        line=loaded.line_of(loc + ("checkins",)), hint=_CHECKIN_HINT))
                checkins = []
            for c_index, checkin in enumerate(checkins):
                c_loc = loc + ("checkins", c_index)
                if not isinstance(checkin, dict):
                    problems.append(Problem(file, "each check-in must be a mapping", line=loaded.line_of(c_loc),
                                            hint=_CHECKIN_HINT))
                    continue
                c_values = {}
                for key, value in checkin.items():
                    name = _NESTED_CHECKIN_KEYS.get(normalise_header(str(key)))
                    if name is None:
                        problems.append(_unknown_key(loaded, c_loc, key, _NESTED_CHECKIN_KEYS))
                    elif value is not None:
                        c_values[name] = _cell(value)
                # Whose check-in this is, the key result it sits under says: build() fills in its id.
                row.checkins.append(Row(c_values, {"line": loaded.line_of(c_loc) or 1}))
            present.update(row.values)
            rows.append(row)
    if problems:
        raise InputError(problems)
    return rows, header, present


def _synonym_lookup(fields: tuple[str, ...], extra: dict[str, str]) -> dict[str, str]:
    lookup = {name: name for name in fields} | extra
    for canonical, spellings in SYNONYMS.items():
        if canonical in fields:
            for spelling in spellings:
                lookup.setdefault(normalise_header(spelling), canonical)
    return lookup


# Keys of the nested YAML/JSON layout: the CSV headers' names and synonyms, and the layout's own
# short names (a key result's text or title, its id).
_NESTED_KEYS = _synonym_lookup(KR_FIELDS, {"text": "key_result", "title": "key_result", "id": "key_result_id"})
_NESTED_CHECKIN_KEYS = _synonym_lookup(tuple(f for f in CHECKIN_FIELDS if f != "key_result_id"), {})
_CHECKIN_HINT = "write each check-in as a mapping, e.g. {date: 2026-07-06, value: 12, confidence: 7}"


def _unknown_key(loaded, loc: tuple, key, known: dict[str, str]) -> Problem:
    close = difflib.get_close_matches(normalise_header(str(key)), sorted(set(known)), n=1, cutoff=0.75)
    return Problem(loaded.file, f"unknown key {str(key)!r}", line=loaded.line_of(loc + (key,)) or loaded.line_of(loc),
                   hint=f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(sorted(set(known.values()))))


def read_cycle(path: Path, checkins_path: Path | None = None, mapping_path: Path | None = None) -> Cycle:
    mapping = load_mapping(mapping_path) if mapping_path else None
    checkin_mapping = mapping.checkin_columns if mapping else None
    # A large check-ins file is read on the second core while the export is read here: reading
    # 100,000 check-ins takes longer than reading 10,000 key results.
    large = checkins_path is not None and _size(checkins_path) >= PARALLEL_CHECKIN_BYTES
    with parallel.Background(lambda: read_checkins(Path(checkins_path), checkin_mapping), fork=large) as checkins:
        return _read_cycle(Path(path), checkins if checkins_path is not None else None, checkins_path, mapping)


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # reported when the file is read
        return 0


def _read_cycle(path: Path, checkins: parallel.Background | None, checkins_path: Path | None,
                mapping: Mapping | None) -> Cycle:
    header: dict[str, str] = {}
    warnings: list[Problem] = []
    suffix = path.suffix.lower()
    if suffix == ".zip":
        rows, header, present = read_viva_zip(path)
    elif suffix in (".yaml", ".yml", ".json"):
        rows, header, present = read_nested_rows(path)
    elif suffix in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"):
        rows, present, warnings = table_rows(path, KR_FIELDS + TYPED_FIELDS, ("objective", "key_result"),
                                             mapping.columns if mapping else None)
        if {"row_type", "title"} <= present:
            rows, present, problems = fold_typed_rows(rows, present, str(path), mapping)
            if problems:
                raise InputError(problems)
    else:
        raise InputError(Problem(str(path), f"unsupported file type {path.suffix or '(none)'!r}",
                                 hint="give a .csv, .xlsx, .yaml, .json or Viva Goals .zip export"))
    builder = _CycleBuilder(str(path), rows)
    cycle = builder.build(present, header)
    if any(row.checkins for row in rows):
        cycle.fields.add("checkins")
    if checkins is not None:
        parsed = checkins.result()
        warnings += parsed.warnings
        builder.attach_checkins(cycle, parsed, str(checkins_path))
        cycle.fields.add("checkins")
    if builder.problems:
        raise InputError(builder.problems)
    cycle.warnings = [str(w) for w in warnings]
    _infer_dates(cycle, header)
    return cycle


class _CycleBuilder:
    def __init__(self, file: str, rows: list[Row]):
        self.file = file
        self.rows = rows
        self.problems: list[Problem] = []
        self.rejected: set[str] = set()  # ids of key results refused for a bad cell
        texts = [r.values["confidence"] for r in rows if "confidence" in r.values]
        scale = confidence_scale(texts)
        self.readers: dict[str, Callable[[str], Any]] = {
            "start_value": parse_number, "target_value": parse_number, "current_value": parse_number,
            "score": parse_fraction,
            "confidence": lambda text: parse_confidence(text, scale),
            "due_date": parse_date, "last_updated": parse_date,
        }

    def problem(self, row: Row, message: str, hint: str | None = None, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, message, hint=hint, **row.where))

    def build(self, present: set[str], header: dict[str, str]) -> Cycle:
        objectives: dict[str, Objective] = {}
        ids_by_title: dict[str, str] = {}
        kr_ids: set[str] = set()
        nested: list[Row] = []
        for row in self.rows:
            values = row.values
            title, kr_text = values.get("objective"), values.get("key_result")
            if row.objective_only and title:
                oid = values.get("objective_id") or ids_by_title.setdefault(title, f"O{len(ids_by_title) + 1}")
                objectives.setdefault(oid, Objective(id=oid, title=title, team=values.get("team"),
                                                     level=self._level(row), parent=values.get("parent"),
                                                     row=row.where.get("row") or row.where.get("line")))
                continue
            if not title or not kr_text:
                self.problem(row, "needs both an objective and a key result",
                             hint="fill in the empty cell or delete the row")
                continue
            oid = values.get("objective_id") or ids_by_title.setdefault(title, f"O{len(ids_by_title) + 1}")
            objective = objectives.get(oid)
            if objective is None:
                objective = objectives[oid] = Objective(
                    id=oid, title=title, team=values.get("team"), level=self._level(row),
                    parent=values.get("parent"), row=row.where.get("row") or row.where.get("line"))
            kid = values.get("key_result_id") or f"{oid}.{len(objective.key_results) + 1}"
            if kid in kr_ids:
                self.problem(row, f"key result id {kid!r} is used twice", hint="give each key result its own id")
                continue
            kr_ids.add(kid)
            kr = self._key_result(row, kid, oid, kr_text)
            if kr is None:
                self.rejected.add(kid)  # its own problem is reported; its check-ins would only echo it
                continue
            objective.key_results.append(kr)
            for checkin in row.checkins:
                checkin.values["key_result_id"] = kid
                nested.append(checkin)
        for objective in objectives.values():
            if objective.parent and objective.parent not in objectives:
                close = difflib.get_close_matches(objective.parent, list(objectives), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "add the parent objective's rows or clear the cell"
                self.problems.append(Problem(self.file, f"parent {objective.parent!r} of objective {objective.id!r} "
                                             "is not an objective in this export", hint=hint,
                                             **({"row": objective.row} if self.rows and "row" in self.rows[0].where
                                                else {"line": objective.row})))
        fields = {f for f in present if f in KR_FIELDS}
        cycle_name = header.get("cycle") or next((r.values["cycle"] for r in self.rows if "cycle" in r.values), None)
        cycle = Cycle(name=cycle_name, objectives=list(objectives.values()), fields=fields, source=self.file)
        if nested:
            self.attach_checkins(cycle, parse_checkins(CheckinColumns.from_rows(nested)), self.file)
        return cycle

    def _level(self, row: Row) -> str | None:
        level = row.values.get("level", "").lower() or None
        if level and level not in ("company", "department", "team", "individual"):
            self.problem(row, f"level {row.values['level']!r} is not one of company, department, team, individual")
            return None
        return level

    def _key_result(self, row: Row, kid: str, oid: str, text: str) -> KeyResult | None:
        values = row.values
        parsed: dict[str, Any] = {}
        ok = True
        for name, reader in self.readers.items():
            if name in values:
                try:
                    parsed[name] = reader(values[name])
                except ValueProblem as exc:
                    self.problem(row, f"{name}: {exc}")
                    ok = False
        if not ok:
            return None
        return KeyResult(id=kid, objective_id=oid, text=text, owner=values.get("owner"),
                         unit=values.get("unit"), status=values.get("status"),
                         row=row.where.get("row") or row.where.get("line"), **parsed)

    def attach_checkins(self, cycle: Cycle, checkins: ParsedCheckins, file: str) -> None:
        by_id = {kr.id: kr for kr in cycle.key_results()}
        unknown_ids: dict[str, list[int]] = {}  # id: the place of its first check-in, and how many
        # A check-in keeps its row number; one from a YAML or JSON file (numbered by line) none.
        rows = checkins.numbers if checkins.place == "row" else [None] * len(checkins.numbers)
        for index, (kid, date, value, confidence, comment, row) in enumerate(zip(
                checkins.key_result_id, checkins.date, checkins.value, checkins.confidence, checkins.comment,
                rows)):
            kr = by_id.get(kid)
            if kr is None:
                if kid not in self.rejected:
                    unknown_ids.setdefault(kid, [checkins.numbers[index], 0])[1] += 1
                continue
            if date is None:
                self.problems.append(Problem(file, checkins.problems[index],
                                             **{checkins.place: checkins.numbers[index]}))
                continue
            kr.checkins.append(CheckIn(kid, date, value, confidence, comment, row))
        by_date = operator.attrgetter("date")
        for kr in by_id.values():
            kr.checkins.sort(key=by_date)
        # One problem per unknown id, however many check-ins it has: a file from another export
        # would otherwise give a line per row.
        for kid, (first, count) in unknown_ids.items():
            close = difflib.get_close_matches(kid, list(by_id), n=1)
            more = f" (and {count - 1} more check-in{'s' if count > 2 else ''} for it)" if count > 1 else ""
            self.problems.append(Problem(file, f"check-in for unknown key result {kid!r}{more}",
                                         hint=f"did you mean {close[0]!r}?" if close else
                                         "use a key_result_id from the OKR export", **{checkins.place: first}))


def _infer_dates(cycle: Cycle, header: dict[str, str]) -> None:
    for name in ("start", "end"):
        if header.get(name):
            try:
                setattr(cycle, name, parse_date(header[name]))
            except ValueProblem as exc:
                raise InputError(Problem(cycle.source, f"{name}: {exc}")) from None
    if cycle.start and cycle.end:
        return
    quarter = quarter_dates(cycle.name or "")
    if quarter:
        cycle.start, cycle.end = cycle.start or quarter[0], cycle.end or quarter[1]
        return
    dates = [c.date for kr in cycle.key_results() for c in kr.checkins]
    dates += [kr.due_date for kr in cycle.key_results() if kr.due_date]
    if dates:
        cycle.start, cycle.end = cycle.start or min(dates), cycle.end or max(dates)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()

