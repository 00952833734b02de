"""Pack the chosen workshop modules into the sessions the profile allows, on working days.

When the sessions cannot hold every module, the least important module that nothing else
needs goes first, the rest is packed again, and whatever was dropped is tried once more in the
room left: so one dropped prerequisite never takes a whole chain with it, and a short module is
never refused while a session has room. What does not fit is named, with the reason and the
findings it answers, for the next cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from diagnose.content.library import Library, Module
from diagnose.content.settings import PlanSettings
from diagnose.core.models import NextCycleItem, Profile, Recommendation, Session
from diagnose.plan.programme import ROLLOUT_FORMATS, with_teams
from diagnose.plan.working_days import working_days_for


def schedule(recommendations: list[Recommendation], library: Library, profile: Profile, settings: PlanSettings,
             today: dt.date, finding_titles: Mapping[str, str], teams_wait: bool = False
             ) -> tuple[list[Recommendation], list[Session], list[NextCycleItem]]:
    """The recommendations the programme holds (each workshop module with its session), the
    sessions, and the modules left for the next cycle. `teams_wait`: the strategy is unclear, so
    sessions with teams in them start settings.teams_wait_days after the leaders' decisions."""
    available = profile.max_sessions or settings.default_max_sessions
    capacity = profile.session_minutes
    workshop = [r for r in recommendations if library[r.module].format not in ROLLOUT_FORMATS]
    alongside = [r for r in recommendations if library[r.module].format in ROLLOUT_FORMATS]
    too_long = [r for r in workshop if library[r.module].duration_minutes > capacity]
    fitting = _without(workshop, {r.module for r in too_long})
    dropped: list[Recommendation] = []
    while len(_pack(fitting, library, capacity)) > available and fitting:
        leaves = [r for r in fitting if not _dependants(r.module, fitting)]
        drop = max(leaves, key=lambda r: (not r.essential, r.priority))
        rest = _without(fitting, {drop.module})
        dropped.extend(r for r in fitting if r not in rest)
        fitting = rest
    for rec in sorted(dropped, key=lambda r: r.priority):  # the room left, most important first
        held = {r.module for r in fitting} | {rec.module}
        trial = [r for r in workshop if r.module in held]  # in teaching order
        if all(p in held for p in rec.after) and len(_pack(trial, library, capacity)) <= available:
            fitting = trial
    held = {r.module for r in fitting}
    # A rollout module whose prerequisite is left out waits for it too.
    waiting = [r for r in alongside if not all(p in held for p in r.after)]
    sessions = _dated(_pack(fitting, library, capacity), library, profile, settings, today, teams_wait)
    where = {module: s.number for s in sessions for module in s.modules}
    kept = [r.model_copy(update={"session": where.get(r.module)}) for r in fitting] + \
        [r for r in alongside if r not in waiting]
    left = [r for r in workshop if r.module not in held] + waiting
    # Preparation left out with the module it prepares for is named in that module's item.
    return kept, sessions, [_next_cycle(r, left, library, profile, available, finding_titles, r in too_long)
                            for r in left if r.because]


def _without(recs: list[Recommendation], gone: set[str]) -> list[Recommendation]:
    """recs without `gone`, what depends on it, and the preparation only they needed."""
    gone = set(gone)
    for module in list(gone):
        gone |= _dependants(module, recs)
    kept = [r for r in recs if r.module not in gone]
    while True:
        orphans = {r.module for r in kept if not r.because and r.reason.startswith("prepares for")
                   and not _dependants(r.module, kept)}
        if not orphans:
            return kept
        kept = [r for r in kept if r.module not in orphans]


def _next_cycle(rec: Recommendation, left: list[Recommendation], library: Library, profile: Profile,
                available: int, finding_titles: Mapping[str, str], too_long: bool) -> NextCycleItem:
    module = library[rec.module]
    answers = [finding_titles.get(f, f) for f in rec.because]
    what = f"answers “{answers[0]}”" + (f" and {len(answers) - 1} more" if len(answers) > 1 else "")
    left_ids = {r.module for r in left}
    preparation = [library[m] for m in _prerequisites(rec, left) if m in left_ids]
    size = f"{module.duration_minutes} min"
    if preparation:
        size += (", after " + ", ".join(p.title for p in preparation) + ": "
                 f"{module.duration_minutes + sum(p.duration_minutes for p in preparation)} min in all")
    if too_long:
        why = (f"it is longer than a session of {profile.session_minutes} minutes; sessions of "
               f"{module.duration_minutes} minutes would hold it")
    else:
        why = (f"the {available} sessions of {profile.session_minutes} minutes are full with more important "
               "modules; allow more sessions to hold it this cycle")
    return NextCycleItem(module=rec.module, title=rec.title, because=list(rec.because),
                         reason=f"{rec.title} ({size}) {what}: {why}")


