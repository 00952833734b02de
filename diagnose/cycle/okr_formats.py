"""OKR exports that are not one-key-result-per-row: typed rows (Betterworks, Lattice and many
spreadsheets), Microsoft Viva Goals' admin export (a ZIP of JSON files), and --mapping files."""

from __future__ import annotations

import difflib
import json
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from diagnose.core.errors import InputError, Problem, refuse_if_huge
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.spec import Strict
from diagnose.core.tables import Row
from diagnose.core.yamlload import read_yaml, validate

KR_FIELDS = ("objective", "key_result", "objective_id", "key_result_id", "team", "level", "parent",
             "owner", "cycle", "start_value", "target_value", "current_value", "unit", "score",
             "confidence", "status", "due_date", "last_updated")
CHECKIN_FIELDS = ("key_result_id", "date", "value", "confidence", "comment")
# Exports that list objectives and key results as rows of one table, told apart by a type column
# (Betterworks, Lattice, many spreadsheets), use these instead of objective/key_result columns.
TYPED_FIELDS = ("row_type", "title", "item_id")

OBJECTIVE_TYPES = {"objective", "goal", "big rock", "bigrock", "big_rock", "o", "obj"}
KEY_RESULT_TYPES = {"key result", "key_result", "keyresult", "kr", "milestone", "kpi", "metric", "project",
                    "result", "initiative"}


def _one_of(fields: tuple[str, ...]) -> AfterValidator:
    """A --mapping key must name a field; checked key by key, so an error points at its line."""
    def check(name: str) -> str:
        if name not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            raise ValueError("no such field" + (f"; did you mean {close[0]!r}?" if close else
                                                "; the fields are " + ", ".join(fields)))
        return name

    return AfterValidator(check)


KeyResultField = Annotated[str, _one_of(KR_FIELDS + TYPED_FIELDS)]
CheckinField = Annotated[str, _one_of(CHECKIN_FIELDS)]


class Mapping(Strict):
    """A --mapping file: which column of this export holds which field, and how to read it."""

    columns: dict[KeyResultField, str] = Field(default_factory=dict)
    checkin_columns: dict[CheckinField, str] = Field(default_factory=dict)
    objective_types: list[str] = Field(default_factory=list)
    key_result_types: list[str] = Field(default_factory=list)
    # A field's values as the tool writes them, to the values the tool reads:
    # {level: {Portfolio: company, Program: department}}. Matched ignoring case.
    values: dict[KeyResultField, dict[str, str]] = Field(default_factory=dict)
    # Columns to leave out without a warning (notes, colours, links).
    ignore: list[str] = Field(default_factory=list)
    # The workbook sheet to read, and the row the header is on, when they cannot be found.
    sheet: str | None = None
    header_row: int | None = Field(None, ge=1, le=1000)
    # How to read a date column whose every value fits both orders.
    date_order: Literal["day-first", "month-first"] | None = None


def load_mapping(path: Path, limits: Limits = DEFAULT_LIMITS) -> Mapping:
    return validate(read_yaml(path, limits), Mapping)


def _type_key(value: str) -> str:
    return " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())


def _kind(value: str, mapping: Mapping | None) -> str | None:
    # The file's types and the mapping's are folded alike, so any spelling of a listed type works.
    key = _type_key(value)
    objective = {_type_key(t) for t in OBJECTIVE_TYPES | set(mapping.objective_types if mapping else [])}
    key_result = {_type_key(t) for t in KEY_RESULT_TYPES | set(mapping.key_result_types if mapping else [])}
    if key in objective:
        return "objective"
    if key in key_result:
        return "key_result"
    return None


