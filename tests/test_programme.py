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
    # Four cycles in, with nothing to fix, an organisation needs no course at all; a few cycles in,
    # a 90-minute refresher; in its first cycle, the fundamentals.
    assert diagnosis.recommendations == [] and diagnosis.sessions == [], [r.module for r in diagnosis.recommendations]
    folder = tmp_path / "developing"
    folder.mkdir()
    developing = organisation(folder, content, cycles_run=2)
    assert [r.module for r in developing.recommendations] == ["okr-refresher"]
    assert [s.minutes for s in developing.sessions] == [90]
    folder = tmp_path / "first"
    folder.mkdir()
    first = organisation(folder, content, cycles_run=0)  # a first cycle gets guided drafting too
    assert first.recommendations[0].module == "okr-fundamentals" and len(first.sessions) <= 3
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
    assert {"product-team-okrs", "okr-fundamentals"} <= product_modules
    assert "operations-team-okrs" in operations_modules
    assert not {"product-team-okrs", "okr-and-agile-sprints", "objective-drafting", "okr-fundamentals",
                "okr-refresher"} & operations_modules
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


def workshop_recommendations(diagnosis, content):
    from diagnose.plan.programme import ROLLOUT_FORMATS

    return [r for r in diagnosis.recommendations if content.library[r.module].format not in ROLLOUT_FORMATS]


@pytest.mark.parametrize("weak_area", [*AREAS, None])
def test_a_programme_holds_what_it_recommends_one_module_per_need(tmp_path, content, weak_area):
    diagnosis = organisation(tmp_path, content, weak_area)
    library = content.library
    # Every workshop module recommended has a session; what does not fit is a reasoned next-cycle item.
    assert all(r.session for r in workshop_recommendations(diagnosis, content))
    held = {r.module for r in diagnosis.recommendations}
    assert not held & {item.module for item in diagnosis.next_cycle}
    assert all(("allow" in item.reason or "would hold" in item.reason) and item.because for item in diagnosis.next_cycle)
    assert not any("_" in item.reason for item in diagnosis.next_cycle)
    # Near-duplicates are not both taken.
    needs = [library[m].need for m in held if library[m].need]
    assert len(needs) == len(set(needs)), sorted(held)
    # Every high finding training can fix is answered by a module in a session.
    answered = {f for r in diagnosis.recommendations if r.session for f in r.because}
    for finding in diagnosis.findings:
        if finding.severity == "high" and finding.training_need:
            assert finding.id in answered, (finding.id, [r.module for r in diagnosis.recommendations])


def test_leaders_are_calibrated_before_any_team_is_trained(tmp_path, content):
    diagnosis = organisation(tmp_path, content, "leadership_consistency")
    first = diagnosis.sessions[0]
    assert "teams" not in first.audience and "everyone" not in first.audience, first
    assert "leadership-calibration" in first.modules


@pytest.mark.parametrize("weak_area", AREAS)
def test_no_session_puts_executives_in_a_room_with_teams_unless_every_module_is_joint(tmp_path, content,
                                                                                       weak_area):
    diagnosis = organisation(tmp_path, content, weak_area, max_sessions=3, session_minutes=480)
    for session in diagnosis.sessions:
        audiences = [set(content.library[m].audience) for m in session.modules]
        mixed = [("executives" in a) and bool({"teams", "everyone"} & a) for a in audiences]
        together = set().union(*audiences)
        if "executives" in together and {"teams", "everyone"} & together:
            assert all(mixed), (session.modules, audiences)


