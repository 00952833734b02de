"""The pipeline's judgement: changing the inputs changes the findings and the curriculum."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import yaml

from diagnose.pipeline import Inputs, diagnose


def run(demo, content, **overrides):
    inputs = Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                    checkins=demo / "checkins.csv", profile=demo / "profile.yaml", today=dt.date(2026, 11, 23))
    for key, value in overrides.items():
        setattr(inputs, key, value)
    return diagnose(inputs, content)


def ids(diagnosis):
    return {f.id for f in diagnosis.findings}


def modules(diagnosis):
    return {r.module for r in diagnosis.recommendations}


def test_demo_finds_different_problems_in_at_least_three_areas(demo_copy, content):
    diagnosis = run(demo_copy, content)
    areas = {f.area for f in diagnosis.findings if f.severity == "high"}
    assert len(areas) >= 3
    assert {"task-shaped-key-results", "check-in-rhythm-missing", "leadership-perception-gap"} <= ids(diagnosis)
    assert diagnosis.sessions and diagnosis.sessions[0].date == dt.date(2027, 1, 11)
    assert all(s.date.weekday() < 5 for s in diagnosis.sessions)
    assert diagnosis.sessions == sorted(diagnosis.sessions, key=lambda s: s.date)


def test_rewriting_activity_key_results_as_outcomes_removes_the_goal_quality_finding(demo_copy, content):
    before = run(demo_copy, content, answers=[])
    assert "task-shaped-key-results" in ids(before)
    assert "outcome-writing-clinic" in modules(before)
    path = demo_copy / "okrs.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    checks = {c.id: c for c in before.key_results}
    for row in rows:
        if checks[row["key_result_id"]].kind == "activity":
            row["key_result"] = f"Raise the share of customers served well from 40% to 60% ({row['key_result_id']})"
            row["start_value"], row["target_value"] = "40", "60"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    after = run(demo_copy, content, answers=[])
    assert "task-shaped-key-results" not in ids(after)
    assert not [r for r in after.recommendations if "task-shaped-key-results" in r.because]
    assert after.areas["goal_quality"].score > before.areas["goal_quality"].score


def test_leaders_agreeing_with_managers_removes_the_perception_gap(demo_copy, content):
    before = run(demo_copy, content)
    assert "leadership-perception-gap" in ids(before)
    assert "leadership-calibration" in modules(before)
    for name in ("ceo.yaml", "coo.yaml", "cfo.yaml"):
        path = demo_copy / "answers" / name
        data = yaml.safe_load(path.read_text())
        for qid in ("lead_same_message", "lead_calibrated", "lead_missed_consequence"):
            data["answers"][qid] = "disagree"
        for qid in ("lead_interpret_differently", "side_work_added"):
            data["answers"][qid] = "agree"
        path.write_text(yaml.safe_dump(data))
    after = run(demo_copy, content)
    assert "leadership-perception-gap" not in ids(after)
    assert after.areas["leadership_consistency"].score < before.areas["leadership_consistency"].score


def test_missing_fields_are_not_shown_rather_than_scored_low(tmp_path, content):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result\nGrow,Raise NPS from 20 to 40\nGrow,Cut churn from 5% to 3%\n")
    diagnosis = diagnose(Inputs(okrs=okrs), content)
    assert diagnosis.areas["accountability"].score is None
    assert diagnosis.areas["alignment"].score is None
    assert not [f for f in diagnosis.findings if f.area in ("accountability", "alignment")]
    assert any("owns" in n or "check-ins" in n for n in diagnosis.not_shown)


def test_every_recommendation_names_its_findings_or_why(demo_copy, content):
    diagnosis = run(demo_copy, content)
    finding_ids = ids(diagnosis)
    titles = {rec.title for rec in diagnosis.recommendations}
    for rec in diagnosis.recommendations:
        assert set(rec.because) <= finding_ids
        if not rec.because:  # then it prepares for a module chosen, or every programme has it
            prepares_for = rec.reason.removeprefix("prepares for ")
            assert prepares_for in titles or content.library[rec.module].track is not None, rec
    # Leadership findings fire in the demo: leaders calibrate first, then the common core.
    modules = [rec.module for rec in diagnosis.recommendations]
    assert modules[:2] == ["leadership-calibration", "okr-refresher"], modules


def test_leaders_high_and_managers_low_give_a_finding_that_shows_the_gap(tmp_path, content):
    files = []
    for number, (role, value) in enumerate([("leader", "strongly_agree")] * 3 + [("manager", "disagree")] * 3):
        path = tmp_path / f"{number}.yaml"
        path.write_text(yaml.safe_dump({"bank": "okr-training-needs", "bank_version": 1, "respondent": {"role": role},
                                        "answers": {"lead_same_message": value, "lead_calibrated": value}}))
        files.append(path)
    diagnosis = diagnose(Inputs(answers=files, today=dt.date(2026, 11, 23)), content)
    finding = next(f for f in diagnosis.findings if f.id == "leadership-perception-gap")
    assert finding.area == "leadership_consistency" and finding.severity == "high"
    gap = finding.evidence[0].text
    assert "leaders score it 100/100 (n=3)" in gap and "25/100 (n=3)" in gap and "gap of 75 points" in gap


@pytest.mark.pdf
def test_report_reads_a_google_forms_export_through_the_cli(cli, tmp_path):
    export = tmp_path / "form.csv"
    question = "Without looking them up, I could name the company priorities that our team's objectives support this quarter."
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", question, "Favourite colour"])
        writer.writerows([["2026/11/02 10:00:00", "Strongly agree", "blue"],
                          ["2026/11/02 10:05:00", "Somewhat agree", "green"], ["2026/11/02 10:09:00", "Meh", "red"]])
    code, out, err = cli("report", "--responses", export, "--role", "team_member", "--out", tmp_path / "out")
    assert code == 0, err
    data = __import__("json").loads((tmp_path / "out" / "diagnosis.json").read_text())
    assert data["respondents"] == {"team_member": 2}  # row 4 answered nothing usable, and says so
    assert "Favourite colour" in err and "'Meh'" in err and "row 4" in err