def _prerequisites(rec: Recommendation, recs: list[Recommendation]) -> list[str]:
    """Every module of recs that must come before this one, nearest first."""
    by_id = {r.module: r for r in recs}
    found: list[str] = []
    for needed in rec.after:
        for m in [needed, *(_prerequisites(by_id[needed], recs) if needed in by_id else [])]:
            if m not in found:
                found.append(m)
    return found


def _dependants(module_id: str, recs: list[Recommendation]) -> set[str]:
    """Every module of recs that follows this one, directly or through others."""
    found: set[str] = set()
    for rec in recs:
        if module_id in rec.after and rec.module not in found:
            found |= {rec.module} | _dependants(rec.module, recs)
    return found



def _mixes_leaders_and_teams(audience: set[str]) -> bool:
    return "executives" in audience and with_teams(audience)


def _joinable(session: list[Module], module: Module) -> bool:
    """A module joins a session whose audience it shares, and never puts executives in a room
    with teams unless every module there is itself for both (a joint module)."""
    audiences = {a for m in session for a in m.audience}
    own = set(module.audience)
    shared = "everyone" in audiences or "everyone" in own or bool(audiences & own)
    if not shared:
        return False
    if _mixes_leaders_and_teams(audiences | own):
        return all(_mixes_leaders_and_teams(set(m.audience)) for m in [*session, module])
    return True


def _load(modules: list[Recommendation], library: Library) -> int:
    """Minutes a session takes: its modules one after another, or, for role modules of different
    team types run in parallel rooms, the longest room."""
    if modules and all(r.teams for r in modules):
        rooms: dict[str, int] = {}
        for rec in modules:
            room = ",".join(rec.teams)
            rooms[room] = rooms.get(room, 0) + library[rec.module].duration_minutes
        return max(rooms.values())
    return sum(library[r.module].duration_minutes for r in modules)


def _pack(recs: list[Recommendation], library: Library, capacity: int) -> list[list[Recommendation]]:
    """First fit in teaching order: a module joins the earliest session with room that comes no
    earlier than the sessions of the modules it follows, and that it may join. Role modules for
    different team types share a session in parallel rooms; other modules never join them."""
    sessions: list[list[Recommendation]] = []
    where: dict[str, int] = {}
    for rec in recs:
        module = library[rec.module]
        earliest = max((where[p] for p in rec.after if p in where), default=0)
        for index in range(earliest, len(sessions)):
            session = sessions[index]
            tracks = all(r.teams for r in session) == bool(rec.teams)
            if tracks and _load([*session, rec], library) <= capacity and \
                    _joinable([library[r.module] for r in session], module):
                session.append(rec)
                where[rec.module] = index
                break
        else:
            sessions.append([rec])
            where[rec.module] = len(sessions) - 1
    return sessions


def first_session_date(profile: Profile, settings: PlanSettings, today: dt.date) -> dt.date:
    days = working_days_for(profile, settings)
    return days.next(profile.start_date or days.after(today, 15))


def decisions_date(profile: Profile, settings: PlanSettings, today: dt.date) -> dt.date:
    """When leaders meet on what training cannot fix: a few working days before the first session."""
    return working_days_for(profile, settings).after(first_session_date(profile, settings, today),
                                                     -settings.decisions_days_before)


def _dated(packed: list[list[Recommendation]], library: Library, profile: Profile, settings: PlanSettings,
           today: dt.date, teams_wait: bool) -> list[Session]:
    days = working_days_for(profile, settings)
    start = first_session_date(profile, settings, today)
    teams_from = days.after(decisions_date(profile, settings, today), settings.teams_wait_days) if teams_wait \
        else start
    sessions: list[Session] = []
    for number, recs in enumerate(packed, start=1):
        date = start if number == 1 else days.after(sessions[-1].date, settings.days_between_sessions)
        audience = sorted({a for r in recs for a in library[r.module].audience})
        if with_teams(audience):
            date = max(date, days.next(teams_from))
        parallel = len({",".join(r.teams) for r in recs}) > 1 and all(r.teams for r in recs)
        sessions.append(Session(number=number, date=date, audience=audience, modules=[r.module for r in recs],
                                minutes=_load(recs, library), parallel=parallel))
    return sessions
