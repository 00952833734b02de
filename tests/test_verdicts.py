"""A person's own outcome-or-activity verdicts (--kinds) override the tool's, key result by key result."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_or_clean_error, write, write_cut_csv
from diagnose.cycle.okrs import read_cycle
from diagnose.review.reviewer import review_cycle
from diagnose.review.verdicts import read_kind_verdicts

OKRS = ("objective_id,objective,key_result_id,key_result\n"
        "O1,Grow,K1,Launch the partner portal\n"
        "O1,Grow,K2,Raise activation from 20% to 35%\n"
        "O1,Grow,K3,Hire 5 engineers\n")


def kinds_of(review):
    return {c.id: (c.kind, c.kind_by, c.kind_certainty, c.binary, c.coaching_prompt is not None) for c in review.checks}


def test_verdicts_by_text_override_the_tools_and_follow_through_the_review(tmp_path):
    cycle = read_cycle(write(tmp_path / "okrs.csv", OKRS))
    tool = kinds_of(review_cycle(cycle))
    assert tool["K1"][:2] == ("activity", "model") and tool["K1"][3]  # done or not done: yes/no
    verdicts = read_kind_verdicts(write(tmp_path / "kinds.csv", "text,kind\n"
                                                                "  LAUNCH the partner   portal ,Outcome\n"
                                                                "Hire 5 engineers,\n"))
    mine = kinds_of(review_cycle(read_cycle(tmp_path / "okrs.csv"), kinds=verdicts))
    # An outcome without a measure is no longer yes/no, and is asked for its measure instead.
    assert mine["K1"] == ("outcome", "hand", None, False, True)
    assert mine["K2"] == tool["K2"] and mine["K3"] == tool["K3"]  # an empty kind cell changes nothing


def test_verdicts_by_id_and_the_ones_that_match_nothing_are_reported(tmp_path):
    verdicts = read_kind_verdicts(write(tmp_path / "kinds.csv", "key_result_id,kind\nK2,task\nK9,outcome\n"))
    review = review_cycle(read_cycle(write(tmp_path / "okrs.csv", OKRS)), kinds=verdicts)
    assert kinds_of(review)["K2"][:3] == ("activity", "hand", None)
    assert review.warnings == [f"{tmp_path / 'kinds.csv'}: 1 verdict (of 2) names no key result in this "
                               "export (check the text or id)"]


@pytest.mark.pdf
def test_a_corrected_key_results_csv_goes_back_in_and_the_report_follows_it(tmp_path, cli):
    okrs = write(tmp_path / "okrs.csv", OKRS)
    code, _, _ = cli("report", "--okrs", okrs, "--out", tmp_path / "first")
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "first" / "key_results.csv").open(encoding="utf-8-sig")))
    flipped = {row["id"]: ("activity" if row["kind"] == "outcome" else "outcome") for row in rows}
    for row in rows:
        row["kind"] = flipped[row["id"]]
    with (tmp_path / "kinds.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, _, _ = cli("report", "--okrs", okrs, "--kinds", tmp_path / "kinds.csv", "--out", tmp_path / "second")
    assert code == 0
    data = json.loads((tmp_path / "second" / "diagnosis.json").read_text(encoding="utf-8"))
    assert {kr["id"]: kr["kind"] for kr in data["key_results"]} == flipped
    assert {kr["kind_by"] for kr in data["key_results"]} == {"hand"}
    assert str(tmp_path / "kinds.csv") in data["inputs"]
    html = " ".join((tmp_path / "second" / "report.html").read_text(encoding="utf-8").split())
    assert f"In this report {len(rows)} of the {len(rows)} verdicts were set by hand" in html
    assert "verdicts were set by hand" not in (tmp_path / "first" / "report.html").read_text(encoding="utf-8")


def test_a_broken_verdicts_file_names_every_bad_row(tmp_path, cli):
    okrs = write(tmp_path / "okrs.csv", OKRS)
    bad = write(tmp_path / "kinds.csv", "text,kind\nLaunch X,outcome\nLaunch  x,activity\n,outcome\nRun Y,maybe\n")
    code, out, err = cli("review", okrs, "--kinds", bad)
    assert code == 2 and not out and "Traceback" not in err
    assert "row 3: this key result is also called outcome in row 2" in err
    assert "row 4: a kind without the key result's text" in err
    assert "row 5: kind 'maybe' is not outcome or activity (write outcome, activity (or task)" in err
    code, _, err = cli("review", okrs, "--kinds", write(tmp_path / "other.csv", "id,verdict\nK1,outcome\n"))
    assert code == 2 and "row 1: needs a 'kind' column and a 'text' or 'id' column" in err
    code, _, err = cli("report", "--kinds", bad, "--answers", okrs)
    assert code == 2 and "--kinds describe an OKR export: add --okrs FILE" in err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["kind", "text", "id", "key_result", "junk", "", "Kind"]), max_size=5),
       rows=st.lists(st.lists(st.one_of(st.text(max_size=10), st.sampled_from(
           ["outcome", "activity", "task", "Outcome", "", '"', "\n", ";"])), max_size=6), max_size=6),
       cut=st.integers(min_value=0, max_value=300))
def test_random_verdict_files_give_verdicts_or_a_clean_error(tmp_path, header, rows, cut):
    verdicts = read_or_clean_error(read_kind_verdicts, write_cut_csv(tmp_path / "kinds.csv", header, rows, cut))
    if verdicts is not None:
        assert set(verdicts.kinds.values()) <= {"outcome", "activity"}
        cycle = read_cycle(write(tmp_path / "okrs.csv", OKRS))
        review = review_cycle(cycle, kinds=verdicts, as_of=dt.date(2026, 9, 30))
        assert len(review.checks) == 3


def test_each_verdict_says_who_decided_it(tmp_path):
    import shutil

    from diagnose.content.settings import load_settings, settings_path

    shutil.copy(settings_path(), tmp_path / "settings.yaml")  # no wording_model.json beside it
    cycle = read_cycle(write(tmp_path / "okrs.csv", OKRS))
    rules_only = review_cycle(cycle, load_settings(tmp_path / "settings.yaml"))
    assert {(c.kind_by, c.kind_certainty) for c in rules_only.checks} == {("rules", None)}
    learned = review_cycle(read_cycle(tmp_path / "okrs.csv"))
    assert {c.kind_by for c in learned.checks} == {"model"} and all(c.kind_certainty for c in learned.checks)
