"""From findings to a programme: which modules, in what order, in which sessions, on which dates,
and the measures that will show whether it worked (plan/rollout.py: the calendar around them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from diagnose.content.library import Library, Module
from diagnose.content.rulebook import RuleBook
from diagnose.content.settings import Measure, PlanSettings
from diagnose.core.models import Finding, Indicator, Profile, Recommendation, Session, Signal
from diagnose.core.vocabulary import SEVERITY_RANK
from diagnose.plan.working_days import working_days_for

# Modules in these formats run alongside the rollout rather than as workshop sessions.
ROLLOUT_FORMATS = {"coaching", "programme", "review"}


def fits(module: Module, profile: Profile) -> bool:
    # With no team types known, a module is not refused for its team type (nor chosen for it).
    teams_fit = not profile.team_types or bool(set(module.team_types) & set(profile.team_types))
    return teams_fit and profile.resolved_maturity() in module.maturity


def recommend(findings: list[Finding], book: RuleBook, library: Library, profile: Profile,
              settings: PlanSettings) -> tuple[list[Recommendation], list[str]]:
    """Modules chosen by training findings, fitted to team types and maturity, with prerequisites.

    Priority (lower first) follows the finding's severity and the module's place in its rule's
    list, so when time runs short the primary response to the worst problem is kept.
    """
    rules = {rule.id: rule for rule in book.rules}
    chosen: dict[str, Recommendation] = {}
    skipped: list[str] = []
    training = sorted((f for f in findings if f.training_need), key=lambda f: SEVERITY_RANK[f.severity])

    def add(module_id: str, because: list[str], reason: str, priority: int) -> None:
        module = library[module_id]
        for needed in module.prerequisites:
            add(needed, [], f"prepares for {module.title}", priority)
        if module_id in chosen:
            rec = chosen[module_id]
            rec.because.extend(f for f in because if f not in rec.because)
            rec.priority = min(rec.priority, priority)
            if because and rec.reason.startswith("prepares for"):
                rec.reason = reason
            return
        chosen[module_id] = Recommendation(module=module_id, title=module.title, areas=list(module.areas),
                                           because=list(because), reason=reason, priority=priority)

    for module_id in library.on_track("core"):
        add(module_id, [], "the common core: everyone needs the same language before role-specific work", 0)
    for order, finding in enumerate(training):
        for position, module_id in enumerate(rules[finding.id].modules):
            module = library[module_id]
            if not fits(module, profile):
                skipped.append(f"{module.title} is written for {_listed(module.team_types)} teams "
                               f"({_listed(module.maturity, 'or')} organisations), which does not match this one")
                continue
            priority = 100 * (1 + SEVERITY_RANK[finding.severity]) + 10 * position + order
            add(module_id, [finding.id], f"addresses: {finding.title[0].lower()}{finding.title[1:]}", priority)
    if training:
        for module_id in library.on_track("follow_up"):
            add(module_id, [f.id for f in training[:3]],
                "embeds the training in the first month and the quarterly reset", 50)
        areas = {f.area for f in training}
        if len(areas) >= settings.champions_from_areas:
            for module_id in library.on_track("champions"):
                add(module_id, [f.id for f in training if f.severity == "high"],
                    f"needs in {len(areas)} areas: champions keep quality and cadence up across teams", 60)
    kind_order: dict[str, int] = {kind: rank for rank, kind in enumerate(settings.kind_order)}
    return _in_prerequisite_order(list(chosen.values()), library, kind_order), sorted(set(skipped))


def _in_prerequisite_order(recommendations: list[Recommendation], library: Library,
                           kind_order: Mapping[str, int]) -> list[Recommendation]:
    by_id = {r.module: r for r in recommendations}
    ordered: list[Recommendation] = []
    placed: set[str] = set()

    def place(module_id: str) -> None:
        if module_id in placed:
            return
        placed.add(module_id)
        for needed in library[module_id].prerequisites:
            if needed in by_id:
                place(needed)
        ordered.append(by_id[module_id])

    for rec in sorted(recommendations, key=lambda r: (kind_order[library[r.module].kind], r.priority)):
        place(rec.module)
    return ordered


def schedule(recommendations: list[Recommendation], library: Library, profile: Profile,
             settings: PlanSettings, today: dt.date) -> tuple[list[Session], list[str]]:
    """Pack workshop modules into sessions of the profile's length, on working days.

    When the sessions available cannot hold every module, the lowest-priority modules (and
    whatever depends on them) are left out and named, never silently dropped.
    """
    workshop = [r for r in recommendations if library[r.module].format not in ROLLOUT_FORMATS]
    left_out: list[str] = []
    available = profile.max_sessions or settings.default_max_sessions
    while True:
        packed = _pack(workshop, library, profile.session_minutes)
        if len(packed) <= available or len(workshop) <= 1:
            break
        drop = max(workshop, key=lambda r: r.priority)
        gone = {drop.module} | _dependants(drop.module, workshop, library)
        workshop = [r for r in workshop if r.module not in gone]
        for rec in recommendations:
            if rec.module in gone:
                left_out.append(f"{rec.title} ({library[rec.module].duration_minutes} min) did not fit in the "
                                f"{available} sessions available; allow more sessions to include it")
    days = working_days_for(profile, settings)
    start = days.next(profile.start_date or days.after(today, 15))
    sessions: list[Session] = []
    for number, modules in enumerate(packed, start=1):
        date = start if number == 1 else days.after(sessions[-1].date, settings.days_between_sessions)
        audience = sorted({a for m in modules for a in library[m].audience})
        sessions.append(Session(number=number, date=date, audience=audience, modules=modules,
                                minutes=sum(library[m].duration_minutes for m in modules)))
        for rec in recommendations:
            if rec.module in modules:
                rec.session = number
    return sessions, left_out


def _dependants(module_id: str, recs: list[Recommendation], library: Library) -> set[str]:
    found: set[str] = set()
    for rec in recs:
        if module_id in library[rec.module].prerequisites and rec.module not in found:
            found |= {rec.module} | _dependants(rec.module, recs, library)
    return found


def _pack(recs: list[Recommendation], library: Library, capacity: int) -> list[list[str]]:
    """First fit in prerequisite order: a module joins the earliest session with room that comes
    no earlier than its prerequisites' sessions and shares its audience."""
    sessions: list[list[str]] = []
    where: dict[str, int] = {}
    for rec in recs:
        module = library[rec.module]
        earliest = max((where[p] for p in module.prerequisites if p in where), default=0)
        for index in range(earliest, len(sessions)):
            used = sum(library[m].duration_minutes for m in sessions[index])
            audiences = {a for m in sessions[index] for a in library[m].audience}
            shared = "everyone" in audiences or "everyone" in module.audience or audiences & set(module.audience)
            if used + module.duration_minutes <= capacity and shared:
                sessions[index].append(module.id)
                where[module.id] = index
                break
        else:
            sessions.append([module.id])
            where[module.id] = len(sessions) - 1
    return sessions