@pytest.mark.parametrize("sessions_allowed", [2, 3, 4])
def test_a_module_left_for_the_next_cycle_could_not_have_been_held(tmp_path, content, sessions_allowed):
    from diagnose.core.resources import content_dir
    from diagnose.plan.programme import ROLLOUT_FORMATS, recommend
    from diagnose.plan.sessions import _pack

    demo = content_dir("demo")
    profile = yaml.safe_load((demo / "profile.yaml").read_text())
    profile["max_sessions"] = sessions_allowed
    folder = tmp_path
    (folder / "profile.yaml").write_text(yaml.safe_dump(profile))
    diagnosis = diagnose(Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                                checkins=demo / "checkins.csv", profile=folder / "profile.yaml",
                                today=dt.date(2026, 12, 2)), content)
    assert diagnosis.next_cycle and len(diagnosis.sessions) == sessions_allowed
    # Every module the findings called for, as the programme chose them, in teaching order.
    chosen, _ = recommend(diagnosis.findings, content.rules, content.library, diagnosis.profile, content.settings.plan)
    workshops = [r for r in chosen if content.library[r.module].format not in ROLLOUT_FORMATS]
    held = {s_module for session in diagnosis.sessions for s_module in session.modules}
    for item in diagnosis.next_cycle:
        rec = next(r for r in workshops if r.module == item.module)
        if not set(rec.after) <= held:
            continue  # it waits for preparation that is left out too
        trial = [r for r in workshops if r.module in held | {item.module}]
        assert len(_pack(trial, content.library, profile["session_minutes"])) > sessions_allowed, item.module


def test_maturity_scales_the_common_core(tmp_path, content):
    minutes = {}
    for cycles in (0, 2, 6):
        folder = tmp_path / str(cycles)
        folder.mkdir()
        diagnosis = organisation(folder, content, "goal_quality", cycles_run=cycles)
        core = [r.module for r in diagnosis.recommendations if content.library[r.module].track == "core"]
        minutes[cycles] = sum(content.library[m].duration_minutes for m in core)
    assert minutes[0] > minutes[2] > minutes[6] == 0, minutes


def test_a_manager_programme_follows_the_manager_sequence(tmp_path, content):
    diagnosis = organisation(tmp_path, content, "goal_quality", scope="managers", max_sessions=8)
    library = content.library
    kinds = {library[r.module].kind for r in workshop_recommendations(diagnosis, content)}
    assert kinds <= {"core", "manager", "role"}, kinds
    assert "kr-refinement" in {r.module for r in diagnosis.recommendations}
    for session in diagnosis.sessions:
        assert "teams" not in session.audience, session
    order = [m for s in diagnosis.sessions for m in s.modules]
    assert order.index("strategic-brief") < order.index("kr-refinement")


def survey_only(tmp_path, content, weak_area, weak_score, per_role=5):
    bank = content.banks["okr-training-needs"]
    profile_path = write_profile(tmp_path)
    answers = write_answers(tmp_path, bank, weak_area, yaml.safe_load(profile_path.read_text()), weak_score, per_role)
    return diagnose(Inputs(answers=answers, profile=profile_path, today=dt.date(2026, 11, 23)), content)


def test_severity_follows_the_strength_of_the_evidence(tmp_path, content):
    (tmp_path / "worst").mkdir()
    (tmp_path / "mild").mkdir()
    worst = survey_only(tmp_path / "worst", content, "confidence", 0)
    mild = survey_only(tmp_path / "mild", content, "confidence", 30)
    in_area = [f for f in worst.findings if f.area == "confidence"]
    # Fifteen people giving the worst answer to every confidence question: high, and said why.
    assert in_area and all(f.severity == "high" for f in in_area), [(f.id, f.severity) for f in in_area]
    assert all("15 people" in f.strength and "far past" in f.strength for f in in_area)
    mild_findings = [f for f in mild.findings if f.area == "confidence"]
    assert mild_findings and not any(f.severity == "high" for f in mild_findings), \
        [(f.id, f.severity, f.strength) for f in mild_findings]
    assert all("no last cycle was given" in f.strength for f in mild_findings)


def a_leader_alone(tmp_path, content, cycles_run):
    bank = content.banks["okr-training-needs"]
    profile_path = write_profile(tmp_path, cycles_run=cycles_run)
    answers = write_answers(tmp_path, bank, None, yaml.safe_load(profile_path.read_text()), per_role=1)
    leader = [path for path in answers if path.name.startswith("leader")]
    return diagnose(Inputs(answers=leader, today=dt.date(2026, 11, 23)), content)