def fold_typed_rows(rows: list[Row], present: set[str], file: str,
                    mapping: Mapping | None = None) -> tuple[list[Row], set[str], list[Problem]]:
    """Objective rows and key-result rows of one table become key-result rows with their objective.

    A key result belongs to the objective its parent column names, else to the objective row
    above it, as in Betterworks' upload template where milestones follow their goal.
    """
    problems: list[Problem] = []
    objectives: dict[str, Row] = {}
    current: Row | None = None
    folded: list[Row] = []
    for row in rows:
        kind = _kind(row.values.get("row_type", ""), mapping)
        if kind is None:
            problems.append(Problem(file, f"type {row.values.get('row_type', '')!r} is neither an objective nor a "
                                    "key result", hint="use objective/goal or key result/milestone, or list the "
                                    "type under objective_types or key_result_types in a --mapping file", **row.where))
            continue
        title = row.values.get("title", "")
        ident = row.values.get("item_id") or f"row{row.where.get('row', len(objectives) + 1)}"
        if kind == "objective":
            current = Row({**row.values, "objective": title, "objective_id": ident}, row.where)
            objectives[ident] = current
            continue
        parent = row.values.get("parent")
        owner_objective = objectives.get(parent) if parent else current
        if owner_objective is None:
            problems.append(Problem(file, f"key result {title!r} belongs to no objective",
                                    hint="put it below its objective's row or name the objective in a parent column",
                                    **row.where))
            continue
        values = {k: v for k, v in row.values.items() if k not in ("row_type", "title", "item_id", "parent")}
        objective_values = owner_objective.values
        for name in ("objective", "objective_id", "team", "level", "cycle"):
            if objective_values.get(name) and name not in values:
                values[name] = objective_values[name]
        if objective_values.get("parent"):
            values["parent"] = objective_values["parent"]
        values["key_result"] = title
        values["key_result_id"] = row.values.get("item_id") or ""
        folded.append(Row({k: v for k, v in values.items() if v}, row.where))
    with_krs = {r.values.get("objective_id") for r in folded}
    for ident, row in objectives.items():
        if ident not in with_krs:
            values = {k: v for k, v in row.values.items() if k not in ("row_type", "title", "item_id")}
            folded.append(Row(values, row.where, objective_only=True))
    fields = (present - {"row_type", "title", "item_id"}) | {"objective", "key_result", "objective_id", "key_result_id"}
    return folded, fields, problems


# ------------------------------------------------------------------ Microsoft Viva Goals

def _first(item: dict, *names: str):
    lowered = {k.lower().replace(" ", "").replace("_", ""): v for k, v in item.items()}
    for name in names:
        value = lowered.get(name.lower().replace(" ", "").replace("_", ""))
        if value not in (None, "", []):
            return value
    return None


def _json_items(data) -> list[dict]:
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return [item for item in value if isinstance(item, dict)]
    return []


