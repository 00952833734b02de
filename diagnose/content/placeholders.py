"""Words the content leaves to the organisation: `{cadence}` in a rule's or a module's text is
the profile's check-in cadence ("weekly", or "fortnightly"), so a programme never recommends a
weekly check-in to an organisation that meets every other week. `check` refuses any other
placeholder, so a typo cannot reach a client."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

PLACEHOLDERS = ("cadence",)
_BRACED = re.compile(r"\{([^{}]*)\}")
# How each cadence reads in the two locales.
_CADENCE = {("weekly", "en-GB"): "weekly", ("weekly", "en-US"): "weekly",
            ("biweekly", "en-GB"): "fortnightly", ("biweekly", "en-US"): "biweekly"}

Filled = TypeVar("Filled", bound=BaseModel)


def words_for(cadence: str, locale: str) -> dict[str, str]:
    return {"cadence": _CADENCE[(cadence, locale)]}


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in _BRACED.findall(text) if name not in PLACEHOLDERS]


def check_placeholders(model: BaseModel) -> None:
    """Raise ValueError naming any placeholder in the model's text other than PLACEHOLDERS."""
    for text in _texts(model.model_dump()):
        unknown = unknown_placeholders(text)
        if unknown:
            raise ValueError(f"unknown placeholder {{{unknown[0]}}} in {text[:60]!r}: the only one is {{cadence}}")


def fill(model: Filled, words: Mapping[str, str]) -> Filled:
    """The model with each placeholder in its text replaced by its word."""
    return type(model).model_validate(_filled(model.model_dump(), words))


def _filled(value: Any, words: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return _BRACED.sub(lambda m: words.get(m.group(1), m.group(0)), value) if "{" in value else value
    if isinstance(value, list):
        return [_filled(item, words) for item in value]
    if isinstance(value, dict):
        return {key: _filled(item, words) for key, item in value.items()}
    return value


def _texts(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
