"""From findings to a programme: one planted weakness shows up where it should, and the
programme is tailored to team types and maturity."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from icalendar import Calendar

from diagnose.pipeline import Inputs, diagnose
from diagnose.report.calendar import build_calendar
from orgs import write_answers, write_cycle, write_profile

AREAS = ("alignment", "goal_quality", "accountability", "leadership_consistency", "confidence")


def organisation(tmp_path, content, weak_area=None, **profile):
    bank = content.banks["okr-training-needs"]
    profile_path = write_profile(tmp_path, **profile)
    fields = yaml.safe_load(profile_path.read_text())
    answers = write_answers(tmp_path, bank, weak_area, fields)
    okrs, checkins = write_cycle(tmp_path, weak_area)
    return diagnose(Inputs(answers=answers, okrs=okrs, checkins=checkins, profile=profile_path,
                           today=dt.date(2026, 11, 23)), content)


@pytest.mark.parametrize("weak_area", AREAS)
def test_a_planted_weakness_is_the_lowest_area_with_a_high_finding_and_modules(tmp_path, content, weak_area):
    diagnosis = organisation(tmp_path, content, weak_area)
    scores = {area: s.score for area, s in diagnosis.areas.items() if s.score is not None}
    assert min(scores, key=scores.get) == weak_area, scores
    high = [f for f in diagnosis.findings if f.area == weak_area and f.severity == "high" and f.training_need]
    assert high, [(f.id, f.area, f.severity) for f in diagnosis.findings]
    chosen_for_it = [r for r in diagnosis.recommendations if set(r.because) & {f.id for f in high}]
    assert chosen_for_it and any(r.session for r in chosen_for_it)
    others = [f for f in diagnosis.findings if f.area != weak_area and f.severity == "high" and f.training_need]
    assert not others, [(f.id, f.area) for f in others]


def test_a_healthy_organisation_gets_the_common_core_and_little_more(tmp_path, content):
    diagnosis = organisation(tmp_path, content)
    assert all(f.severity == "low" for f in diagnosis.findings), [(f.id, f.severity) for f in diagnosis.findings]
    assert diagnosis.recommendations[0].module == "okr-fundamentals"
    assert len(diagnosis.recommendations) <= 3, [r.module for r in diagnosis.recommendations]
    assert min(s.score for s in diagnosis.areas.values()) >= 70


def test_same_weakness_different_organisations_get_different_curricula(tmp_path, content):
    first = tmp_path / "first"
    mature = tmp_path / "mature"
    first.mkdir()
    mature.mkdir()
    product = organisation(first, content, "goal_quality", team_types=["product"], cycles_run=0)
    operations = organisation(mature, content, "goal_quality", team_types=["operations"], cycles_run=6)
    product_modules = {r.module for r in product.recommendations}
    operations_modules = {r.module for r in operations.recommendations}
    assert "task-shaped-key-results" in {f.id for f in product.findings} & {f.id for f in operations.findings}
    assert {"product-team-okrs", "objective-drafting"} <= product_modules
    assert "operations-team-okrs" in operations_modules
    assert not {"product-team-okrs", "okr-and-agile-sprints", "objective-drafting"} & operations_modules
    assert "operations-team-okrs" not in product_modules
    assert product.profile.resolved_maturity() == "first_cycle"
    assert operations.profile.resolved_maturity() == "experienced"


def test_every_recommended_module_names_findings_with_evidence(tmp_path, content):
    diagnosis = organisation(tmp_path, content, "accountability")
    findings = {f.id: f for f in diagnosis.findings}
    for rec in diagnosis.recommendations:
        if rec.module == "okr-fundamentals":
            assert "common core" in rec.reason
            continue
        if rec.reason.startswith("prepares for"):
            continue
        assert rec.because, rec.module
        assert any(findings[f].evidence for f in rec.because), rec.module


def test_calendar_holds_the_rollout_with_recurring_cadence(tmp_path, content):
    diagnosis = organisation(tmp_path, content, "accountability", checkin_cadence="biweekly")
    calendar = Calendar.from_ical(build_calendar(diagnosis))
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    checkin = next(e for title, e in events.items() if title.startswith("OKR check-in"))
    assert checkin.get("rrule")["FREQ"] == ["WEEKLY"] and checkin.get("rrule")["INTERVAL"] == [2]
    monthly = next(e for title, e in events.items() if title.startswith("Monthly OKR review"))
    assert monthly.get("rrule")["FREQ"] == ["MONTHLY"]
    workshops = [e for title, e in events.items() if title.startswith("OKR workshop")]
    assert len(workshops) == len(diagnosis.sessions)
    assert any(title.startswith("Leaders' pre-work") for title in events)
    assert sum(title.startswith("Week ") for title in events) == 4
    assert any(title.startswith("Quarterly reset") for title in events)
    first_workshop = min(e.decoded("dtstart") for e in workshops)
    assert first_workshop.date() == dt.date(2027, 1, 11)


def test_people_saying_one_thing_and_the_cycle_showing_another_is_a_finding(tmp_path, content):
    bank = content.banks["okr-training-needs"]
    profile = write_profile(tmp_path)
    answers = write_answers(tmp_path, bank, None, yaml.safe_load(profile.read_text()))  # a healthy survey
    okrs, checkins = write_cycle(tmp_path, "accountability")                          # a neglected cycle
    diagnosis = diagnose(Inputs(answers=answers, okrs=okrs, checkins=checkins, profile=profile,
                                today=dt.date(2026, 11, 23)), content)
    gap = next(f for f in diagnosis.findings if f.id == "say-do-gap-accountability")
    sources = {e.source for e in gap.evidence}
    assert {"survey", "okrs"} <= sources and "checkins" in sources
    said = next(e.text for e in gap.evidence if e.source == "survey")
    shown = next(e.text for e in gap.evidence if e.source == "okrs")
    assert "survey answers score it" in said and "the export and check-ins score it" in shown
