"""Read the loosely written values of real exports (numbers, percentages, dates, confidence), and
write a change as a signed number."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Literal

_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_CONFIDENCE_WORDS = {
    # Bands at 0.7 and 0.4 (DOMAIN.md): each word sits in the middle of its band.
    "green": 0.85, "on track": 0.85, "on_track": 0.85, "ontrack": 0.85, "done": 1.0, "achieved": 1.0,
    "yellow": 0.55, "amber": 0.55, "at risk": 0.55, "at_risk": 0.55, "atrisk": 0.55,
    "red": 0.2, "off track": 0.2, "off_track": 0.2, "offtrack": 0.2, "behind": 0.2,
    "high": 0.85, "medium": 0.55, "moderate": 0.55, "low": 0.2,
}
# "7/10", "3 out of 5": a confidence on its own scale.
_OUT_OF = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/|out of|of)\s*(\d+(?:[.,]\d+)?)\s*$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


class ValueProblem(ValueError):
    """A cell that cannot be read; the message says what would be accepted."""


def parse_number(text: str) -> float:
    try:
        value = float(text)  # the common case, at a fraction of the cost of cleaning
    except ValueError:
        pass
    else:
        if math.isfinite(value):
            return value
        raise ValueProblem(f"{text!r} is not a number")
    cleaned = text.strip().replace("£", "").replace("$", "").replace("€", "").rstrip("%").strip()
    cleaned = _without_commas(cleaned)
    if not _NUMBER.match(cleaned):
        raise ValueProblem(f"{text!r} is not a number")
    return float(cleaned)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _without_commas(text: str) -> str:
    """`1,500` and `1,234.5` as thousands; `0,7`, `12,50` and `1.234,5` as a decimal comma."""
    if "," not in text or _THOUSANDS.match(text):
        return text.replace(",", "")
    if text.count(",") == 1 and text.rfind(".") < text.find(","):
        return text.replace(".", "").replace(",", ".")
    return text  # "1,2,3": not a number, and said so


SCORE_LIMIT = 1.5  # scores above 1 exist (overachievement); above this they are percentages


def parse_fraction(text: str) -> float:
    """A score or share as 0-1, from `0.7`, `70` or `70%`."""
    value = parse_number(text)
    if text.strip().endswith("%") or value > SCORE_LIMIT:
        value /= 100
    if not 0 <= value <= SCORE_LIMIT:
        raise ValueProblem(f"{text!r} is outside 0-1 and 0-100%")
    return round(value, 4)


def confidence_scale(texts: list[str]) -> float:
    """The divisor that brings a column of numeric confidences to 0-1 (1, 10 or 100)."""
    numbers = []
    for text in texts:
        try:
            numbers.append(parse_number(text))
        except ValueProblem:
            continue
    if any(text.strip().endswith("%") for text in texts) or any(n > 10 for n in numbers):
        return 100.0
    if any(n > 1 for n in numbers):
        return 10.0
    return 1.0


def parse_confidence(text: str, scale: float) -> float:
    if text.isdigit():
        value = int(text) / scale
        if value <= 1:
            return round(value, 4)
    key = " ".join(text.strip().lower().replace("-", " ").split())
    if key in _CONFIDENCE_WORDS:
        return _CONFIDENCE_WORDS[key]
    out_of = _OUT_OF.match(text)
    if out_of:
        part, whole = (float(x.replace(",", ".")) for x in out_of.groups())
        if whole <= 0 or not 0 <= part <= whole:
            raise ValueProblem(f"{text!r} is outside its own scale")
        return round(part / whole, 4)
    try:
        value = parse_number(text)
    except ValueProblem:
        raise ValueProblem(
            f"{text!r} is not understood: use 0-10, 0-1, a percentage, 7/10, "
            "green/yellow/red, high/medium/low or on track/at risk/off track") from None
    value /= scale
    if not 0 <= value <= 1:
        raise ValueProblem(f"{text!r} is outside its scale (0-{scale:g})")
    return round(value, 4)


DateOrder = Literal["day-first", "month-first"]
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")


def column_date_order(texts: Iterable[str], default: DateOrder = "day-first") -> tuple[DateOrder, str | None]:
    """How a whole column writes its dates, decided from all its values: a value such as 15/07
    can only be day-first, 07/15 only month-first; when every value fits both, `default` (the
    profile's locale). The second part says how, for the import summary (None: nothing to say)."""
    day_first = month_first = slashed = False
    for text in set(texts):
        match = _SLASHED.match(text.strip())
        if match:
            slashed = True
            first, second = int(match.group(1)), int(match.group(2))
            day_first |= first > 12
            month_first |= second > 12
    if day_first and month_first:
        raise ValueProblem("the column mixes day-first dates (such as 15/07) with month-first ones (such as 07/15)")
    if day_first:
        return "day-first", "day-first (a value such as 15/07 has no 15th month)"
    if month_first:
        return "month-first", "month-first (a value such as 07/15 has no 15th month)"
    if slashed:
        return default, f"{default}: every date fits either order, so the profile's locale decides"
    return default, None


def parse_date(text: str, order: DateOrder | None = None) -> dt.date:
    """ISO dates, slashed dates in the column's `order` (column_date_order), and written months.
    With no order (a single date typed in an answer), a slashed date is day-first unless it
    cannot be."""
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)  # the common case first
        except ValueError:
            pass
    raw = text.strip()
    head = raw.split("T")[0].split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}", raw) else raw
    try:
        return dt.date.fromisoformat(head)
    except ValueError:
        pass
    match = re.match(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})$", raw.split(" ")[0])
    if match:
        a, b, c = (int(x) for x in match.groups())
        if a > 31:
            year, month, day = a, b, c
        else:
            year = c + 2000 if c < 100 else c
            if order is None:
                day, month = (a, b) if b <= 12 else (b, a)
            else:
                day, month = (b, a) if order == "month-first" else (a, b)
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    match = re.match(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})$", raw)
    if match and match.group(2).lower() in _MONTHS:
        try:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        except ValueError:
            pass
    match = re.match(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$", raw)
    if match and match.group(1).lower() in _MONTHS:
        try:
            return dt.date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        except ValueError:
            pass
    raise ValueProblem(f"{text!r} is not a date" + (" in this column's month-first order" if order == "month-first"
                                                     else "") + ": use YYYY-MM-DD")


_FISCAL = re.compile(r"\bFY\s?'?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
_PART = re.compile(r"(?<![A-Za-z])(Q[1-4]|H[12])(?![A-Za-z\d])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def quarter_dates(cycle: str, fiscal_year_start: int | None = None) -> tuple[dt.date, dt.date] | None:
    """A cycle's first and last day from its name: `2026-Q3`, `Q3 2026` and `H2 2026` are
    calendar quarters and halves; `Q3 FY26` and `FY2026 H1` are the fiscal year's, which ends
    in the year it names and starts in month `fiscal_year_start` (the profile's). None when the
    name does not say: a fiscal year with no start month, or a name such as `PI 2026.3`."""
    part = _PART.search(cycle)
    if not part:
        return None
    kind, number = part.group(1)[0].upper(), int(part.group(1)[1])
    fiscal = _FISCAL.search(cycle)
    if fiscal:
        if fiscal_year_start is None:
            return None
        named = int(fiscal.group(1))
        named += 2000 if named < 100 else 0
        year, month = (named, 1) if fiscal_year_start == 1 else (named - 1, fiscal_year_start)
    else:
        calendar_year = _YEAR.search(cycle)
        if not calendar_year:
            return None
        year, month = int(calendar_year.group(1)), 1
    months = 3 if kind == "Q" else 6
    first = month - 1 + months * (number - 1)
    start = dt.date(year + first // 12, first % 12 + 1, 1)
    after = first + months
    end = dt.date(year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def signed(change: float) -> str:
    """+17, -4, or ±0 for a change that rounds to nothing (never "-0")."""
    rounded = round(change)
    return "±0" if rounded == 0 else f"{rounded:+d}"
