"""rollout.ics: the rollout and review cadence as calendar events, recurring where they recur."""

from __future__ import annotations

import datetime as dt
import hashlib

from diagnose.core.models import Diagnosis


def build_calendar(diagnosis: Diagnosis) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vRecur

    zone = ZoneInfo(diagnosis.profile.zone())
    calendar = Calendar()
    calendar.add("prodid", "-//okr-diagnose//rollout plan//EN")
    calendar.add("version", "2.0")
    # One line: a calendar name or title with a line break in it is no valid calendar line.
    calendar.add("x-wr-calname", _one_line(f"OKR programme: {diagnosis.organisation}"))
    for event in diagnosis.rollout:
        item = Event()
        start = dt.datetime.combine(event.start, event.time, tzinfo=zone)
        item.add("summary", _one_line(event.title))
        item.add("dtstart", start)
        item.add("dtend", start + dt.timedelta(minutes=event.minutes))
        item.add("dtstamp", dt.datetime.combine(diagnosis.generated_on, dt.time(0, 0), tzinfo=dt.timezone.utc))
        item.add("description", event.description)
        item.add("categories", [event.phase])
        # Stable ids let a re-run update the same events in a calendar instead of duplicating them.
        key = f"{diagnosis.organisation}|{event.phase}|{event.title}".encode()
        item.add("uid", hashlib.sha1(key).hexdigest() + "@okr-diagnose")
        if event.rrule:
            item.add("rrule", vRecur(event.rrule))
        if event.exdates:  # occurrences on a holiday or in a closed period
            item.add("exdate", [dt.datetime.combine(day, event.time, tzinfo=zone) for day in event.exdates])
        calendar.add_component(item)
    calendar.add_missing_timezones()  # the VTIMEZONE every calendar program needs to place the events
    return calendar.to_ical()


def _one_line(text: str) -> str:
    return " ".join(text.split())