def read_viva_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Row], dict[str, str], set[str]]:
    """Viva Goals' admin export: JSON files of objectives (key results are objectives whose parent
    is an objective), check-ins and time periods, in one ZIP. What its JSON would unpack to is
    checked against `limits` before anything is unpacked."""
    file = str(path)
    refuse_if_huge(path, limits.file_bytes)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(Problem(file, "file not found", hint="check the path")) from None
    except zipfile.BadZipFile:
        raise InputError(Problem(file, "not a ZIP file", hint="give the ZIP exactly as Viva Goals exported it")) from None
    okrs: list[dict] = []
    checkins: list[dict] = []
    with archive:
        members = [info for info in archive.infolist() if info.filename.lower().endswith(".json")]
        unpacked = sum(info.file_size for info in members)
        for info in members:
            # Sizes come from the ZIP's own directory, before anything is unpacked.
            ratio = info.file_size / max(info.compress_size, 1)
            if (info.file_size > limits.zip_member_bytes or unpacked > limits.zip_total_bytes
                    or ratio > limits.zip_ratio):
                raise InputError(Problem(f"{file}:{info.filename}", f"unpacks to {info.file_size:,} bytes "
                                         f"({ratio:,.0f} times its packed size; {unpacked:,} for all its JSON)",
                                         hint=f"a Viva Goals export stays under {limits.zip_member_bytes:,} bytes "
                                              f"a file and {limits.zip_ratio} times its packed size; give the "
                                              "export unchanged"))
            if info.flag_bits & 0x1:
                raise InputError(Problem(f"{file}:{info.filename}", "is encrypted",
                                         hint="export it again from Viva Goals without a password"))
        for name in (info.filename for info in members):
            try:
                data = json.loads(archive.read(name).decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(Problem(f"{file}:{name}", f"not valid JSON ({exc})")) from None
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
                # A bad CRC, Deflate64 or another method zipfile cannot unpack, a cut-off archive.
                raise InputError(Problem(f"{file}:{name}", f"cannot be unpacked ({exc})",
                                         hint="export the ZIP again, or unpack it and zip it with a common tool")) \
                    from None
            except RecursionError:
                raise InputError(Problem(f"{file}:{name}", "is nested too deep to be an OKR export")) from None
            items = _json_items(data)
            if items and _first(items[0], "CheckIn Date", "CheckInDate") is not None:
                checkins.extend(items)
            elif items and _first(items[0], "Title") is not None and _first(items[0], "ID", "Id") is not None:
                okrs.extend(items)
    if not okrs:
        raise InputError(Problem(file, "no objectives found: expected a JSON file of items with ID and Title",
                                 hint="give the Viva Goals admin export ZIP unchanged"))
    by_id = {str(_first(item, "ID", "Id")): item for item in okrs}

    def parents(item: dict) -> list[str]:
        raw = _first(item, "Parent IDs", "ParentIds", "Parent ID", "Parent")
        if raw is None:
            return []
        values = raw if isinstance(raw, list) else str(raw).replace(";", ",").split(",")
        return [str(v).strip() for v in values if str(v).strip()]

    named_as_parent = {p for item in okrs for p in parents(item)}

    def is_key_result(item: dict) -> bool:
        kind = _kind(str(_first(item, "Type", "OKR Type") or ""), None)
        has_parent = any(p in by_id for p in parents(item))
        if kind == "objective" or not has_parent:
            return False
        # Untyped items: a leaf under an objective is a key result.
        return kind == "key_result" or str(_first(item, "ID", "Id")) not in named_as_parent

    rows: list[Row] = []
    present = {"objective", "key_result", "objective_id", "key_result_id", "parent", "owner", "team", "score", "status"}
    checkins_by_okr: dict[str, list[dict]] = {}
    for checkin in checkins:
        checkins_by_okr.setdefault(str(_first(checkin, "OKR ID", "OkrId")), []).append(checkin)
    for number, item in enumerate(okrs, start=1):
        if not is_key_result(item):
            continue
        ident = str(_first(item, "ID", "Id"))
        objective = by_id[next(p for p in parents(item) if p in by_id)]
        objective_parents = [p for p in parents(objective) if p in by_id]
        outcome = _first(item, "Outcome") or {}
        values = {
            "objective": str(_first(objective, "Title")), "objective_id": str(_first(objective, "ID", "Id")),
            "key_result": str(_first(item, "Title")), "key_result_id": ident,
            "parent": objective_parents[0] if objective_parents else "",
            "owner": _name(_first(item, "Owner")), "team": _name(_first(objective, "Teams", "Team")),
            "status": str(_first(item, "Status") or ""), "score": _text(_first(item, "Score")),
            "start_value": _text(_first(outcome, "Start", "Start Value") if isinstance(outcome, dict) else None),
            "target_value": _text(_first(outcome, "Target", "Target Value") if isinstance(outcome, dict) else None),
            "current_value": _text(_first(item, "Current Value", "Current") or
                                   (_first(outcome, "Current") if isinstance(outcome, dict) else None)),
            "cycle": _name(_first(item, "Time Period", "TimePeriod")),
        }
        row = Row({k: v for k, v in values.items() if v}, {"row": number})
        for checkin in checkins_by_okr.get(ident, []):
            row.checkins.append(Row({k: v for k, v in {
                "key_result_id": ident, "date": _text(_first(checkin, "CheckIn Date", "CheckInDate")),
                "value": _text(_first(checkin, "Current Value", "Value")),
                "confidence": _text(_first(checkin, "Status")),
                "comment": _text(_first(checkin, "Check In Note", "Note"))}.items() if v}, {"row": number}))
        rows.append(row)
    if not rows:
        raise InputError(Problem(file, "no key results found: no item has an objective as its parent",
                                 hint="check that the export includes key results, not objectives alone"))
    for name in ("start_value", "target_value", "current_value", "cycle"):
        if any(name in r.values for r in rows):
            present.add(name)
    return rows, {}, present


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _name(value) -> str:
    """Owner or team as exported: a string, a {Name: ...} object or a list of them."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value)))
    if isinstance(value, dict):
        return _text(_first(value, "Name", "DisplayName", "Email", "Title"))
    return _text(value)
