"""The calendar around the workshops (curricula/settings.yaml, rollout): leaders' pre-work, the
workshops, the first month, the check-in and review cadence and the quarterly reset.

Every event falls on a working day (plan/working_days.py) at its own time, so that no two of them
collide. Recurring events recur on working days too: a monthly review is "the first Monday of the
month", never the 1st, and an occurrence that falls on a holiday is left out (EXDATE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from diagnose.content.library import Library
from diagnose.content.settings import PlanSettings, RolloutEvent, RolloutSettings
from diagnose.core.models import CalendarEvent, Finding, Profile, Session
from diagnose.plan.programme import with_teams
from diagnose.plan.sessions import decisions_date
from diagnose.plan.working_days import WorkingDays, working_days_for

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rollout(sessions: list[Session], library: Library, profile: Profile, settings: PlanSettings,
            calendar: RolloutSettings, today: dt.date, champions: bool = False,
            decisions: Sequence[Finding] = (), teams_wait: bool = False) -> list[CalendarEvent]:
    """`decisions`: the problems training cannot fix, settled in a leaders' meeting before the
    workshops; `teams_wait`: the strategy is unclear, and sessions with teams wait for it."""
    days = working_days_for(profile, settings)
    first = sessions[0].date if sessions else days.next(profile.start_date or today)
    last = sessions[-1].date if sessions else first
    spec = calendar.leadership_decision
    meeting = decisions_date(profile, settings, today) if spec and decisions else None
    prework = calendar.prework
    # The pre-work (priorities, pain points, dependencies) feeds the leaders' first meeting: the
    # decisions, when there are any, else the first session.
    leaders_first = min(first, meeting) if meeting else first
    events = [CalendarEvent(title=prework.title, phase="pre-work", minutes=prework.minutes,
                            start=days.after(leaders_first, -settings.prework_days_before), time=prework.time,
                            description=prework.description)]
    if spec and meeting:
        # One meeting for all of them, so that the leaders' decisions never collide with each other.
        def lower(text: str) -> str:
            return text[0].lower() + text[1:].rstrip(".")

        agreed = " ".join(f"{finding.title.rstrip('.')}: " + "; ".join(lower(a) for a in finding.actions) + "."
                          for finding in decisions)
        what = lower(decisions[0].title) if len(decisions) == 1 else \
            f"the {len(decisions)} problems training cannot fix"
        team_days = [s.date for s in sessions if with_teams(s.audience)]
        if teams_wait and team_days:
            agreed += (f" No team is trained until the priorities are settled: the first session with teams in it "
                       f"is on {min(team_days):%d %B %Y}.")
        events.append(CalendarEvent(title=spec.title.replace("{finding}", what), phase="leadership",
                                    minutes=spec.minutes, time=spec.time,
                                    start=meeting,
                                    description=spec.description.replace("{actions}", agreed)))
    for session in sessions:
        titles = ", ".join(library[m].title for m in session.modules)
        rooms = " They run at the same time in separate rooms, one for each type of team." if session.parallel else ""
        events.append(CalendarEvent(title=f"OKR workshop {session.number}: {titles}", phase="workshop",
                                    start=session.date, minutes=session.minutes, time=settings.session_time,
                                    description=f"For {', '.join(session.audience)}. Modules: {titles}.{rooms}"))
    week_one = days.next(last + dt.timedelta(days=7 - last.weekday()))

    def event(spec: RolloutEvent, phase: str, week: int) -> CalendarEvent:
        return CalendarEvent(title=spec.title, phase=phase, minutes=spec.minutes, description=spec.description,
                             start=days.next(week_one + dt.timedelta(weeks=week)), time=spec.time)

    events += [event(spec, "first-month", week) for week, spec in enumerate(calendar.first_month)]
    interval = 1 if profile.checkin_cadence == "weekly" else 2
    events.append(_weekly(event(calendar.checkin, "cadence", calendar.checkin.week), interval,
                          settings.weekly_checkins // interval, days))
    events.append(_monthly(event(calendar.monthly_review, "cadence", calendar.monthly_review.week),
                           settings.monthly_reviews, days))
    if champions:
        events.append(_monthly(event(calendar.champions, "cadence", calendar.champions.week),
                               settings.monthly_reviews, days))
    events.append(event(calendar.reset, "reset", calendar.reset.week))
    return events


def occurrences(event: CalendarEvent) -> list[dt.date]:
    """Every date an event happens on: its recurrence (the two kinds rollout() makes) less its
    exdates. The timeline chart draws these, as a calendar program shows them."""
    rule = event.rrule
    if not rule:
        return [event.start]
    count = int(rule.get("COUNT", 1))
    if rule["FREQ"] == "WEEKLY":
        dates = [event.start + dt.timedelta(weeks=int(rule.get("INTERVAL", 1)) * k) for k in range(count)]
    else:
        nth, weekday = int(rule["BYDAY"][:-2]), _WEEKDAYS.index(rule["BYDAY"][-2:])
        dates = [_nth_weekday(event.start.year, event.start.month + k, weekday, nth) for k in range(count)]
    return [day for day in dates if day not in event.exdates]


def _weekly(event: CalendarEvent, interval: int, count: int, days: WorkingDays) -> CalendarEvent:
    return _recurring(event, {"FREQ": "WEEKLY", "INTERVAL": interval, "COUNT": count}, days)


def _monthly(event: CalendarEvent, count: int, days: WorkingDays) -> CalendarEvent:
    """On the same weekday of each month as the first, the first Monday, say: never a weekend."""
    nth = (event.start.day - 1) // 7 + 1
    nth = nth if nth < 5 else -1  # a fifth week does not come every month: the last one does
    return _recurring(event, {"FREQ": "MONTHLY", "BYDAY": f"{nth}{_WEEKDAYS[event.start.weekday()]}",
                              "COUNT": count}, days)


def _recurring(event: CalendarEvent, rrule: dict[str, Any], days: WorkingDays) -> CalendarEvent:
    recurring = event.model_copy(update={"rrule": rrule})
    return recurring.model_copy(update={"exdates": [d for d in occurrences(recurring) if not days.is_working(d)]})


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