def measurement(measures: list[Measure], signals: dict[str, Signal], cycle_end: dt.date) -> list[Indicator]:
    """Each indicator with its baseline from this diagnosis; shares (0-1) shown as percentages."""
    indicators = []
    for measure in measures:
        signal = signals.get(measure.signal) if measure.signal else None
        raw = signal.value if signal is not None and isinstance(signal.value, (int, float)) else None
        baseline = None
        if raw is not None:
            baseline = raw * 100 if measure.unit == "%" else raw
            if measure.inverse:
                baseline = 100 - baseline
            baseline = round(baseline, 1)
        # A target is never worse than where the organisation already is: one already met is held.
        met = baseline is not None and (baseline <= measure.target if measure.lower_is_better
                                        else baseline >= measure.target)
        indicators.append(Indicator(id=measure.id, layer=measure.layer, kirkpatrick=measure.kirkpatrick,
                                    kind=measure.kind, title=measure.title, baseline=baseline,
                                    target=baseline if met and baseline is not None else measure.target,
                                    unit=measure.unit, reassess_on=cycle_end,
                                    lower_is_better=measure.lower_is_better,
                                    when=measure.when or "end of the next cycle", already_met=met))
    return indicators


_PLAIN = {"shared_services": "shared services", "first_cycle": "first-cycle", "experienced": "experienced"}


def _listed(names: Sequence[str], joiner: str = "and") -> str:
    """Vocabulary ids in the client's words: "product, operations and shared services"."""
    words = [_PLAIN.get(name, name.replace("_", " ")) for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]
