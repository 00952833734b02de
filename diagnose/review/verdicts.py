"""Your own outcome-or-activity verdicts, which override the tool's (`--kinds FILE`).

The tool's judgement agrees with a coach on about four key results in five, so a consultant
who has checked the close calls needs a way to make the report right. The simplest file is the
report's own key_results.csv with its `kind` column corrected: any CSV or Excel file with a
`kind` column (outcome, activity or task) and a `text` or `id` column will do. Rows are matched
by the key result's text when the file has one (so a verdict follows the key result into the
next cycle's export), otherwise by id; rows with an empty kind are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.models import KeyResult
from diagnose.core.tables import read_records, unquoted
from diagnose.cycle.headers import normalise_header

KINDS = {"outcome": "outcome", "activity": "activity", "task": "activity"}
_COLUMNS = {"kind": "kind", "text": "text", "key_result": "text", "id": "id", "key_result_id": "id"}


def same_text(text: str) -> str:
    """Case and spacing do not make another key result."""
    return " ".join(text.lower().split())


@dataclass
class KindVerdicts:
    source: str
    by: Literal["text", "id"]
    kinds: dict[str, str] = field(default_factory=dict)  # same_text(text) or id -> outcome or activity

    def key(self, key_result: KeyResult) -> str:
        return same_text(key_result.text) if self.by == "text" else key_result.id

    def kind_for(self, key_result: KeyResult) -> str | None:
        return self.kinds.get(self.key(key_result))

    def unmatched(self, key_results: list[KeyResult]) -> int:
        """How many verdicts name no key result in the export: a typo, or another export's ids."""
        return len(self.kinds.keys() - set(map(self.key, key_results)))


def read_kind_verdicts(path: Path, limits: Limits = DEFAULT_LIMITS) -> KindVerdicts:
    file = str(path)
    records = read_records(Path(path), limits=limits)
    header = [_COLUMNS.get(normalise_header(cell)) for cell in records[0]] if records else []
    if "kind" not in header or not ({"text", "id"} & set(header)):
        seen = ", ".join(repr(cell) for cell in records[0] if cell) if records else "nothing"
        raise InputError(Problem(file, "needs a 'kind' column and a 'text' or 'id' column", row=1,
                                 hint=f"the header has {seen}; the report's key_results.csv has all three: "
                                      "correct its kind column and give it back"))
    kind_at = header.index("kind")
    key_name: Literal["text", "id"] = "text" if "text" in header else "id"
    key_at = header.index(key_name)
    chosen: dict[str, str] = {}
    first_row: dict[str, int] = {}
    problems = []
    for number, record in enumerate(records[1:], start=2):
        kind_text, key = _cell(record, kind_at), _cell(record, key_at)
        if not kind_text:
            continue
        kind = KINDS.get(kind_text.lower())
        if kind is None:
            problems.append(Problem(file, f"kind {kind_text!r} is not outcome or activity", row=number,
                                    hint="write outcome, activity (or task), or leave the cell empty"))
            continue
        if not key:
            problems.append(Problem(file, f"a kind without the key result's {key_name}", row=number,
                                    hint=f"fill in the {key_name} cell or delete the row"))
            continue
        key = same_text(unquoted(key)) if key_name == "text" else unquoted(key)
        if key in chosen and chosen[key] != kind:
            problems.append(Problem(file, f"this key result is also called {chosen[key]} in row {first_row[key]}",
                                    row=number, hint="keep one verdict per key result"))
            continue
        chosen[key] = kind
        first_row.setdefault(key, number)
    if problems:
        raise InputError(problems)
    return KindVerdicts(file, key_name, chosen)


def _cell(record: list[str], at: int) -> str:
    return record[at].strip() if at < len(record) else ""