def test_a_single_leaders_answers_with_no_export_never_read_as_a_sound_organisation(tmp_path, content):
    diagnosis = a_leader_alone(tmp_path, content, cycles_run=4)
    assert "soundly" not in diagnosis.headline or "too narrow" in diagnosis.headline, diagnosis.headline
    assert "one person's view" in diagnosis.evidence_base and "team survey" in diagnosis.evidence_base
    assert "Leaders commonly rate" in diagnosis.evidence_base


def test_a_leader_assessing_before_a_first_rollout_gets_a_first_rollout_programme(tmp_path, content):
    diagnosis = a_leader_alone(tmp_path, content, cycles_run=0)
    assert "first OKR rollout" in diagnosis.headline, diagnosis.headline
    modules = {r.module for r in diagnosis.recommendations if r.session}
    assert {"okr-fundamentals", "strategic-brief", "objective-drafting", "review-cadence"} <= modules, modules
    assert "one person's view" in diagnosis.evidence_base


def test_a_broad_diagnosis_says_what_it_rests_on_without_a_caution(tmp_path, content):
    diagnosis = organisation(tmp_path, content)
    assert diagnosis.evidence_base.startswith("This diagnosis rests on the answers of 9 people")
    assert "hypotheses" not in diagnosis.evidence_base and "export" in diagnosis.evidence_base


def test_the_profiles_cadence_is_the_one_recommended(tmp_path, content):
    from diagnose.content.placeholders import fill, words_for

    diagnosis = organisation(tmp_path, content, "accountability", checkin_cadence="biweekly", locale="en-GB")
    behaviours = " ".join(f.behaviour for f in diagnosis.findings)
    assert "fortnightly check-in" in behaviours and "weekly check-in" not in behaviours.replace("fortnightly", "")
    assert "{cadence}" not in diagnosis.model_dump_json()
    words = words_for("biweekly", "en-US")
    for module in content.library.modules.values():
        text = fill(module, words).model_dump_json()
        assert "{cadence}" not in text and "weekly check-in" not in text.replace("biweekly", ""), module.id


def test_check_refuses_an_unknown_placeholder(tmp_path, cli):
    from diagnose.content.rulebook import rules_path

    text = rules_path().read_text(encoding="utf-8").replace("hold a short {cadence} check-in",
                                                            "hold a short {cadense} check-in")
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    code, out, err = cli("check", rules)
    assert code == 2 and "{cadense}" in out and "Traceback" not in out + err, out


@pytest.mark.parametrize("maturity", [None, "first_cycle"])  # a first cycle opens with a session for everyone
def test_leaders_settle_what_training_cannot_fix_before_the_workshops_and_teams_wait_for_a_strategy(
        tmp_path, demo_copy, content, maturity):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    profile = tmp_path / "profile.yaml"
    profile.write_text((demo / "profile.yaml").read_text(encoding="utf-8")
                       + (f"maturity: {maturity}\n" if maturity else ""), encoding="utf-8")
    diagnosis = diagnose(Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                                checkins=demo / "checkins.csv", profile=profile,
                                today=dt.date(2026, 11, 23)), content)
    not_training = [f for f in diagnosis.findings if not f.training_need]
    assert any(f.id in content.settings.plan.teams_wait_for for f in not_training)
    decisions = [e for e in diagnosis.rollout if e.phase == "leadership"]
    assert len(decisions) == 1
    first_workshop = min(s.date for s in diagnosis.sessions)
    assert decisions[0].start < first_workshop
    # The leaders' pre-work feeds their decisions, so it is due before that meeting.
    prework = next(e for e in diagnosis.rollout if e.phase == "pre-work")
    assert prework.start < decisions[0].start
    for finding in not_training:
        assert finding.title in decisions[0].description and finding.strength
    with_teams = [s.date for s in diagnosis.sessions if {"teams", "everyone"} & set(s.audience)]
    from diagnose.plan.working_days import working_days_for

    days = working_days_for(diagnosis.profile, content.settings.plan)
    assert min(with_teams) >= days.after(decisions[0].start, content.settings.plan.teams_wait_days)


