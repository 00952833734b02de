"""The rollout calendar a client imports: working days only, recurring on working days, no two
events at once, in the profile's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr
from icalendar import Calendar

from conftest import write
from diagnose.pipeline import Inputs, diagnose
from diagnose.report.calendar import build_calendar

EXPORT = ("objective,key_result,owner\nGrow,Launch the partner portal,Ann\nGrow,Run six webinars,Bo\n"
          "Grow,Raise weekly active clinics from 120 to 200,Cy\n")


def occurrences(calendar: Calendar):
    """Every event's every occurrence, as (start, end, title)."""
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        excluded = {d.dt for item in ([event["exdate"]] if "exdate" in event and not isinstance(event["exdate"], list)
                                      else event.get("exdate", [])) for d in item.dts}
        starts = [start]
        if "rrule" in event:
            starts = [s for s in rrulestr(event["rrule"].to_ical().decode(), dtstart=start) if s not in excluded]
        for begin in starts:
            yield begin, begin + (end - start), str(event["summary"])


def diagnosis_of(tmp_path, content, profile_text: str, today: dt.date):
    profile = write(tmp_path / "profile.yaml", profile_text)
    return diagnose(Inputs(okrs=write(tmp_path / "okrs.csv", EXPORT), profile=profile, today=today), content)


def test_nothing_falls_on_a_weekend_a_public_holiday_or_between_christmas_eve_and_new_year(tmp_path, content):
    diagnosis = diagnosis_of(tmp_path, content, "organisation: Acme\nmax_sessions: 6\n", dt.date(2026, 12, 1))
    calendar = Calendar.from_ical(build_calendar(diagnosis))
    bank_holidays = holidays.country_holidays("GB", years=[2026, 2027])
    days = [begin.date() for begin, _, _ in occurrences(calendar)]
    assert days and min(days) >= dt.date(2026, 12, 1)
    for day in days:
        assert day.weekday() < 5, day
        assert day not in bank_holidays, day
        assert not (day.month == 12 and day.day >= 24) and not (day.month == 1 and day.day == 1), day


def test_blackout_weeks_and_another_countrys_holidays_are_kept_free(tmp_path, content):
    diagnosis = diagnosis_of(tmp_path, content, "start_date: 2027-05-03\nblackout_weeks: [2027-05-12]\n"
                             "holiday_calendar: DE\nlocale: en-US\n", dt.date(2027, 4, 1))
    sessions = [s.date for s in diagnosis.sessions]
    german = holidays.country_holidays("DE", years=2027)
    assert sessions and all(d not in german and not dt.date(2027, 5, 10) <= d <= dt.date(2027, 5, 16)
                            for d in sessions), sessions


def test_monthly_reviews_recur_on_a_weekday_of_the_month_not_a_date(tmp_path, content):
    diagnosis = diagnosis_of(tmp_path, content, "start_date: 2027-01-11\n", dt.date(2026, 12, 1))
    monthly = [e for e in diagnosis.rollout if e.rrule and e.rrule["FREQ"] == "MONTHLY"]
    assert monthly and all(e.rrule["BYDAY"][-2:] in ("MO", "TU", "WE", "TH", "FR") for e in monthly)


def test_no_two_events_overlap_and_the_calendar_has_the_profiles_time_zone(tmp_path, content):
    diagnosis = diagnosis_of(tmp_path, content, "start_date: 2027-01-11\ntime_zone: Europe/Berlin\n",
                             dt.date(2026, 12, 1))
    ics = build_calendar(diagnosis)
    assert b"TZID=Europe/Berlin" in ics and b"BEGIN:VTIMEZONE" in ics
    spans = sorted(occurrences(Calendar.from_ical(ics)))
    assert all(begin.tzinfo is not None and begin.utcoffset() == begin.astimezone(ZoneInfo("Europe/Berlin")).utcoffset()
               for begin, _, _ in spans)
    for (_, end, first), (begin, _, second) in zip(spans, spans[1:]):
        assert end <= begin, f"{first} and {second} overlap at {begin}"


def test_a_holiday_calendar_or_time_zone_that_does_not_exist_is_an_input_error(cli, tmp_path):
    okrs = write(tmp_path / "okrs.csv", EXPORT)
    for line, word in (("holiday_calendar: Narnia\n", "holiday_calendar"), ("time_zone: Mars/Olympus\n", "time_zone")):
        profile = write(tmp_path / "profile.yaml", "organisation: Acme\n" + line)
        code, _, err = cli("report", "--okrs", okrs, "--profile", profile, "--out", tmp_path / "out")
        assert code == 2 and f"{profile}:2" in err and word in err and "Traceback" not in err, err


def test_the_timeline_draws_the_dates_a_calendar_program_shows(demo_copy, content):
    from diagnose.plan import rollout

    diagnosis = diagnose(Inputs(answers=sorted((demo_copy / "answers").glob("*.yaml")), okrs=demo_copy / "okrs.csv",
                                checkins=demo_copy / "checkins.csv", profile=demo_copy / "profile.yaml"), content)
    shown: dict[str, list[dt.date]] = {}
    for begin, _, title in occurrences(Calendar.from_ical(build_calendar(diagnosis))):
        shown.setdefault(title, []).append(begin.date())
    recurring = [e for e in diagnosis.rollout if e.rrule]
    assert recurring and any(e.exdates for e in recurring)  # 3 May 2027 is a bank holiday
    for event in recurring:
        assert rollout.occurrences(event) == sorted(shown[event.title]), event.title


def test_an_impossible_date_in_the_profile_is_named_with_its_line(cli, tmp_path):
    # Written unquoted, YAML itself reads it as a date: the loader once crashed on 2027-02-30.
    profile = write(tmp_path / "profile.yaml", "organisation: Acme\nblackout_weeks: [2027-02-30]\n")
    code, _, err = cli("report", "--okrs", write(tmp_path / "okrs.csv", EXPORT), "--profile", profile,
                       "--out", tmp_path / "out")
    assert code == 2 and f"{profile}:2: blackout_weeks" in err and "Traceback" not in err, err


def test_the_report_gives_each_events_time(tmp_path, content):
    from diagnose.report.render import render_html

    diagnosis = diagnosis_of(tmp_path, content, "start_date: 2027-01-11\n", dt.date(2026, 12, 1))
    html = render_html(diagnosis, content.library)
    for event in diagnosis.rollout:
        assert f"{event.time:%H:%M}</span>" in html
