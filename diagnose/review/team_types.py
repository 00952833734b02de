"""Signals about one type of team at a time (product, operations, shared services, leadership),
computed from those teams' own key results and objectives, so a finding about product teams
cites product teams' key results only. A team's type is read from its name, with the words of
review.team_type_words in curricula/settings.yaml ("Product: Shipper App" is product)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from diagnose.core.models import Cycle, Evidence, KeyResultCheck, Objective
from diagnose.core.vocabulary import TEAM_TYPES, TeamType

_WORD = re.compile(r"[a-z]+")

Signal = tuple[str, float | None, list[Evidence]]


def team_type_of(team: str | None, words: Mapping[TeamType, list[str]]) -> TeamType | None:
    """The first team type one of whose words the team's name contains."""
    if not team:
        return None
    named = set(_WORD.findall(team.lower()))
    for team_type in TEAM_TYPES:
        if named & {w.lower() for w in words.get(team_type, [])}:
            return team_type
    return None


def team_type_signals(cycle: Cycle, checks: list[KeyResultCheck], words: Mapping[TeamType, list[str]],
                      is_company: set[str]) -> Iterator[Signal]:
    """For each team type present: the share of its key results that are activities, and the share
    of its objectives (below company level, `is_company` holds the ids of those at it) that support
    a higher one. A type with no team in the export has None: not shown, never low."""
    type_of = {o.id: team_type_of(o.team, words) for o in cycle.objectives}
    for team_type in TEAM_TYPES:
        own = [c for c in checks if type_of.get(c.objective_id) == team_type]
        activities = [c for c in own if c.kind == "activity"]
        yield (f"review.team.{team_type}.activity_share", round(len(activities) / len(own), 4) if own else None,
               [Evidence(source="okrs", ref=f"KR {c.id}", text=c.text) for c in activities])
        objectives: list[Objective] = [o for o in cycle.objectives
                                       if type_of[o.id] == team_type and o.id not in is_company]
        shown = objectives and "parent" in cycle.fields
        orphans = [o for o in objectives if not o.parent] if shown else []
        yield (f"review.team.{team_type}.alignment_coverage",
               round((len(objectives) - len(orphans)) / len(objectives), 4) if shown else None,
               [Evidence(source="okrs", ref=f"Objective {o.id}",
                         text=f"{o.title} ({o.team}) supports no higher objective") for o in orphans])
