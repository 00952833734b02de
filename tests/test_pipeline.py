"""The pipeline as one function, and the judgement it uses read from the content files."""

from __future__ import annotations

import dataclasses
import json

from conftest import write
from diagnose.content.library import Library
from diagnose.content.settings import settings_path
from diagnose.pipeline import Inputs, diagnose

EXPORT = ("objective_id,objective,team,level,parent,key_result_id,key_result,owner,score\n"
          "C1,Grow the business,Exec,company,,K1,Raise revenue from 10 to 20,Ann,0.6\n"
          "T1,Ship the app,Product,team,,K2,Launch the new app,,1.0\n"
          "T1,Ship the app,Product,team,,K3,Write the release notes,,1.0\n"
          "T2,Run support,Support,team,C1,K4,Hold weekly stand-ups,Bo,1.0\n")


def test_the_review_command_sorts_findings_as_the_report_does(cli, tmp_path, demo_copy):
    code, out, _ = cli("review", demo_copy / "okrs.csv", "--checkins", demo_copy / "checkins.csv", "--format", "json")
    assert code == 0
    reviewed = [f["id"] for f in json.loads(out)["findings"]]
    diagnosis = diagnose(Inputs(okrs=demo_copy / "okrs.csv", checkins=demo_copy / "checkins.csv"))
    assert reviewed == [f.id for f in diagnosis.findings]
    assert len(reviewed) >= 3


