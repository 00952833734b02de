"""The days a workshop, a review or a check-in can fall on: weekdays that are neither public
holidays (the `holidays` package, for the profile's country), nor in a closed period of the year
(settings.yaml plan.closed_periods: 24 December to 1 January by default), nor in one of the
profile's blackout weeks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from diagnose.content.settings import MonthDay, PlanSettings
from diagnose.core.models import Profile


class WorkingDays:
    def __init__(self, country: str | None, closed_periods: Iterable[tuple[MonthDay, MonthDay]],
                 blackout_weeks: Iterable[dt.date] = ()):
        self.country = country
        # (month, day) pairs, the end on or after the start, or in the next year.
        self.closed = list(closed_periods)
        self.blackout = {week - dt.timedelta(days=week.weekday()) for week in blackout_weeks}
        self._holidays: dict[int, set[dt.date]] = {}

    def is_working(self, day: dt.date) -> bool:
        return (day.weekday() < 5 and not self._in_closed_period(day) and not self._is_holiday(day)
                and day - dt.timedelta(days=day.weekday()) not in self.blackout)

    def next(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the first one after it."""
        while not self.is_working(day):
            day += dt.timedelta(days=1)
        return day

    def after(self, start: dt.date, days: int) -> dt.date:
        """The working day `days` working days after `start` (before it, when negative)."""
        current, step, remaining = start, (1 if days >= 0 else -1), abs(days)
        while remaining:
            current += dt.timedelta(days=step)
            if self.is_working(current):
                remaining -= 1
        return current

    def _in_closed_period(self, day: dt.date) -> bool:
        today = (day.month, day.day)
        for start, end in self.closed:
            if start <= end and start <= today <= end:
                return True
            if start > end and (today >= start or today <= end):  # over the turn of the year
                return True
        return False

    def _is_holiday(self, day: dt.date) -> bool:
        if not self.country:
            return False
        if day.year not in self._holidays:
            import holidays  # only a plan with dates needs it

            self._holidays[day.year] = set(holidays.country_holidays(self.country, years=day.year))
        return day in self._holidays[day.year]


def working_days_for(profile: Profile, settings: PlanSettings) -> WorkingDays:
    return WorkingDays(profile.holiday_country(), settings.closed_periods, profile.blackout_weeks)
