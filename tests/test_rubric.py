"""The rubric a coach judges a key result by (DOMAIN.md): measurable apart from kind, and health
metrics that keep a level rather than move it."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write
from diagnose.content.settings import load_settings
from diagnose.content.wording_model import WordingModel
from diagnose.cycle.okrs import read_cycle
from diagnose.pipeline import Inputs, diagnose
from diagnose.review.reviewer import review_cycle
from diagnose.review.wording import KeyResultLanguage

SETTINGS = load_settings()
LEARNED = KeyResultLanguage(SETTINGS.key_result_language, SETTINGS.wording_model)
RULES = KeyResultLanguage(SETTINGS.key_result_language)
# A model that calls everything an activity: what it is overruled on, the rules decide alone.
ACTIVITY_MINDED = KeyResultLanguage(SETTINGS.key_result_language,
                                    WordingModel(language_fingerprint="", bias=-50.0, weights={}))
OUTCOME_MINDED = KeyResultLanguage(SETTINGS.key_result_language,
                                   WordingModel(language_fingerprint="", bias=50.0, weights={}))


@pytest.mark.parametrize("text", [
    "Reach 25,000 newsletter subscribers", "Cut review turnaround from four days to one",
    "Sign at least three design partners", "Grow demo requests 2x", "Double the number of active sellers",
    "Halve the time to first reply", "Be in the top 3 of the app store rankings", "Run 6 webinars",
    "Publish a release note once a quarter", "Weekly demos to the sales team", "Zero sev-1 incidents in payments",
    "No customer data is lost in the migration", "Raise activation from X to Y", "Lift conversion by N%",
    "Hire five SREs", "Keep payroll accuracy at or above 99.9%", "Time to first contribution goes down to a day",
    "Create an API in under an hour",
    "Organizar una jornada de puertas abiertas al menos una vez al mes", "Publicar un boletín mensual",
    "Realizar cinco entrevistas con clientes", "Publicar dois relatórios por mês", "Une revue par mois",
    "CSAT of at least 4.5/5", "Client satisfaction ≥8.5/10",  # a score out of a scale, not a date
])
@pytest.mark.parametrize("language", [LEARNED, RULES], ids=["model", "rules"])
def test_a_number_threshold_or_target_of_any_kind_is_measurable(language, text):
    assert language.judge(text).measurable, text


@pytest.mark.parametrize("text", ["Paying teams 140 → 210", "NPS 31 -> 45", "Activation 24% ⇒ 38%"])
def test_a_baseline_and_target_written_with_an_arrow_is_a_baseline(tmp_path, text):
    assert RULES.judge(text).from_to and LEARNED.judge(text).kind == "outcome", text
    export = tmp_path / "okrs.csv"
    export.write_text(f"objective,key_result\nGrow,{text}\n", encoding="utf-8")
    check = review_cycle(read_cycle(export), SETTINGS).checks[0]
    assert check.has_baseline_and_target and "states no baseline and target" not in check.issues, check


@pytest.mark.parametrize("text", [
    "Upgrade every service to Python 3.12", "Get ISO 27001 certified", "Publish the Web3 integration guide",
    "Improve customer satisfaction", "Roll out the rota tool to all depots", "The new portal is live by 30 June",
    "Launch v2 of the app in Q3 2026", "Make every team's roadmap public", "Launch a 20% discount offer",
    "Publish the carbon report by the end of 2026.", "Mettre en place le portail client d'ici la fin mars 2026.",
    "Lanzar la nueva web el 30 de junio", "Die neue Website im März 2026 veröffentlichen",
    "Ship the app by 30/06/2026", "Launch on 30.06.2026", "Go live on 2026-06-30",
    "Kubernetes clusters are upgraded to 1.29",
])
@pytest.mark.parametrize("language", [LEARNED, RULES], ids=["model", "rules"])
def test_numbers_that_only_date_or_name_something_are_not_measures(language, text):
    if text == "Launch a 20% discount offer":
        pytest.xfail("the rubric excludes a number that describes the thing delivered; not told apart yet")
    assert not language.judge(text).measurable, text


@pytest.mark.parametrize("text", ["用户数达到一万", "完成三个版本发布", "发布两篇博客文章", "Zahl der Spenden verdoppeln",
                                  "Aantal leden verdubbelen", "Wöchentlich einen Blogbeitrag veröffentlichen",
                                  "每周发布一篇博客", "每个工作日回复所有工单"])
@pytest.mark.parametrize("language", [LEARNED, RULES], ids=["model", "rules"])
def test_numbers_written_in_other_languages_are_measurable(language, text):
    assert language.judge(text).measurable, text


@pytest.mark.parametrize("text", ["基于Gemini模型设计和迭代P2。", "Release lessons 3, 4, 5 and 6 by the end of the season",
                                  "Hold the public launch at the end of month 1", "Publish chapters 2 & 3 of the guide"])
def test_numbers_that_name_a_step_or_a_code_are_not_measures_in_any_script(text):
    assert not LEARNED.judge(text).measurable, text


@pytest.mark.parametrize("text", ["完成新版官网上线", "统一团队的流程", "Verbessern der Dokumentation"])
def test_other_languages_without_a_number_are_not_measurable(text):
    assert not LEARNED.judge(text).measurable, text


@pytest.mark.parametrize("text", ["Anzahl der Nutzer auf 500 steigern", "Reduzieren der Ladezeit auf unter 2 Sekunden",
                                  "月活跃用户提升至5000", "用户数达到一万", "Zahl der Spenden verdoppeln",
                                  "Doorlooptijd verkorten van 10 naar 4 dagen", "Verhoog de klanttevredenheid tot 4,8/5",
                                  "Bereik 10.000 actieve abonnees", "Erhöhe die Zahl der Mitglieder auf 300"])
def test_a_measure_pushed_with_a_number_is_an_outcome_where_the_verb_stands_last(text):
    assert LEARNED.judge(text).kind == "outcome", text


@pytest.mark.parametrize("text", ["完成三个版本发布", "发布两篇博客文章", "Verbessern der Dokumentation"])
def test_work_in_other_languages_is_not_made_an_outcome_by_those_verbs(text):
    assert LEARNED.judge(text).kind == "activity", text


@pytest.mark.parametrize("text,kind,health", [
    ("Aumentar los pedidos por cliente a 2,5", "outcome", False), ("Reduzir o tempo de resposta para 4 horas",
                                                                   "outcome", False),
    ("Migliorare la soddisfazione dei clienti al 90%", "outcome", False),
    ("Mantener la satisfacción de los socios por encima de 85%", "outcome", True),
    ("Manter a taxa de retenção acima de 95%", "outcome", True),
    ("Socios nuevos = 40", "outcome", False),
    ("Implementar el nuevo portal de clientes", "activity", False), ("Lançar o aplicativo para Android", "activity",
                                                                      False),
    ("Mettre en place un tableau de bord pour la direction", "activity", False),
])
def test_spanish_portuguese_italian_and_french_are_judged_by_their_own_verbs(text, kind, health):
    # An outcome shape overrules any model; a work verb is weighed by the learned one, as in English.
    wording = LEARNED.judge(text) if kind == "activity" else ACTIVITY_MINDED.judge(text)
    assert (wording.kind, wording.health_metric) == (kind, health), text


def test_a_work_verb_of_another_language_is_never_built_into_an_english_rewrite():
    rewrite = rewrite_of("Implementar el sistema de reservas a 3 clientes")
    assert rewrite.startswith("Name the measure that \u201cImplementar el sistema de reservas a 3 clientes\u201d"), rewrite


def test_measurable_is_a_question_apart_from_kind():
    assert (LEARNED.judge("Run 6 webinars").kind, LEARNED.judge("Run 6 webinars").measurable) == ("activity", True)
    wording = LEARNED.judge("Improve customer satisfaction")
    assert (wording.kind, wording.measurable) == ("outcome", False)


@pytest.mark.parametrize("text", [
    "Keep payroll accuracy at or above 99.9%", "Maintain month-end close within 5 days",
    "Maintain uptime at 99.95%", "Stay within budget", "Month-end close stays within 5 days",
])
def test_a_key_result_that_keeps_a_level_is_a_health_metric_and_an_outcome(text):
    wording = LEARNED.judge(text)
    assert wording.health_metric and wording.kind == "outcome", (text, wording)


@pytest.mark.parametrize("text", [
    "Raise uptime from 99.5% to 99.95%", "Maintain the internal wiki", "Cut churn from 5% to 3%",
    "Launch the new onboarding flow",
])
def test_moving_a_level_or_doing_work_is_no_health_metric(text):
    assert not LEARNED.judge(text).health_metric, text


def test_obvious_signals_win_over_the_learned_weights():
    # A measure pushed down with its numbers is an outcome whatever the model's weights say.
    wording = LEARNED.judge("Lower refund requests from 60 a month to 25")
    assert wording.kind == "outcome"


def test_health_metrics_are_marked_in_the_json_and_never_make_goals_look_too_safe(tmp_path, content):
    rows = ["objective,key_result,score"]
    rows += [f"Run a dependable payroll,Keep payroll accuracy at or above 99.{n}% in region {n},1.0" for n in range(6)]
    rows += ["Grow the business,Raise weekly active clinics from 120 to 200,0.6",
             "Grow the business,Cut churn from 5% to 3%,0.7"]
    okrs = write(tmp_path / "okrs.csv", "\n".join(rows) + "\n")
    profile = write(tmp_path / "profile.yaml", "cycles_run: 1\n")
    diagnosis = diagnose(Inputs(okrs=okrs, profile=profile), content)
    data = json.loads(diagnosis.model_dump_json())
    marks = [kr["health_metric"] for kr in data["key_results"]]
    assert marks == [True] * 6 + [False, False]
    ids = {f.id for f in diagnosis.findings}
    assert not ids & {"goals-too-safe", "cluster-of-safe-scores"}, ids
    assert diagnosis.signals["review.score_perfect_share"]["value"] == 0.0
    # A first cycle that writes its KPIs as key results is told so, with the exercise to sort them.
    assert "health-metrics-as-key-results" in ids
    assert any(r.module == "kr-refinement" for r in diagnosis.recommendations)


def test_the_same_perfect_scores_on_goals_that_move_are_too_safe(tmp_path, content):
    rows = ["objective,key_result,score"]
    rows += [f"Grow,Raise weekly orders in region {n} from 10 to 20,1.0" for n in range(6)]
    rows += ["Grow,Raise weekly active clinics from 120 to 200,0.6", "Grow,Cut churn from 5% to 3%,0.7"]
    diagnosis = diagnose(Inputs(okrs=write(tmp_path / "okrs.csv", "\n".join(rows) + "\n")), content)
    assert diagnosis.signals["review.score_perfect_share"]["value"] == 0.75
    assert any(f.area == "confidence" and "safe" in f.title.lower() for f in diagnosis.findings)


def rewrite_of(text: str) -> str | None:
    return LEARNED.coaching(text, LEARNED.judge(text)._replace(kind="activity"))[1]


@pytest.mark.parametrize("text,rewrite", [
    ("Launch the new onboarding flow", "After launching the new onboarding flow, raise its weekly use from [X] to [Y]"),
    ("Rewrite the onboarding emails", "After rewriting the onboarding emails, raise (or cut) the measure this work should move"),
    ("Go live with multi-factor authentication for all staff accounts",
     "After going live with multi-factor authentication for all staff accounts, raise its weekly use"),
    ("Publish 60 new help-centre articles", "After publishing 60 new help-centre articles, cut the questions or "
                                            "tickets they should answer"),
    ("Migrate the billing system to the new ERP", "After migrating the billing system to the new ERP, cut the error rate"),
    ("Hire two SREs", "After hiring two SREs, cut the backlog or lead time they are hired for"),
    ("Create three new member testimonials",
     "After creating three new member testimonials, raise their use by the people they are for"),
    ("Complete the migration of the billing system to the new ERP",
     "After migrating the billing system to the new ERP, cut the error rate or cycle time from [X] to [Y]"),
])
def test_a_rewrite_is_english_built_from_the_key_results_own_verb_and_object(text, rewrite):
    assert rewrite_of(text).startswith(rewrite), rewrite_of(text)


WORK = st.sampled_from(["Launch", "Rewrite", "Go live with", "Publish", "Set up", "Hire", "Run", "Complete",
                        "Document", "Ship", "Redesign", "Audit", "Plan", "Roll out"])
THINGS = st.sampled_from(["the onboarding emails", "multi-factor authentication", "60 help articles",
                          "a data warehouse", "the carrier portal for shippers", "two SREs", "weekly demos",
                          "the ERP", "our first report"])


@settings(max_examples=200, deadline=None)
@given(verb=WORK, thing=THINGS)
def test_no_rewrite_puts_a_bare_verb_after_through_or_leaves_a_gap(verb, thing):
    rewrite = rewrite_of(f"{verb} {thing}")
    assert rewrite and not re.search(r"\bthrough\s+(with|" + "|".join(v.lower() for v in
                                     SETTINGS.key_result_language.activity_verbs) + r")\b", rewrite), rewrite
    assert "{" not in rewrite and "  " not in rewrite and "[the customer]" not in rewrite, rewrite
    assert rewrite[0].isupper() and "[X]" in rewrite and thing in rewrite, rewrite


def test_a_task_beside_the_outcome_it_serves_is_coached_as_its_initiative(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", "objective_id,objective,key_result_id,key_result\n"
                 "O1,Make carrier onboarding effortless,K1,Cut carrier onboarding time from 14 to 5 days\n"
                 "O1,Make carrier onboarding effortless,K2,Launch the new carrier onboarding flow\n"
                 "O2,Grow revenue,K3,Publish the pricing guide\n")
    checks = {kr.id: kr for kr in diagnose(Inputs(okrs=okrs), content).key_results}
    assert "Cut carrier onboarding time from 14 to 5 days" in checks["K2"].coaching_prompt
    assert checks["K2"].rewrite == "List as an initiative of \u201cCut carrier onboarding time from 14 to 5 days\u201d"
    assert checks["K3"].rewrite.startswith("After publishing the pricing guide")  # no outcome beside it


def test_the_report_shows_health_metrics_as_kpis(tmp_path, content):
    from diagnose.report.render import render_html

    okrs = write(tmp_path / "okrs.csv", "objective,key_result,score\n"
                 "Run a dependable payroll,Keep payroll accuracy at or above 99.9%,1.0\n"
                 "Grow the business,Raise weekly active clinics from 120 to 200,0.6\n")
    html = render_html(diagnose(Inputs(okrs=okrs), content), content.library)
    assert "Health metrics written as key results" in html
    assert "KPI</span>Keep payroll accuracy at or above 99.9%" in html


@pytest.mark.parametrize("text", ["Certify 300 agents on the new claims process", "40 team leads trained in coaching"])
def test_people_certified_or_trained_are_reach_an_outcome(text):
    assert LEARNED.judge(text).kind == "outcome", text


def test_carry_over_is_the_same_target_again_or_one_not_met_not_a_metric_tracked_across_quarters(tmp_path, content):
    header = "objective_id,objective,key_result_id,key_result,score\n"
    before = write(tmp_path / "q2.csv", header + "O1,Grow,A,Raise NPS from 30 to 40,1.0\n"
                   "O1,Grow,B,Launch the partner portal,0.5\nO1,Grow,C,Cut churn from 5% to 3%,1.0\n"
                   "O1,Grow,E,Raise weekly orders from 100 to 200,0.4\n")
    now = write(tmp_path / "q3.csv", header + "O1,Grow,A2,Raise NPS from 40 to 50,\n"
                "O1,Grow,B2,Launch the partner portal,\nO1,Grow,C2,Cut churn from 5% to 3%,\n"
                "O1,Grow,D2,Open the Leeds depot,\nO1,Grow,E2,Raise weekly orders from 100 to 150,\n")
    diagnosis = diagnose(Inputs(okrs=now, previous=before), content)
    # B2 and C2 repeat last cycle's target; E2 lowers one that was not met; A2 follows a met one
    assert diagnosis.signals["review.carry_over_share"]["value"] == 0.6
    from diagnose.cycle.okrs import read_cycle
    from diagnose.review.reviewer import review_cycle

    evidence = review_cycle(read_cycle(now), content.settings, previous=read_cycle(before)).signals[
        "review.carry_over_share"].evidence
    assert {e.ref: e.text.rsplit(", ", 1)[-1] for e in evidence} == {"KR B2": "the same target)", "KR C2": "the same target)",
                                                                 "KR E2": "not met)"}


@pytest.mark.parametrize("title,task", [("Deliver the ERP migration", True), ("Run the network at lower cost", False),
                                        ("Run a dependable payroll", False), ("Make booking effortless", False)])
def test_an_objective_is_written_as_a_task_only_when_it_names_no_result(title, task):
    assert LEARNED.is_project(title) is task


def test_a_finding_about_one_type_of_team_cites_only_those_teams_key_results(tmp_path, content):
    okrs = write(tmp_path / "okrs.csv", "objective_id,objective,team,key_result_id,key_result\n"
                 "P1,Make booking effortless,Product: Shipper App,P1.1,Launch the booking flow\n"
                 "P1,Make booking effortless,Product: Shipper App,P1.2,Ship the new search page\n"
                 "P1,Make booking effortless,Product: Shipper App,P1.3,Raise weekly bookings from 400 to 500\n"
                 "N1,Run the network at lower cost,Operations: Network Ops,N1.1,Roll out the rota tool\n"
                 "N1,Run the network at lower cost,Operations: Network Ops,N1.2,Cut dwell time from 3 to 2 hours\n")
    profile = write(tmp_path / "profile.yaml", "team_types: [product, operations]\ncycles_run: 3\n")
    diagnosis = diagnose(Inputs(okrs=okrs, profile=profile), content)
    product = next(f for f in diagnosis.findings if f.id == "product-roadmap-as-key-results")
    assert {e.ref for e in product.evidence} == {"KR P1.1", "KR P1.2"}
    operations = next(f for f in diagnosis.findings if f.id == "operations-activity-goals")
    assert {e.ref for e in operations.evidence} == {"KR N1.1"}
    assert diagnosis.signals["review.team.shared_services.activity_share"]["value"] is None  # no such team


@pytest.mark.parametrize("text,rewrite", [
    ("Every employee has an annual training plan",
     "Name the measure that should move once every employee has an annual training plan, and take it from [X] to [Y]"),
    ("Mechanisms to easily track progress",
     "Name the measure that should move once mechanisms to easily track progress are in place"),
    ("Documentation of the admissions process", "Name the measure that should move once documentation of the "
                                                 "admissions process is in place"),
    ("hiring 2 software developers", "After hiring 2 software developers,"),
    # a name that opens with "Kr" is no "KR1:" numbering to strip
    ("Kratix namespace promise operational", "Name the measure that “Kratix namespace promise operational”"),
    ("KR 2 - Launch the partner portal", "After launching the partner portal,"),
])
def test_a_key_result_that_states_a_state_or_names_a_thing_is_not_given_a_made_up_verb(text, rewrite):
    assert rewrite_of(text).startswith(rewrite), rewrite_of(text)


@pytest.mark.parametrize("text,rewrite", [
    # Another language, or a first word no verb list knows, is quoted as written, not made a gerund.
    ("recruter un·e product owner", "Name the measure that \u201crecruter un\u00b7e product owner\u201d is meant to move"),
    ("Wir unterstützen bestehende Kunden-Projekte mit Security Beratung.",
     "Name the measure that \u201cWir unterst\u00fctzen bestehende Kunden-Projekte mit Security Beratung\u201d"),
    ("完成所有硬件的安装、部署、调试", "Name the measure that \u201c完成所有硬件的安装、部署、调试\u201d is meant to move"),
    ("Additional tooling for implementer support",
     "Name the measure that \u201cAdditional tooling for implementer support\u201d is meant to move"),
    # A sentence whose verb no list knows is not followed by "is in place".
    ("The team publishes monthly summaries",
     "Name the measure that \u201cThe team publishes monthly summaries\u201d is meant to move"),
    ("100 browser test cases running in CI", "Name the measure that \u201c100 browser test cases running in CI\u201d"),
    # Verbs it knows: the second of two takes the -ing form too; owners and priorities are dropped.
    ("Create a blog and write at least 10 blog posts (Zach)",
     "After creating a blog and writing at least 10 blog posts, raise its use"),
    ("Submit minutes for all release meetings (n)", "After submitting minutes for all release meetings, raise"),
    ("Validate 500 places entries [p1]", "After validating 500 places entries, raise"),
    ("Contribute to the Kubernetes docs", "After contributing to the Kubernetes docs, raise"),
    # The work named is coached, whichever verb does it.
    ("Complete the API v2 design review with the top 10 carriers",
     "After completing the API v2 design review with the top 10 carriers, raise the share of the review's findings"),
    ("Run the annual engagement survey", "After running the annual engagement survey, raise the response rate"),
    ("Deliver the product launch", "After delivering the product launch, raise (or cut)"),
    ("Define the pricing strategy for 2027",
     "After defining the pricing strategy for 2027, raise the share of the teams it is for who work to it"),
    ("Conduct 25 user interviews with customers", "After conducting 25 user interviews with customers, raise the "
                                                  "share of what they found that changes a decision"),
    # A verb with a rewrite of its own keeps it: automating is about hours saved, whatever is automated.
    ("Automate the approval process", "After automating the approval process, cut the hours spent on it by hand"),
    # "Use of ..." is a noun.
    ("Review of the pricing page", "Name the measure that should move once review of the pricing page is in place"),
    # Work reported done, and a sentence opening "There is", are not followed by "is in place".
    ("Identified 5 operational areas to cut", "Name the measure that \u201cIdentified 5 operational areas to cut\u201d"),
    ("There is an up-to-date list of rewarding, bounded tasks for volunteers",
     "Name the measure that should move once there is an up-to-date list of rewarding, bounded tasks for volunteers, "
     "and take it"),
    ("Use of scheduling tools by all interviewers", "Name the measure that \u201cUse of scheduling tools"),
    # A statement's own verb before a count is no noun phrase to put "are in place" after.
    ("The portal handles 20 users at once without a failure",
     "Name the measure that \u201cThe portal handles 20 users at once without a failure\u201d is meant to move"),
    ("Amplify and celebrate 20 member stories", "After amplifying and celebrating 20 member stories, raise"),
    # A first word that a determiner follows is a verb, though no list knows it: quoted, not "in place".
    ("Resurrect the specs repo and invite new editors",
     "Name the measure that \u201cResurrect the specs repo and invite new editors\u201d is meant to move"),
    ("Key Result 2: Launch the partner portal", "After launching the partner portal,"),
    # The second verb takes -ing at the end too, but not a noun joined to a noun ("a model and process").
    ("Run usability testing of the new checkout and iterate",
     "After running usability testing of the new checkout and iterating, raise the share of the problems it finds"),
    ("Design and publish a booking model and process consistent with the new rules",
     "After designing and publishing a booking model and process consistent with the new rules"),
    ("Develop and roll out updated sales decks", "After developing and rolling out updated sales decks"),
    ("Update and document tags in the time tracker", "After updating and documenting tags in the time tracker"),
    ("Setup the metrics for code quality", "After setting up the metrics for code quality"),
    ("Organise 1 React meetup", "After organising 1 React meetup, raise the share of attendees who act on"),
    # A second sentence after the work is not carried into the rewrite.
    ("Add 3 test pages to the suite. At least two of which are mobile pages.",
     "After adding 3 test pages to the suite, raise"),
    # What the work makes is the noun before the participle that describes it: "guides", not "aimed".
    ("Write 5 guides aimed at first-time volunteers",
     "After writing 5 guides aimed at first-time volunteers, cut the questions or tickets they should answer"),
    # An adverb before the verb stays with it; "e.g." ends no sentence.
    ("Completely replace the old frontend codebase", "After completely replacing the old frontend codebase, raise"),
    ("Steadily release more lessons", "After steadily releasing more lessons, raise their weekly use"),
    ("The protocol is a sound solution for apps (e.g. PeerPad and others)",
     "Name the measure that should move once the protocol is a sound solution for apps (e.g. PeerPad and others), "),
    # A name that opens a sentence keeps its capital mid-sentence; a common word loses it.
    ("Rust has a dag-cbor codec", "Name the measure that should move once Rust has a dag-cbor codec, and"),
    ("Plans are in place for equity compensation", "Name the measure that should move once plans are in place"),
    # An instruction is never a state or a thing "in place": two-word verbs, a count after an unknown
    # verb, a verb before a clause of its own.
    ("Check in with at least 2 teams for visibility", "After checking in with at least 2 teams for visibility,"),
    ("Roll up software inventories across the organisation", "After rolling up software inventories across"),
    ("Defrag 25 servers outside the main cluster", "Name the measure that \u201cDefrag 25 servers outside"),
    ("Talk to users before a ticket is resolved", "Name the measure that \u201cTalk to users before a ticket"),
    # A verb no list has is still one when it is a known verb again ("renegotiate") or ends as verbs do.
    ("Renegotiate contracts with our top 5 vendors", "After renegotiating contracts with our top 5 vendors, "),
    ("Digitise all paper invoices from 2023", "After digitising all paper invoices from 2023, "),
    ("Patch all critical CVEs", "Name the measure that \u201cPatch all critical CVEs\u201d"),
    ("Upgrade all services to Python 3.12", "After upgrading all services to Python 3.12, raise (or cut) the "
                                            "measure this work should move"),
    ("Run 2 disaster recovery drills", "After running 2 disaster recovery drills, cut the time to recover"),
    ("Run an NPS survey every quarter", "After running an NPS survey every quarter, raise the response rate"),
    ("Send a win-back campaign to lapsed users", "After sending a win-back campaign to lapsed users, raise the "
                                                 "share of recipients who act on it"),
    ("Plan a campaign for lapsed users", "After planning a campaign for lapsed users, raise the share of those it "
                                         "reaches who act on it"),
    ("Plan and run the annual customer conference", "After planning and running the annual customer conference, "
                                                    "raise the share of attendees who act on what they heard"),
    ("Build relationships at GitHub", "After building relationships at GitHub, raise the referrals, deals or joint "
                                      "work they bring"),
    ("Audit the web app, mobile app and help centre", "After auditing the web app, mobile app and help centre, "),
    ("SimpleReport can send flu test results to the state", "Name the measure that should move once SimpleReport can "
                                                             "send flu test results to the state, and"),
    ("Work with the sales team to design an offer that can be reused", "After working with the sales team"),
    ("Blog posts, tutorials and talks tracking system", "Name the measure that \u201cBlog posts, tutorials"),
    ("Spec out the cost of a virtual office", "After speccing out the cost of a virtual office"),
    ("Independently scan 2,000 projects where vulnerabilities are found",
     "Name the measure that \u201cIndependently scan 2,000 projects"),
])
def test_a_rewrite_never_makes_up_english_it_cannot_read(text, rewrite):
    assert rewrite_of(text).startswith(rewrite), rewrite_of(text)


def test_the_clinic_question_quotes_the_key_result_whole_adverb_and_all():
    text = "Fully automate the monthly billing run"
    prompt = LEARNED.coaching(text, LEARNED.judge(text)._replace(kind="activity"))[0]
    assert prompt.startswith("If \u201cFully automate the monthly billing run\u201d is done"), prompt


# Verbs no one reads as nouns after "and".
PLAIN_VERBS = "document|update|write|create|publish|build|develop|implement|launch|deliver|define|decide|draft|ship"


def test_every_rewrite_of_the_labelled_sets_starts_from_a_verb_it_knows():
    # Every activity in every labelled set: "After <verb>ing" only for a verb on its lists.
    import csv
    from pathlib import Path

    from diagnose.review.coaching import _doing

    language = SETTINGS.key_result_language
    verbs = [v.lower() for words in (language.activity_verbs, language.neutral_verbs, language.outcome_verbs,
                                     language.finishing_verbs, language.instruction_verbs) for v in words]
    gerunds = {_doing(v).split()[0] for v in verbs} | {v.split()[0] for v in verbs if v.endswith("ing")} | {"the"}
    texts = [row["text"] for path in sorted((Path(__file__).parent / "fixtures").glob("kr_labels*.csv"))
             for row in csv.DictReader(path.open(encoding="utf-8")) if row.get("label") == "activity"]
    assert len(texts) > 500
    for text in texts:
        rewrite = rewrite_of(text)
        assert rewrite and not re.search(r"\{(object|doing|it|its|them|is|causes)\}", rewrite), text
        assert "[X]" in rewrite, text
        if rewrite.startswith("After "):
            words = rewrite.split()[1:3]  # "After completely replacing": an adverb may come first
            assert words[words[0].endswith("ly")].lower() in gerunds, (text, rewrite)
            # "After updating and document tags": the second of two plain verbs takes -ing too.
            work = rewrite.split(",")[0]
            assert not re.search(rf"\b(?:and|&) (?:{PLAIN_VERBS})(?![-\w])", work), (text, rewrite)


@pytest.mark.parametrize("text,kind", [
    # The rubric's close call: a deliverable with an outcome criterion is an outcome...
    ("Launch the referral scheme with 500 sign-ups", "outcome"),
    ("Launch corporate partnerships program with 10 companies by June 30", "outcome"),
    # ...a number that only sizes the deliverable, however the sentence is ordered, leaves it an activity.
    ("Ship 3 integrations", "activity"), ("Launch the portal with 3 features", "activity"),
    ("15 accessibility audits done on our work", "activity"), ("5 technical meetups spoken at", "activity"),
    ("150 hours of interviews transcribed", "activity"), ("Write 3 blog posts", "activity"),
    # Counted things others do or use are reach, not the team's own finished work.
    ("60 unique reps have run a community event", "outcome"),
    # The criterion may follow the work in any of the ways people write it.
    ("Write a blog post for the launch that gets 100+ reads", "outcome"),
    ("Give a talk that influences 50 developers", "outcome"),
    ("Publish the case study and have 300 views", "outcome"),
    ("Start a community chat group to include 40 members", "outcome"),
    ("Pilot programme launched w/ 12 customers", "outcome"),
])
def test_a_number_that_only_sizes_the_work_is_told_from_an_outcome_criterion(text, kind):
    assert LEARNED.judge(text).kind == kind, text


@pytest.mark.parametrize("text", [
    "Zero failed payroll runs", "No invoice waits more than a week for approval",
    "Median time to first reply under 4 hours", "Share of orders delivered next day at 90%",
    "Percentage of renewals signed before the due date",
    "Visits—1,900,000 visits", "Visits: 1,900,000", "visits—the number of people who come into our branches",
    "App load time", "Revenue", "Pageviews", "Monthly active users",
    "Ninety-five percent of permits issued on time", "90% of claims settled within 10 days",
    "Users can export their data without calling support", "Instructors are able to register learning units",
    "Provide a strong candidate experience, as indicated by an average score of 4+",
    "Uptime ≥ 99.9%", "p95 latency < 300 ms", "Paying teams 140 → 210", "Refund requests 60 -> 25 a month",
    "Editors can find the right template without asking",  # people able to do something
    "Open the new gallery with a minimum of 2,000 visitors",  # a criterion a few words on
    "Organizar tres talleres con una asistencia mínima de 20 personas",
    "Hold a river clean-up day involving at least 30 residents",  # a criterion after a verb of taking part
    "Launch the referral page: 500 sign-ups",  # a criterion after a colon
    "Run the town-hall campaign with a minimum of 400 voters casting a ballot",
    "Organizar una feria del libro logrando una participación de al menos 50 familias",
    "The help desk is not flooded with password resets",  # a problem gone: a state of the world
    "Branch staff no longer retype orders by hand",
    "The old wiki is retired and editors are happy with its replacement",  # people in a state
    "Open Data Day being the best-attended meetup in the region",  # a state of affairs, though "Open" leads
    "The booking site handles 2,000 concurrent users without a failure",  # a system's scale threshold
    "Customers understand their bill without calling us",  # people, the subject, in a state of the world
    "New editors find the right template first time",
    "Support 10,000 users on a single server",
    "Decrease the percentage of duplicated help pages", "Reduce number of times tests need to be re-run",  # moved
    "Patients book a follow-up without phoning reception", "A daemon runs for 10 days without a crash",  # unaided
    "Launch the bug bounty and receive 20 valid reports", "Launch SMS reminders that cut no-shows by a third",
    "Unplanned downtime hours halved",
    "Live sport streams handle 300k concurrent viewers",  # a system's scale threshold, not "live" work
    "Tenants can book a repair online and pick their own slot",  # more kinds of people able to do something
])
def test_the_plain_shapes_of_an_outcome_win_over_the_learned_weights(text):
    # An explicit zero, a statistic, a measure and its target, a metric named alone, a service
    # level: the rubric's outcomes, whatever a model trained on other organisations' words says.
    assert ACTIVITY_MINDED.judge(text).kind == "outcome", text


@pytest.mark.parametrize("text", [
    "Move quote-to-bind rate up to 22% in the SME segment",  # a rate raised "up to", not rolled out "to 22%"
    "Live-ops events bring lapsed players back: 10% of lapsed users return per event",  # not "live" work
    "100-year ensemble run finishes in under 48h on the new cluster",  # a run in a time limit, not runs counted
    "80% of engineers have had a career conversation with their manager",  # people who have had, not own set-up
])
def test_no_shape_of_work_overrules_these_outcomes(text):
    assert OUTCOME_MINDED.judge(text).kind == "outcome", text


@pytest.mark.parametrize("text", [
    "Share 3 case studies with the sales team", "Rate 5 vendors against the new criteria",
    "Launch the new app", "Documentation written: 4 guides published", "Number the release notes",
    "Create success plans for 20 accounts",  # a number that sizes the work, not a criterion others meet
    "The portal can send weekly reports",  # a feature, not a capability people have
    "Docs for new users", "Webinar series for customers",  # things made for people, not a measure's name
    "Blog: 4 posts", "2 blog posts a week",  # the team's own output counted
    "Build partnerships with 25 regional influencers",  # counterparts of the team's work, not a criterion
    "Ship the exporter with 3 new formats",  # a number a few words on that sizes the work
    "Complete the design review with the top 10 carriers",  # who takes part: the scope, not a criterion
    "Run a webinar series involving 3 guest speakers",  # those the verb joins are not people a criterion counts
    "The onboarding page in the new portal doesn't mention the old price list",  # a page the team writes
    "Write the handbook chapter on why the old process did not work",  # a "not" deep in the work named
    "Support 3 new languages in the app", "Complete and support 5 docs reviews",  # work, not a load
    "Write billing guides customers understand",  # the people are not the subject: an instruction
])
def test_verbs_and_finished_work_are_not_taken_for_those_shapes(text):
    assert ACTIVITY_MINDED.judge(text).kind == "activity", text


@pytest.mark.parametrize("text,kind", [
    ("The new portal is live in every region", "activity"), ("Live by 30 June", "activity"),
    ("Roll out the new app to 100% of stores", "activity"), ("Add 3 full-time developers", "activity"),
    # ...but people counted going live, or hired against plan, are results the model may call so.
    ("Publish 2 blog posts a week", "activity"), ("Add new quickstarts: 25 per quarter", "activity"),
    ("80% of merchants are live on the new checkout", "outcome"), ("Hiring at 90% of plan", "outcome"),
    ("Add 30 customers per quarter", "outcome"),
    ("Hiring managers report faster onboarding", "outcome"),
    # Upkeep of the team's own things with no level named is work; with a level it is a health metric.
    ("Maintain the onboarding checklist", "activity"), ("Maintain uptime at 99.95%", "outcome"),
    ("Maintain an above average diversity percentage in the team", "outcome"),
])
def test_the_plain_shapes_of_an_activity_win_over_the_learned_weights(text, kind):
    assert OUTCOME_MINDED.judge(text).kind == kind, text


@pytest.mark.parametrize("text", [
    "40 volunteers have run a repair café", "300 people take part in the city walk",
    "75% of branch managers are active on the new forum", "All shift managers attend the weekly review",
    "Every school has joined the reading scheme", "20 partners are using the booking portal",
    "All engineers have been trained on incident command",
    "Have 3 industry analysts cite the annual report", "Get 50 customers to try the new app",
    "Have 2-3 teachers or parents recommend the reading app",
])
def test_people_counted_doing_something_are_reach_an_outcome(text):
    assert ACTIVITY_MINDED.judge(text).kind == "outcome", text


@pytest.mark.parametrize("text", [
    "10 customers interviewed about onboarding",  # people the team acts on
    "100% of depot staff have access to the rota app",  # people given something
    "All nurses are contacted within a day",  # the team acting on them: a service level's words, not reach
    "25 collaborations with partners on shared datasets",  # the people follow "with"
])
def test_people_acted_on_or_given_something_are_not_counted_as_reach(text):
    assert not LEARNED.close_calls.people_act(text.lower()), text


@pytest.mark.parametrize("text,kind", [
    ("100% of our services have runbooks", "activity"), ("All components include an accessibility rating", "activity"),
    ("Every open role has a job description and interview plan", "activity"),
    ("All public datasets are available through the new API", "activity"),
    # ...but people who have done something, a measure with its number, or people counted are results.
    ("All store managers have completed the new course", "outcome"),
    ("All services have an error-free time of 99.9%", "outcome"),
    ("Each working group has at least three active maintainers", "outcome"),
])
def test_a_share_of_the_teams_own_things_that_has_something_is_coverage_an_activity(text, kind):
    assert OUTCOME_MINDED.judge(text).kind == kind, text


# Every example in DOMAIN.md's rubric, as the rubric calls it.
RUBRIC_EXAMPLES = [
    ("Raise weekly active clinics from 120 to 200", "outcome"), ("Checkout p95 under 400 ms", "outcome"),
    ("Zero sev-1 incidents in payments", "outcome"), ("Customers can get a refund without calling us", "outcome"),
    ("Roll out the new app to 100% of stores", "activity"), ("70% of stores use the new app every week", "outcome"),
    ("Launch the referral scheme with 500 sign-ups", "outcome"),
    ("Publish two guides that cut how-to tickets by 10%", "outcome"),
    ("Ship 3 integrations", "activity"), ("Run 6 webinars", "activity"),
    ("Hire two SREs", "activity"), ("Hiring at 90% of plan", "outcome"), ("Certify 300 agents", "outcome"),
    ("Cut the open bug backlog from 90 to 20", "outcome"),
    ("The nightly import finishes in under 20 minutes", "outcome"),
    ("The API serves 5,000 requests a second", "outcome"), ("95% of invoices paid within 30 days", "outcome"),
    ("Keep payroll accuracy at or above 99.9%", "outcome"), ("Maintain uptime at 99.95%", "outcome"),
    ("Live by 30 June", "activity"),
    # The same close calls in other words.
    ("Add 3 full-time developers", "activity"), ("The new portal is live in every region", "activity"),
]


@pytest.mark.parametrize("text,kind", RUBRIC_EXAMPLES)
def test_the_rubrics_own_examples_are_judged_as_it_says(text, kind):
    assert LEARNED.judge(text).kind == kind, text
