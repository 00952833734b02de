"""The fixed vocabularies every spec and input is checked against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from diagnose.core.errors import InputError, Problem

Area = Literal["alignment", "goal_quality", "accountability", "leadership_consistency", "confidence"]
AREAS: tuple[Area, ...] = ("alignment", "goal_quality", "accountability", "leadership_consistency", "confidence")

AREA_TITLES = {
    "alignment": "Alignment",
    "goal_quality": "Goal quality",
    "accountability": "Accountability",
    "leadership_consistency": "Leadership consistency",
    "confidence": "Confidence",
}

Role = Literal["consultant", "leader", "manager", "team_member", "hr"]
ROLES: tuple[Role, ...] = ("consultant", "leader", "manager", "team_member", "hr")
# Role groups counted in a sentence: "3 leaders, 5 team members".
ROLE_PLURALS = {"consultant": "consultants", "leader": "leaders", "manager": "managers",
                "team_member": "team members", "hr": "HR people"}
def people_by_role(respondents: Mapping[str, int]) -> str:
    """"9 people (3 leaders, 3 managers, 2 team members, 1 consultant)", largest group first."""
    people = sum(respondents.values())
    groups = ", ".join(f"{n} {ROLE_PLURALS.get(role, role) if n != 1 else role.replace('_', ' ')}"
                       for role, n in sorted(respondents.items(), key=lambda item: -item[1]) if n)
    return f"{people} {'person' if people == 1 else 'people'} ({groups})"


ROLE_TITLES = {
    "consultant": "Consultant (intake interview)",
    "leader": "Leader",
    "manager": "Manager",
    "team_member": "Team member",
    "hr": "HR / programme designer",
}

TeamType = Literal["product", "operations", "shared_services", "leadership"]
TEAM_TYPES: tuple[TeamType, ...] = ("product", "operations", "shared_services", "leadership")

# first_cycle: no cycle run yet, or one; developing: two or three; experienced: four or more.
Maturity = Literal["first_cycle", "developing", "experienced"]
MATURITIES: tuple[Maturity, ...] = ("first_cycle", "developing", "experienced")
# Whom the programme trains (the profile's `scope`): the whole organisation, its managers (the
# second seed's manager sequence), or its leaders.
Scope = Literal["everyone", "managers", "leaders"]

# In the order a programme teaches them (curricula/settings.yaml plan.kind_order may change it).
ModuleKind = Literal["core", "manager", "role", "response", "practice", "embedding"]
MODULE_KINDS: tuple[ModuleKind, ...] = ("core", "manager", "role", "response", "practice", "embedding")
# Where a module sits in every programme, whatever the findings (a module's `track`).
Track = Literal["core", "follow_up", "champions"]

Audience = Literal["everyone", "executives", "managers", "champions", "teams"]

Severity = Literal["high", "medium", "low"]
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def parse_role(role: str | None) -> str | None:
    """A --role option as a role id: "Team member", "team-member" and "team_member" all work."""
    if role is None:
        return None
    key = "_".join(role.strip().lower().replace("-", " ").split())
    if key not in ROLES:
        raise InputError(Problem("--role", f"unknown role {role!r}", hint="use one of " + ", ".join(ROLES)))
    return key