def test_the_measurement_plan_has_the_seeds_lagging_indicators(tmp_path, content):
    diagnosis = organisation(tmp_path, content, "accountability")
    lagging = {i.id for i in diagnosis.measurement if i.kind == "lagging"}
    assert {"managers-run-reviews", "escalations-settled", "decision-speed", "dependency-visibility"} <= lagging
    for indicator in diagnosis.measurement:  # never a target worse than where the organisation is
        if indicator.baseline is not None:
            worse = indicator.target > indicator.baseline if indicator.lower_is_better \
                else indicator.target < indicator.baseline
            assert not worse, indicator
    steps = {m.id: m.step for m in content.settings.measurement}
    for indicator in diagnosis.measurement:  # and never further than one cycle's reach
        if indicator.baseline is not None and steps[indicator.id]:
            assert abs(indicator.target - indicator.baseline) <= steps[indicator.id] + 1e-9, indicator


def test_free_text_answers_reach_the_report_never_attributed_to_a_group_too_small_to_hide_in(content):
    from diagnose.core.resources import content_dir
    from diagnose.core.vocabulary import ROLE_TITLES

    demo = content_dir("demo")
    answers = sorted((demo / "answers").glob("*.yaml"))
    for min_group in (3, 4):
        diagnosis = diagnose(Inputs(answers=answers, profile=demo / "profile.yaml", min_group=min_group,
                                    today=dt.date(2026, 11, 23)), content)
        named = {role: n for role, n in diagnosis.respondents.items() if role != "consultant"}
        texts = {q.text for q in diagnosis.verbatim}
        assert any("anything else" in q.question for q in diagnosis.verbatim)
        assert len(texts) == len(diagnosis.verbatim) >= 30
        for role, count in named.items():
            shown_as_role = [q for q in diagnosis.verbatim if q.said_by == ROLE_TITLES[role]]
            quoted = [e for f in diagnosis.findings for e in f.evidence if e.ref.startswith(ROLE_TITLES[role] + ",")]
            if count < min_group:
                assert not shown_as_role and not quoted, (role, count, min_group)
        assert any(q.said_by == "A respondent" for q in diagnosis.verbatim)


@pytest.mark.parametrize("question,finding,training", [
    ("acc_status_updates", "check-ins-are-status-rounds", True),
    ("mgr_policing", "managers-police-the-process", True),
    ("owner_influence", "owners-cannot-move-their-key-results", True),
    ("conf_commit_vs_aspire", "commitment-confused-with-aspiration", True),
    ("sprint_tension", "sprints-pull-against-okrs", True),
    ("okrs_in_pay", "okrs-tied-to-pay", False),
    ("lead_missed_consequence", "missed-key-results-have-no-known-consequence", False),
])
def test_each_seed_pattern_has_a_question_and_a_rule_that_reads_it(tmp_path, content, question, finding, training):
    bank = content.banks["okr-training-needs"]
    asked = bank.question(question)
    worst = min((c for c in asked.choices if c.score is not None), key=lambda c: c.score).value
    profile_path = write_profile(tmp_path)
    answers = write_answers(tmp_path, bank, None, yaml.safe_load(profile_path.read_text()))
    for path in answers:
        data = yaml.safe_load(path.read_text())
        if question in data["answers"]:
            data["answers"][question] = worst
        path.write_text(yaml.safe_dump(data))
    diagnosis = diagnose(Inputs(answers=answers, profile=profile_path, today=dt.date(2026, 11, 23)), content)
    fired = {f.id: f for f in diagnosis.findings}
    assert finding in fired, sorted(fired)
    assert fired[finding].training_need is training and fired[finding].evidence
    if training:
        assert any(finding in r.because and r.session for r in diagnosis.recommendations)
    else:
        assert any(fired[finding].title in e.description for e in diagnosis.rollout if e.phase == "leadership")


