"""The base of every content spec (banks, modules, rules, settings, mappings): strict, frozen models,
and the one way an all/any/not condition tells its members apart."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def combinator_tag(value, classes: dict[type, str], leaf: str) -> str:
    """Which member of an all/any/not union a value is: by its key when it is still YAML,
    by its class once validated. Shared by a bank's skip logic and by the rules."""
    if isinstance(value, dict):
        for key, tag in (("all", "All"), ("any", "Any"), ("not", "Not")):
            if key in value:
                return tag
    return classes.get(type(value), leaf)
