"""Import a last-cycle OKR export (canonical CSV, YAML or JSON) and its check-ins into a Cycle.

Every input shape is first turned into rows keyed by canonical field names, so one path
reads values, resolves ids and reports problems, each with its row (CSV) or line (YAML).
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.models import CheckIn, Cycle, KeyResult, Objective
from diagnose.core.tables import Row, located, read_text
from diagnose.core.values import (
    DateOrder,
    ValueProblem,
    column_date_order,
    confidence_scale,
    parse_confidence,
    parse_date,
    parse_fraction,
    parse_number,
    quarter_dates,
)
from diagnose.core.yamlload import parse_json, parse_yaml
from diagnose.cycle.checkins import CheckinColumns, ParsedCheckins, parse_checkins, read_checkins
from diagnose.cycle.headers import TableLayout, normalise_header, synonym_lookup, table_rows
from diagnose.cycle.okr_formats import (
    CHECKIN_FIELDS,
    KR_FIELDS,
    TYPED_FIELDS,
    fold_typed_rows,
    load_mapping,
    read_viva_zip,
)


def read_nested_rows(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Row], dict[str, str], set[str]]:
    """YAML or JSON with cycle / objectives / key_results / checkins, flattened into rows."""
    file = str(path)
    text = read_text(path, limits=limits)
    loaded = parse_json(text, file, limits) if path.suffix.lower() == ".json" else parse_yaml(text, file, limits)
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


# Keys of the nested YAML/JSON layout: the CSV headers' names and synonyms, and the layout's own
# short names (a key result's text or title, its id).
_NESTED_KEYS = synonym_lookup(KR_FIELDS, {"text": "key_result", "title": "key_result", "id": "key_result_id"})
_NESTED_CHECKIN_KEYS = synonym_lookup(tuple(f for f in CHECKIN_FIELDS if f != "key_result_id"), {})
_CHECKIN_HINT = "write each check-in as a mapping, e.g. {date: 2026-07-06, value: 12, confidence: 7}"


def _unknown_key(loaded, loc: tuple, key, known: dict[str, str]) -> Problem:
    close = difflib.get_close_matches(normalise_header(str(key)), sorted(set(known)), n=1, cutoff=0.75)
    return Problem(loaded.file, f"unknown key {str(key)!r}", line=loaded.line_of(loc + (key,)) or loaded.line_of(loc),
                   hint=f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(sorted(set(known.values()))))


def read_cycle(path: Path, checkins_path: Path | None = None, mapping_path: Path | None = None,
               date_order: DateOrder = "day-first", fiscal_year_start: int | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Cycle:
    """`date_order`: how to read a date column whose every value fits both orders (the
    profile's locale); a column with a value such as 07/15 or 15/07 decides for itself.
    `fiscal_year_start`: the month the profile's fiscal year starts, for cycles named `Q3 FY26`.
    `limits`: how big an input may be (settings.yaml)."""
    path = Path(path)
    mapping = load_mapping(mapping_path, limits) if mapping_path else None
    if mapping and mapping.date_order:
        date_order = mapping.date_order
    layout = TableLayout(mapping.sheet, mapping.header_row, tuple(mapping.ignore)) if mapping else None
    header: dict[str, str] = {}
    warnings: list[Problem] = []
    suffix = path.suffix.lower()
    if suffix == ".zip":
        rows, header, present = read_viva_zip(path, limits)
    elif suffix in (".yaml", ".yml", ".json"):
        rows, header, present = read_nested_rows(path, limits)
    elif suffix in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"):
        rows, present, warnings = table_rows(path, KR_FIELDS + TYPED_FIELDS, ("objective", "key_result"),
                                             mapping.columns if mapping else None, layout, limits)
        if mapping and mapping.values:
            _map_values(rows, mapping.values)
        if {"row_type", "title"} <= present:
            rows, present, problems = fold_typed_rows(rows, present, str(path), mapping)
            if problems:
                raise InputError(problems)
    else:
        raise InputError(Problem(str(path), f"unsupported file type {path.suffix or '(none)'!r}",
                                 hint="give a .csv, .xlsx, .yaml, .json or Viva Goals .zip export"))
    key_results = sum(not row.objective_only for row in rows)
    if not key_results:  # a verdict on no key results would read as a clean bill of health
        raise InputError(Problem(str(path), "holds no key results: nothing below its header", row=2,
                                 hint="export the cycle again with its key results, one a row"))
    if key_results > limits.key_results:  # refused before an object is made for each of them
        raise InputError(Problem(str(path), f"holds {key_results:,} key results; at most {limits.key_results:,} "
                                            "are read", hint="export one cycle of the organisation at a time; to "
                                 "read it anyway, raise limits.key_results in your own content's settings.yaml"))
    builder = _CycleBuilder(str(path), rows, date_order, limits.text_characters)
    cycle = builder.build(present, header)
    if any(row.checkins for row in rows):
        cycle.fields.add("checkins")
    if checkins_path is not None:
        parsed = read_checkins(Path(checkins_path), mapping.checkin_columns if mapping else None, date_order, limits)
        warnings += parsed.warnings
        builder.attach_checkins(cycle, parsed, str(checkins_path))
        cycle.fields.add("checkins")
    if builder.problems:
        raise InputError(builder.problems)
    cycle.warnings = [str(w) for w in warnings + builder.notes]
    said = _infer_dates(cycle, header, fiscal_year_start)
    if said:
        cycle.warnings.append(f"{cycle.source or path}: {said}")
    return cycle


class _CycleBuilder:
    def __init__(self, file: str, rows: list[Row], date_order: DateOrder = "day-first",
                 longest_text: int = DEFAULT_LIMITS.text_characters):
        self.file = file
        self.rows = rows
        self.date_order = date_order
        self.longest_text = longest_text
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.rejected: set[str] = set()  # ids of key results refused for a bad cell
        texts = [r.values["confidence"] for r in rows if "confidence" in r.values]
        scale = confidence_scale(texts)
        self.readers: dict[str, Callable[[str], Any]] = {
            "start_value": parse_number, "target_value": parse_number, "current_value": parse_number,
            "score": parse_fraction,
            "confidence": lambda text: parse_confidence(text, scale),
            "due_date": self._date_reader("due_date"), "last_updated": self._date_reader("last_updated"),
        }

    def _date_reader(self, name: str) -> Callable[[str], Any]:
        """A date column is read in one order, decided from all its values."""
        try:
            order, how = column_date_order((r.values[name] for r in self.rows if name in r.values), self.date_order)
        except ValueProblem as exc:
            self.problems.append(Problem(self.file, f"{name}: {exc}", hint="write every date as YYYY-MM-DD"))
            order, how = self.date_order, None
        if how:
            self.notes.append(Problem(self.file, f"{name.replace('_', ' ')} read {how}", warning=True))
        return lambda text: parse_date(text, order)

    def problem(self, row: Row, message: str, hint: str | None = None, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, message, hint=hint, **row.where))

    def _too_long(self, row: Row, column: str, text: str | None) -> bool:
        """A key result is a sentence: a cell of thousands of characters is another column mapped as
        this one, or a document pasted in, and is refused rather than judged and typeset."""
        if text is None or len(text) <= self.longest_text:
            return False
        self.problem(row, f"the {column.replace('_', ' ')} is {len(text):,} characters long; at most "
                          f"{self.longest_text:,} are read as one",
                     hint=f"check that the column read as {column} holds {column.replace('_', ' ')}s, not "
                          "descriptions or notes, and name the right one in a --mapping file; to read it "
                          "anyway, raise limits.text_characters in your own content's settings.yaml")
        return True

    def build(self, present: set[str], header: dict[str, str]) -> Cycle:
        objectives: dict[str, Objective] = {}
        ids_by_title: dict[str, str] = {}
        kr_ids: set[str] = set()
        nested: list[Row] = []
        for row in self.rows:
            values = row.values
            title, kr_text = values.get("objective"), values.get("key_result")
            if self._too_long(row, "objective", title) or self._too_long(row, "key_result", kr_text):
                continue
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
        by_title: dict[str, list[str]] = {}
        for objective in objectives.values():
            by_title.setdefault(" ".join(objective.title.casefold().split()), []).append(objective.id)
        for objective in objectives.values():
            titled = by_title.get(" ".join((objective.parent or "").casefold().split()), [])
            if objective.parent and objective.parent not in objectives and len(titled) == 1:
                objective.parent = titled[0]  # a parent named by its title, as many tools export it
            if objective.parent and objective.parent not in objectives:
                close = difflib.get_close_matches(objective.parent, list(objectives), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "add the parent objective's rows or clear the cell"
                self.problems.append(Problem(self.file, f"parent {objective.parent!r} of objective {objective.id!r} "
                                             "is not an objective in this export", hint=hint,
                                             **located("row" if self.rows and "row" in self.rows[0].where
                                                       else "line", objective.row)))
        fields = {f for f in present if f in KR_FIELDS}
        cycle_name = header.get("cycle") or next((r.values["cycle"] for r in self.rows if "cycle" in r.values), None)
        cycle = Cycle(name=cycle_name, objectives=list(objectives.values()), fields=fields, source=self.file)
        if nested:
            self.attach_checkins(cycle, parse_checkins(CheckinColumns.from_rows(nested), self.notes, self.file,
                                                       self.date_order), self.file)
        return cycle

    def _level(self, row: Row) -> str | None:
        level = row.values.get("level", "").lower() or None
        if level and level not in ("company", "department", "team", "individual"):
            self.notes.append(Problem(self.file, f"level {row.values['level']!r} is not one of company, department, "
                                                 "team, individual; the objective's level is left unknown",
                                      hint="map the tool's levels to these with --mapping", warning=True,
                                      **row.where))
            return None
        return level

    def _key_result(self, row: Row, kid: str, oid: str, text: str) -> KeyResult | None:
        values = row.values
        parsed: dict[str, Any] = {}
        for name, reader in self.readers.items():
            if name in values:
                try:
                    parsed[name] = reader(values[name])
                except ValueProblem as exc:
                    # Every one of these columns is optional: the key result is kept without the
                    # cell, and the cell is named, rather than the whole run refused.
                    self.notes.append(Problem(self.file, f"{name}: {exc}; the cell is left out", warning=True,
                                              **row.where))
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
                                             **located(checkins.place, checkins.numbers[index])))
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
                                         "use a key_result_id from the OKR export", **located(checkins.place, first)))


def _map_values(rows: list[Row], values: dict[str, dict[str, str]]) -> None:
    """A --mapping file's `values`: each field's values as the tool writes them, to ours."""
    folded = {name: {" ".join(k.casefold().split()): v for k, v in table.items()} for name, table in values.items()}
    for row in rows:
        for name, table in folded.items():
            if name in row.values:
                row.values[name] = table.get(" ".join(row.values[name].casefold().split()), row.values[name])


def _infer_dates(cycle: Cycle, header: dict[str, str], fiscal_year_start: int | None = None) -> str | None:
    """The cycle's first and last day: given, or from its name, or from the span of its
    check-ins and due dates; what was done, when the name did not say."""
    for name in ("start", "end"):
        if header.get(name):
            try:
                setattr(cycle, name, parse_date(header[name]))
            except ValueProblem as exc:
                raise InputError(Problem(cycle.source, f"{name}: {exc}")) from None
    if cycle.start and cycle.end:
        return None
    quarter = quarter_dates(cycle.name or "", fiscal_year_start)
    if quarter:
        cycle.start, cycle.end = cycle.start or quarter[0], cycle.end or quarter[1]
        return None
    named = f"the cycle name {cycle.name!r} gives no dates" if cycle.name else "no cycle name or dates"
    if cycle.name and re.search(r"\bFY", cycle.name, re.IGNORECASE) and fiscal_year_start is None:
        named += " (set fiscal_year_start in the profile: the month its fiscal year starts)"
    dates = [c.date for kr in cycle.key_results() for c in kr.checkins]
    dates += [kr.due_date for kr in cycle.key_results() if kr.due_date]
    if dates:
        cycle.start, cycle.end = cycle.start or min(dates), cycle.end or max(dates)
        return f"{named}: the cycle is taken to run from {cycle.start} to {cycle.end}, the span of its check-ins " \
               "and due dates"
    if cycle.name:
        return f"{named}, and no check-in or due date shows them: what needs the cycle's dates is not judged"
    return None


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()

