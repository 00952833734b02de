"""Comparing two diagnoses: what moved, what persisted, and honest caveats; bad inputs exit 2."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from diagnose.pipeline import Inputs, diagnose
from diagnose.progress.compare import compare
from diagnose.report.outputs import diagnosis_json


@pytest.fixture(scope="module")
def demo_diagnosis(content):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    return diagnose(Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                           checkins=demo / "checkins.csv", profile=demo / "profile.yaml",
                           today=dt.date(2026, 10, 5)), content)


def saved(tmp_path, diagnosis, name="before"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "diagnosis.json").write_bytes(diagnosis_json(diagnosis))
    return folder


def test_the_same_diagnosis_twice_shows_no_movement(demo_diagnosis):
    progress = compare(demo_diagnosis, demo_diagnosis)
    assert all(a.change == 0 for a in progress.areas)
    assert {f.status for f in progress.findings} == {"persisting"}
    assert all(step.action == "repeat" for step in progress.next_cycle)


@pytest.mark.pdf
def test_compare_through_the_cli_accepts_folders_and_writes_the_progress_report(cli, tmp_path, demo_diagnosis):
    before = saved(tmp_path, demo_diagnosis)
    later = demo_diagnosis.model_copy(update={"generated_on": dt.date(2027, 4, 5)})
    after = saved(tmp_path, later, "after")
    code, out, err = cli("compare", before, after / "diagnosis.json", "--out", tmp_path / "progress")
    assert code == 0, err
    for name in ("progress.pdf", "progress.html", "progress.json"):
        assert (tmp_path / "progress" / name).stat().st_size > 500
    data = json.loads((tmp_path / "progress" / "progress.json").read_text())
    assert data["organisation"] == "Harbourline Logistics" and len(data["areas"]) == 5


def test_two_organisations_are_refused(cli, tmp_path, demo_diagnosis):
    before = saved(tmp_path, demo_diagnosis)
    other = demo_diagnosis.model_copy(update={"organisation": "Another Ltd"})
    after = saved(tmp_path, other, "after")
    code, out, err = cli("compare", before, after)
    assert code == 2 and "'Another Ltd'" in err and "same organisation" in err and "Traceback" not in err


def test_an_older_schema_and_a_non_diagnosis_are_refused(cli, tmp_path, demo_diagnosis):
    before = saved(tmp_path, demo_diagnosis)
    old = tmp_path / "old.json"
    data = json.loads((before / "diagnosis.json").read_text())
    data["schema_version"] = 0
    old.write_text(json.dumps(data))
    code, out, err = cli("compare", old, before)
    assert code == 2 and "schema version 0" in err and "old.json" in err
    not_one = tmp_path / "review.json"
    not_one.write_text('{"findings": []}')
    code, out, err = cli("compare", before, not_one)
    assert code == 2 and "not a diagnosis.json" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1,\n "areas": ')
    code, out, err = cli("compare", before, broken)
    assert code == 2 and "broken.json:2" in err


def test_later_first_is_refused(cli, tmp_path, demo_diagnosis):
    before = saved(tmp_path, demo_diagnosis)
    earlier = saved(tmp_path, demo_diagnosis.model_copy(update={"cycle": "2026-Q1", "cycle_end": dt.date(2026, 3, 31)}),
                    "earlier")
    code, out, err = cli("compare", before, earlier)
    assert code == 2 and "earlier diagnosis first" in err


def test_the_demo_organisation_next_cycle_moves_where_the_training_worked(content, demo_diagnosis):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    later = diagnose(Inputs(answers=sorted((demo / "next" / "answers").glob("*.yaml")), okrs=demo / "next" / "okrs.csv",
                            checkins=demo / "next" / "checkins.csv", profile=demo / "profile.yaml",
                            today=dt.date(2027, 4, 5)), content)
    progress = compare(demo_diagnosis, later)
    change = {a.area: a.change for a in progress.areas}
    assert change["goal_quality"] >= 10 and change["alignment"] >= 10
    assert 3 <= change["confidence"] < 10
    assert abs(change["accountability"]) < 3 and abs(change["leadership_consistency"]) < 3
    status = {f.id: f.status for f in progress.findings}
    assert status["task-shaped-key-results"] == "resolved" and status["goals-set-in-isolation"] == "resolved"
    assert status["check-in-rhythm-missing"] == "persisting" and status["leadership-perception-gap"] == "persisting"
    steps = {s.module: s.action for s in progress.next_cycle}
    assert steps["review-cadence"] == "repeat" and steps["leadership-calibration"] == "repeat"
    assert steps["outcome-writing-clinic"] == "drop"
    effects = {m.module: m.verdict for m in progress.modules}
    assert effects["outcome-writing-clinic"] == "moved" and effects["review-cadence"] == "did not move"
    indicators = {i.id: i for i in progress.indicators}
    assert indicators["outcome-share"].improved and not indicators["checkin-discipline"].improved
    assert not progress.wording_only  # confidence and results moved too, not only the wording
    assert (progress.before_cycle, progress.after_cycle) == ("2026-Q3", "2027-Q1")
    assert "improved in" in progress.headline and "accountability" in progress.headline


def test_better_wording_alone_is_called_out(demo_diagnosis):
    later = demo_diagnosis.model_copy(deep=True)
    for indicator in later.measurement:
        if indicator.id == "outcome-share":
            indicator.baseline = (indicator.baseline or 0) + 25
    later.cycle, later.cycle_end = "2027-Q1", dt.date(2027, 3, 31)
    progress = compare(demo_diagnosis, later)
    assert progress.wording_only
    assert any("improvement in wording" in c for c in progress.caveats)