def test_profile_fields_nobody_gave_are_unknown_to_the_rules(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", EXPORT)
    alone = diagnose(Inputs(okrs=okrs), content)
    assert alone.signals["profile.maturity"]["value"] is None
    # Team types nobody gave are read from the export's team names, and the user is told so...
    assert alone.signals["profile.team_types"]["value"] == ["product", "operations", "leadership"]
    assert any(w.startswith("team types read from the export's team names") for w in alone.input_warnings)
    # ...or, with no team names to read, are unknown: never assumed.
    nameless = write(tmp_path / "nameless.csv", "objective,key_result\nGrow,Raise NPS from 30 to 40\n")
    unknown = diagnose(Inputs(okrs=nameless), content)
    assert unknown.signals["profile.team_types"]["value"] is None and unknown.profile.team_types == []
    assert any(w.startswith("team types not known") for w in unknown.input_warnings)
    profile = write(tmp_path / "profile.yaml", "team_types: [product]\ncycles_run: 4\n")
    told = diagnose(Inputs(okrs=okrs, profile=profile), content)
    assert told.signals["profile.team_types"]["value"] == ["product"]
    assert told.signals["profile.maturity"]["value"] == "experienced"


def with_settings(content, **changes):
    """The bundled content with parts of its settings replaced, as a consultant's copy would have."""
    settings = content.settings.model_copy(update=changes)
    return dataclasses.replace(content, settings=settings)


def test_the_blend_of_survey_and_review_comes_from_the_settings(demo_copy, content):
    inputs = Inputs(answers=sorted((demo_copy / "answers").glob("*.yaml")), okrs=demo_copy / "okrs.csv",
                    checkins=demo_copy / "checkins.csv", profile=demo_copy / "profile.yaml")
    for weight in (0.0, 0.5, 1.0):
        scoring = content.settings.scoring.model_copy(update={"review_weight": weight})
        areas = diagnose(inputs, with_settings(content, scoring=scoring)).areas
        for area in ("goal_quality", "alignment"):
            said, shown = areas[area].survey, areas[area].review
            assert areas[area].score == round(said * (1 - weight) + shown * weight, 1)


def test_area_weights_come_from_the_settings(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", EXPORT)
    only_activity = {"goal_quality": [{"signal": "review.activity_share", "inverse": True, "weight": 1.0}]}
    review = content.settings.review.model_copy(update={"area_scores": {
        area: [type(content.settings.review.area_scores["alignment"][0]).model_validate(p) for p in parts]
        for area, parts in only_activity.items()}})
    areas = diagnose(Inputs(okrs=okrs), with_settings(content, review=review)).areas
    activities = sum(1 for kr in diagnose(Inputs(okrs=okrs), content).key_results if kr.kind == "activity")
    assert areas["goal_quality"].score == round(100 * (1 - activities / 4), 1)
    assert areas["alignment"].score is None  # no weights given: not shown


def test_the_rollout_calendar_comes_from_the_settings(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", EXPORT)
    rollout = content.settings.rollout
    renamed = rollout.model_copy(update={
        "reset": rollout.reset.model_copy(update={"title": "Cycle close", "week": 12}),
        "first_month": rollout.first_month[:2]})
    events = diagnose(Inputs(okrs=okrs), with_settings(content, rollout=renamed)).rollout
    assert [e.title for e in events if e.phase == "first-month"] == [e.title for e in rollout.first_month[:2]]
    reset = next(e for e in events if e.phase == "reset")
    first_month = next(e for e in events if e.phase == "first-month")
    assert reset.title == "Cycle close" and (reset.start - first_month.start).days in range(84, 87)


def test_which_modules_every_programme_has_is_a_flag_on_the_module(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", EXPORT)
    modules = dict(content.library.modules)
    core = content.library.on_track("core")
    assert core == ["okr-fundamentals", "okr-refresher"]
    modules["okr-fundamentals"] = modules["okr-fundamentals"].model_copy(update={"track": None})
    modules["review-cadence"] = modules["review-cadence"].model_copy(update={"track": "core"})
    recommended = [r.module for r in diagnose(Inputs(okrs=okrs), dataclasses.replace(
        content, library=Library(modules))).recommendations]
    assert "review-cadence" in recommended
    before = [r.module for r in diagnose(Inputs(okrs=okrs), content).recommendations]
    assert "okr-fundamentals" in before


def test_check_names_an_area_weight_on_a_signal_that_does_not_exist(cli, tmp_path):
    text = settings_path().read_text(encoding="utf-8")
    settings = write(tmp_path / "settings.yaml", text.replace("- {signal: review.owner_coverage, weight: 0.3}",
                                                              "- {signal: review.owner_coverag, weight: 0.3}"))
    line = 1 + text.splitlines().index(next(t for t in text.splitlines() if "review.owner_coverage, weight" in t))
    code, out, err = cli("check", settings)
    assert code == 2 and "Traceback" not in out + err
    assert f"settings.yaml:{line}" in out and "review.owner_coverag" in out, out


def test_check_names_a_rollout_event_without_a_title(cli, tmp_path):
    text = settings_path().read_text(encoding="utf-8")
    settings = write(tmp_path / "settings.yaml", text.replace('    title: "OKR check-in: confidence, blockers, priority '
                                                              'calls"\n', ""))
    code, out, err = cli("check", settings)
    assert code == 2 and "Traceback" not in out + err
    assert "rollout.checkin" in out and "title" in out, out


def test_a_target_is_never_worse_than_the_baseline_and_one_already_met_is_held(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", EXPORT.replace(",,1.0\n", ",Cy,1.0\n"))  # every key result owned
    indicators = {i.id: i for i in diagnose(Inputs(okrs=okrs), content).measurement}
    owned = indicators["ownership-coverage"]
    assert (owned.baseline, owned.target, owned.already_met) == (100.0, 100.0, True)
    outcomes = indicators["outcome-share"]
    assert outcomes.baseline is not None and outcomes.target >= outcomes.baseline
    for indicator in indicators.values():
        if indicator.baseline is None:
            continue
        worse = indicator.target > indicator.baseline if indicator.lower_is_better else indicator.target < indicator.baseline
        assert not worse, indicator


def test_client_facing_text_names_findings_by_title_and_vocabulary_in_plain_words(tmp_path, content):
    from diagnose.report.render import render_html

    okrs = write(tmp_path / "okrs.csv", EXPORT)
    profile = write(tmp_path / "profile.yaml", "team_types: [shared_services]\ncycles_run: 3\n")
    diagnosis = diagnose(Inputs(okrs=okrs, profile=profile), content)
    html = render_html(diagnosis, content.library)
    ids = [f.id for f in diagnosis.findings]
    assert ids and not any(f"answers: {fid}" in html or f"; {fid}" in html for fid in ids)
    assert not any("_" in note for note in diagnosis.notes), diagnosis.notes
