"""From findings to a programme: which modules, in what order, in which sessions, on which dates,
then the rollout around them and the measures that will show whether it worked."""

from __future__ import annotations

import datetime as dt

from diagnose.content.library import Library, Module
from diagnose.core.models import CalendarEvent, Finding, Indicator, Profile, Recommendation, Session, Signal
from diagnose.content.rulebook import RuleBook
from diagnose.content.settings import Measure, PlanSettings
from diagnose.core.vocabulary import SEVERITY_RANK

KIND_ORDER = {"core": 0, "manager": 1, "role": 2, "response": 3, "practice": 4, "embedding": 5}
# Modules in these formats run alongside the rollout rather than as workshop sessions.
ROLLOUT_FORMATS = {"coaching", "programme", "review"}
CORE_MODULES = ("okr-fundamentals",)
FOLLOW_UP_MODULES = ("first-month-coaching", "quarterly-retrospective")
CHAMPIONS_MODULE = "champions-programme"
CHAMPIONS_FROM_AREAS = 3  # training needs in this many areas: patterns across teams need champions


def working_days_after(start: dt.date, days: int) -> dt.date:
    current = start
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        current += dt.timedelta(days=step)
        if current.weekday() < 5:
            remaining -= 1
    return current


def next_working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def fits(module: Module, profile: Profile) -> bool:
    return bool(set(module.team_types) & set(profile.team_types)) and profile.resolved_maturity() in module.maturity


def recommend(findings: list[Finding], book: RuleBook, library: Library, profile: Profile) -> tuple[list[Recommendation], list[str]]:
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

    for module_id in CORE_MODULES:
        if module_id in library:
            add(module_id, [], "the common core: everyone needs the same language before role-specific work", 0)
    for order, finding in enumerate(training):
        for position, module_id in enumerate(rules[finding.id].modules):
            module = library[module_id]
            if not fits(module, profile):
                skipped.append(f"{module.title} is written for {', '.join(module.team_types)} teams "
                               f"({' or '.join(module.maturity)}), which does not match this organisation")
                continue
            priority = 100 * (1 + SEVERITY_RANK[finding.severity]) + 10 * position + order
            add(module_id, [finding.id], f"addresses: {finding.title[0].lower()}{finding.title[1:]}", priority)
    if training:
        for module_id in FOLLOW_UP_MODULES:
            if module_id in library:
                add(module_id, [f.id for f in training[:3]],
                    "embeds the training in the first month and the quarterly reset", 50)
        areas = {f.area for f in training}
        if len(areas) >= CHAMPIONS_FROM_AREAS and CHAMPIONS_MODULE in library:
            add(CHAMPIONS_MODULE, [f.id for f in training if f.severity == "high"],
                f"needs in {len(areas)} areas: champions keep quality and cadence up across teams", 60)
    return _in_prerequisite_order(list(chosen.values()), library), sorted(set(skipped))


def _in_prerequisite_order(recommendations: list[Recommendation], library: Library) -> list[Recommendation]:
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

    for rec in sorted(recommendations, key=lambda r: (KIND_ORDER[library[r.module].kind], r.priority)):
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
    start = next_working_day(profile.start_date or working_days_after(today, 15))
    sessions = []
    for number, modules in enumerate(packed, start=1):
        date = start if number == 1 else working_days_after(sessions[-1].date, settings.days_between_sessions)
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


def rollout(sessions: list[Session], library: Library, profile: Profile, settings: PlanSettings,
            today: dt.date, champions: bool = False) -> list[CalendarEvent]:
    first = sessions[0].date if sessions else next_working_day(profile.start_date or today)
    last = sessions[-1].date if sessions else first
    events = [CalendarEvent(
        title="Leaders' pre-work due: priorities, pain points and dependencies", phase="pre-work",
        start=working_days_after(first, -settings.prework_days_before), minutes=60,
        description="Each leader sends the facilitator this quarter's priorities, the execution problems they see "
                    "and the dependencies between teams they know of, so the workshops start from real material.")]
    for session in sessions:
        titles = ", ".join(library[m].title for m in session.modules)
        events.append(CalendarEvent(title=f"OKR workshop {session.number}: {titles}", phase="workshop",
                                    start=session.date, minutes=session.minutes,
                                    description=f"For {', '.join(session.audience)}. Modules: {titles}."))
    week_one = next_working_day(last + dt.timedelta(days=7 - last.weekday()))
    first_month = [
        ("Week 1: finalise OKRs, confirm owners, expose dependencies",
         "Every key result gets one named owner; dependencies on other teams are written down and agreed."),
        ("Week 2: first check-in with a confidence discussion",
         "Each owner rates confidence and names blockers; the meeting ends with decisions, not a status round."),
        ("Week 3: coaching on blocked key results and escalation",
         "Managers bring one blocked key result each and decide, with the coach, whether to solve it or escalate it."),
        ("Week 4: do the initiatives still serve the outcomes?",
         "Teams check each initiative against the key result it should move and stop work that no longer does."),
    ]
    for week, (title, description) in enumerate(first_month):
        events.append(CalendarEvent(title=title, phase="first-month", minutes=60, description=description,
                                    start=week_one + dt.timedelta(weeks=week)))
    interval = 1 if profile.checkin_cadence == "weekly" else 2
    events.append(CalendarEvent(
        title="OKR check-in: confidence, blockers, priority calls", phase="cadence",
        start=week_one + dt.timedelta(weeks=1), minutes=30,
        rrule={"FREQ": "WEEKLY", "INTERVAL": interval, "COUNT": settings.weekly_checkins // interval},
        description="Fifteen to thirty minutes per team: confidence in each key result, what is blocked, what to "
                    "advance, pause or drop. It ends with a decision, a trade-off or an escalation."))
    events.append(CalendarEvent(
        title="Monthly OKR review: are we still working on the right things?", phase="cadence",
        start=week_one + dt.timedelta(weeks=4), minutes=90,
        rrule={"FREQ": "MONTHLY", "COUNT": settings.monthly_reviews},
        description="Leaders and managers check that key results are still the right measures, surface new "
                    "dependencies, and name leadership behaviour that is creating side work."))
    if champions:
        events.append(CalendarEvent(
            title="OKR champions: patterns across teams", phase="cadence", minutes=60,
            start=week_one + dt.timedelta(weeks=2), rrule={"FREQ": "MONTHLY", "COUNT": settings.monthly_reviews},
            description="Champions compare notes on the quality of key results, the cadence each team keeps and "
                        "the problems that recur (shared dependencies, vague ownership), and agree where to coach."))
    events.append(CalendarEvent(
        title="Quarterly reset and retrospective", phase="reset", minutes=180,
        start=next_working_day(week_one + dt.timedelta(weeks=13)),
        description="Score the key results, discuss what moved and what stuck, which assumptions were wrong and "
                    "where governance failed, then decide what to carry forward, stop or measure differently. "
                    "Re-run okr-diagnose on this cycle's export and compare."))
    return events


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
        indicators.append(Indicator(id=measure.id, layer=measure.layer, kirkpatrick=measure.kirkpatrick,
                                    kind=measure.kind, title=measure.title, baseline=baseline,
                                    target=measure.target, unit=measure.unit, reassess_on=cycle_end,
                                    lower_is_better=measure.lower_is_better,
                                    when=measure.when or "end of the next cycle"))
    return indicators