def test_a_programme_for_named_teams_reads_only_their_key_results(tmp_path, content, cli):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    profile = tmp_path / "profile.yaml"
    profile.write_text((demo / "profile.yaml").read_text(encoding="utf-8")
                       + "teams: [\"Product: Shipper App\", \"product: carrier platform\"]\n", encoding="utf-8")
    diagnosis = diagnose(Inputs(okrs=demo / "okrs.csv", checkins=demo / "checkins.csv", profile=profile,
                                today=dt.date(2026, 11, 23)), content)
    import csv

    rows = list(csv.DictReader((demo / "okrs.csv").open(encoding="utf-8")))
    where = {row["objective_id"]: (row["team"], row["level"]) for row in rows}
    kept = {kr.objective_id for kr in diagnosis.key_results}
    assert {where[o][0] for o in kept if where[o][1] != "company"} == {"Product: Shipper App", "Product: Carrier Platform"}
    assert {o for o, (_, level) in where.items() if level == "company"} <= kept
    assert len(diagnosis.key_results) < len(rows)
    assert any("named teams" in w and "objectives" in w for w in diagnosis.input_warnings)
    # A name that is no team of the export: exit 2, naming the teams it has.
    profile.write_text("teams: [Platform Wizards]\n", encoding="utf-8")
    code, out, err = cli("report", "--okrs", demo / "okrs.csv", "--profile", profile, "--out", tmp_path / "out")
    assert code == 2 and "Platform Wizards" in out + err and "Product: Shipper App" in out + err, out + err


def test_the_demo_organisation_as_a_manager_programme(tmp_path, content):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    profile = tmp_path / "profile.yaml"
    profile.write_text((demo / "profile.yaml").read_text(encoding="utf-8") + "scope: managers\n", encoding="utf-8")
    diagnosis = diagnose(Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                                checkins=demo / "checkins.csv", profile=profile, today=dt.date(2026, 12, 2)), content)
    order = [m for s in diagnosis.sessions for m in s.modules]
    # The second seed's manager sequence, fitted to the findings (objective drafting is for a first cycle).
    sequence = ["strategic-brief", "kr-refinement", "review-mechanics", "alignment-workshop", "escalation-governance"]
    assert set(sequence) <= set(order), order
    assert order.index("strategic-brief") < order.index("kr-refinement") < order.index("escalation-governance")
    assert all("teams" not in s.audience for s in diagnosis.sessions)
    assert {i.id for i in diagnosis.measurement} >= {"managers-run-reviews"}


def test_too_many_company_priorities_shown_by_the_export_alone(tmp_path, content):
    rows = ["objective_id,objective,team,level,parent,key_result_id,key_result,owner"]
    for n in range(1, 8):
        rows.append(f"C{n},Company priority {n},Executive,company,,C{n}.1,Raise measure {n} from 10 to 20,Ann")
        rows.append(f"T{n},Team objective {n},Team {n},team,C{n},T{n}.1,Cut cost {n} from 9 to 5,Bo")
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    diagnosis = diagnose(Inputs(okrs=okrs, today=dt.date(2026, 11, 23)), content)
    finding = next(f for f in diagnosis.findings if f.id == "too-many-priorities")
    assert not finding.training_need and sum(e.ref.startswith("Objective C") for e in finding.evidence) >= 5
    assert "shown by the last cycle" in finding.strength.lower()


def test_the_leaders_pre_work_comes_before_their_decisions_when_teams_open_the_programme(tmp_path, content):
    """Here no leadership session opens the programme: the first session has teams in it and waits
    for the leaders' decisions, and the pre-work that feeds those decisions still comes first."""
    from pathlib import Path

    from diagnose.content.bank import load_bundled_bank
    from diagnose.core.resources import content_dir
    from diagnose.people.bank_export import for_role
    from test_bank_export import answers_for, google_export

    demo = content_dir("demo")
    responses = []
    for role, count in (("team_member", 6), ("leader", 3)):
        bank = for_role(load_bundled_bank(), role)
        path = google_export(bank, [answers_for(bank, row) for row in range(count)], tmp_path / f"{role}.csv")
        responses.append(Path(f"{path}:{role}"))
    diagnosis = diagnose(Inputs(responses=responses, okrs=demo / "okrs.csv", checkins=demo / "checkins.csv",
                                today=dt.date(2026, 12, 2)), content)
    decisions = next(e for e in diagnosis.rollout if e.phase == "leadership")
    prework = next(e for e in diagnosis.rollout if e.phase == "pre-work")
    assert {"teams", "everyone"} & set(diagnosis.sessions[0].audience)
    assert prework.start < decisions.start < diagnosis.sessions[0].date
