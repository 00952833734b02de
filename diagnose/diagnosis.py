"""Run the stages in order: read inputs, score and review, apply rules, plan. Returns one Diagnosis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from diagnose.answers import read_answers
from diagnose.bank import DEFAULT_BANK, Bank, bundled_bank_paths, load_bank
from diagnose.errors import InputError, Problem
from diagnose.library import Library, load_library
from diagnose.models import AnswerSet, AreaScore, Cycle, Diagnosis, Evidence, Finding, Profile, Signal
from diagnose.okrs import read_cycle
from diagnose.planner import CHAMPIONS_MODULE, measurement, recommend, rollout, schedule
from diagnose.response_labels import load_label_table
from diagnose.review import Review, review_cycle
from diagnose.rules import RuleBook, apply_rules, load_rules
from diagnose.scoring import SurveyResult, merge_profile, profile_from_answers, score_answers
from diagnose.settings import Settings, load_settings
from diagnose.verdicts import KindVerdicts, read_kind_verdicts
from diagnose.vocabulary import AREA_TITLES, AREAS, SEVERITY_RANK, parse_role
from diagnose.yamlload import read_yaml, validate

# Last-cycle behaviour weighs at least as much as what people say (DOMAIN.md: rubric
# answers can be polished, check-ins cannot).
REVIEW_WEIGHT = 0.5
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


@dataclass
class Inputs:
    answers: list[Path] = field(default_factory=list)
    responses: list[Path] = field(default_factory=list)
    role: str | None = None
    labels: Path | None = None
    okrs: Path | None = None
    checkins: Path | None = None
    previous: Path | None = None
    mapping: Path | None = None
    kinds: Path | None = None  # a person's outcome-or-activity verdicts (diagnose/verdicts.py)
    profile: Path | None = None
    min_group: int = 3
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class Content:
    """The packaged (or a consultant's own) banks, modules, rules and settings."""

    banks: dict[str, Bank]
    library: Library
    rules: RuleBook
    settings: Settings

    @classmethod
    def bundled(cls) -> Content:
        banks = {bank.bank: bank for bank in (load_bank(p) for p in bundled_bank_paths())}
        library = load_library()
        return cls(banks=banks, library=library, rules=load_rules(module_ids=set(library.modules)),
                   settings=load_settings())


def read_profile(path: Path | None) -> tuple[Profile, set[str]]:
    if path is None:
        return Profile(), set()
    loaded = read_yaml(path)
    if loaded.data is None:  # an empty profile: every default
        loaded.data = {}
    profile = validate(loaded, Profile)
    if profile.logo:
        logo = (Path(path).parent / profile.logo).resolve()
        if logo.suffix.lower() not in LOGO_TYPES or not logo.is_file():
            raise InputError(Problem(str(path), f"logo {profile.logo!r} is not a PNG, JPEG or SVG file",
                                     line=loaded.line_of(("logo",)), hint="give a path relative to the profile file"))
        profile = profile.model_copy(update={"logo": str(logo)})
    return profile, set(profile.model_fields_set)


def diagnose(inputs: Inputs, content: Content | None = None) -> Diagnosis:
    if not inputs.answers and not inputs.responses and inputs.okrs is None:
        raise InputError("nothing to diagnose: give survey answers (--answers), form-tool exports "
                         "(--responses) or a last-cycle OKR export (--okrs)")
    content = content or Content.bundled()
    problems: list[Problem] = []
    answer_sets: list[AnswerSet] = []
    input_warnings: list[str] = []
    for path in inputs.answers:
        try:
            answer_sets.append(read_answers(path, content.banks))
        except InputError as exc:
            problems.extend(exc.problems)
    responses = inputs.responses
    if responses:
        from diagnose.responses import read_responses  # form-tool exports only: 6 ms to import

        try:
            role = parse_role(inputs.role)
            labels = load_label_table(content.banks[DEFAULT_BANK], inputs.labels)
        except InputError as exc:  # said once, not once per export
            problems.extend(exc.problems)
            responses = []
    for path in responses:
        try:
            imported = read_responses(path, content.banks[DEFAULT_BANK], role=role, labels=labels)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        answer_sets.extend(imported.answer_sets)
        input_warnings += [str(w) for w in imported.warnings]
    cycle = previous = None
    if inputs.okrs is not None:
        try:
            cycle = read_cycle(inputs.okrs, inputs.checkins, inputs.mapping)
        except InputError as exc:
            problems.extend(exc.problems)
    if inputs.previous is not None:
        try:
            previous = read_cycle(inputs.previous, mapping_path=inputs.mapping)
        except InputError as exc:
            problems.extend(exc.problems)
    kinds = None
    if inputs.kinds is not None:
        try:
            kinds = read_kind_verdicts(inputs.kinds)
        except InputError as exc:
            problems.extend(exc.problems)
    profile, explicit = read_profile(inputs.profile)
    if problems:
        raise InputError(problems)
    try:
        profile = merge_profile(profile, profile_from_answers(answer_sets, content.banks), explicit)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InputError(f"an answer to a profile question cannot be used: {details} "
                         "(correct it in the answers file, or set it in --profile)") from None
    diagnosis = build_diagnosis(answer_sets, cycle, profile, content, inputs, previous, kinds)
    diagnosis.input_warnings = input_warnings + (cycle.warnings if cycle else []) + diagnosis.input_warnings
    return diagnosis


def build_diagnosis(answer_sets: list[AnswerSet], cycle: Cycle | None, profile: Profile, content: Content,
                    inputs: Inputs, previous: Cycle | None = None, kinds: KindVerdicts | None = None
                    ) -> Diagnosis:
    survey = score_answers(answer_sets, content.banks, inputs.min_group) if answer_sets else None
    cadence = 7 if profile.checkin_cadence == "weekly" else 14
    review = review_cycle(cycle, content.settings, cadence, previous=previous, kinds=kinds) if cycle else None
    signals, areas = combine(survey, review, profile)
    findings, trace = apply_rules(content.rules, signals)
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], areas[f.area].score if areas[f.area].score is not None
                                 else 100))
    training = [f for f in findings if f.training_need]
    recommendations, skipped = recommend(findings, content.rules, content.library, profile)
    sessions, left_out = schedule(recommendations, content.library, profile, content.settings.plan, inputs.today)
    champions = any(r.module == CHAMPIONS_MODULE for r in recommendations)
    events = rollout(sessions, content.library, profile, content.settings.plan, inputs.today, champions)
    reset = next(e.start for e in events if e.phase == "reset")
    not_shown = list(review.not_shown) if review else ["the last OKR cycle (no export given)"]
    if survey is None:
        not_shown.append("what people say (no survey answers given)")
    if survey and survey.hidden_groups:
        not_shown.append("scores of role groups smaller than " f"{inputs.min_group} (kept anonymous): "
                         + ", ".join(survey.hidden_groups))
    return Diagnosis(
        organisation=profile.organisation,
        generated_on=inputs.today,
        cycle=cycle.name if cycle else None,
        cycle_end=cycle.end if cycle else None,
        profile=profile,
        headline=headline(profile, training),
        must_do=[f.behaviour for f in _distinct_behaviours(training)[:3]],
        areas=areas,
        findings=findings,
        recommendations=recommendations,
        sessions=sessions,
        rollout=events,
        measurement=measurement(content.settings.measurement, signals, reset),
        key_results=review.checks if review else [],
        signals={name: {"value": s.value, "note": s.note} for name, s in sorted(signals.items())},
        rule_trace=trace,
        respondents=survey.respondents if survey else {},
        role_scores=survey.role_scores if survey else {},
        not_shown=not_shown,
        notes=skipped + left_out,
        material=live_material(review) if review else {},
        inputs=[str(p) for p in inputs.answers + inputs.responses] + ([str(inputs.okrs)] if inputs.okrs else [])
        + ([str(inputs.checkins)] if inputs.checkins else []) + ([str(inputs.previous)] if inputs.previous else [])
        + ([str(inputs.kinds)] if inputs.kinds else []),
        input_warnings=review.warnings if review else [],
    )


def live_material(review: Review) -> dict[str, list[str]]:
    """This organisation's own examples for the workshops that use them (module live_material)."""
    def texts(name: str) -> list[str]:
        signal = review.signals.get(name)
        return [f"{e.ref}: {e.text}" for e in signal.evidence] if signal else []

    return {"orphan_objectives": texts("review.alignment_coverage"),
            "stale_key_results": texts("review.stale_share"),
            "unsupported_objectives": texts("review.unsupported_company_objectives")}


def combine(survey: SurveyResult | None, review: Review | None, profile: Profile) -> tuple[dict[str, Signal], dict[str, AreaScore]]:
    """One signal vocabulary from both halves, and each area's score from what was shown."""
    signals: dict[str, Signal] = {}
    if survey:
        signals.update(survey.signals)
    if review:
        signals.update(review.signals)
    areas: dict[str, AreaScore] = {}
    for area in AREAS:
        said = survey.area_scores.get(area) if survey else None
        shown = review.area_scores.get(area) if review else None
        if said is not None and shown is not None:
            score = round(said * (1 - REVIEW_WEIGHT) + shown * REVIEW_WEIGHT, 1)
        else:
            score = said if said is not None else shown
        note = "" if score is not None else "not shown by these inputs"
        respondents = survey.area_respondents[area] if survey else 0
        areas[area] = AreaScore(score=score, survey=said, review=shown, respondents=respondents, note=note)
        parts = []
        if said is not None:
            parts.append(Evidence(source="survey", ref=f"{AREA_TITLES[area]} score",
                                  text=f"survey answers score {AREA_TITLES[area].lower()} {said:.0f}/100"))
        if shown is not None:
            parts.append(Evidence(source="okrs", ref=f"{AREA_TITLES[area]} score",
                                  text=f"the last cycle scores {AREA_TITLES[area].lower()} {shown:.0f}/100"))
        signals[f"area.{area}"] = Signal(name=f"area.{area}", value=score, evidence=parts)
        signals[f"review.area.{area}"] = Signal(name=f"review.area.{area}", value=shown)
        disagreement = None
        evidence: list[Evidence] = []
        if said is not None and shown is not None:
            disagreement = round(said - shown, 1)
            evidence = [Evidence(source="survey", ref=f"{AREA_TITLES[area]} as people describe it",
                                 text=f"survey answers score it {said:.0f}/100"),
                        Evidence(source="okrs", ref=f"{AREA_TITLES[area]} as the last cycle shows it",
                                 text=f"the export and check-ins score it {shown:.0f}/100")]
            if review:
                evidence += _first_evidence(review.signals, area)
        signals[f"disagreement.{area}"] = Signal(name=f"disagreement.{area}", value=disagreement, evidence=evidence)
    signals["profile.maturity"] = Signal(name="profile.maturity", value=profile.resolved_maturity())
    signals["profile.team_types"] = Signal(name="profile.team_types", value=list(profile.team_types))
    signals["profile.cycles_run"] = Signal(name="profile.cycles_run",
                                           value=float(profile.cycles_run) if profile.cycles_run is not None else None)
    return signals, areas


_AREA_SIGNALS = {"accountability": ["review.checkin_on_time_share", "review.stale_share"],
                 "goal_quality": ["review.activity_share"], "alignment": ["review.alignment_coverage"],
                 "confidence": ["review.green_then_missed_share"], "leadership_consistency": []}


def _first_evidence(signals: dict[str, Signal], area: str) -> list[Evidence]:
    found: list[Evidence] = []
    for name in _AREA_SIGNALS[area]:
        if name in signals:
            found += signals[name].evidence[:3]
    return found


def _distinct_behaviours(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    distinct = []
    for finding in findings:
        if finding.behaviour and finding.area not in seen:
            seen.add(finding.area)
            distinct.append(finding)
    return distinct


def headline(profile: Profile, training: list[Finding]) -> str:
    """The seeds' question: what must these teams do differently that they cannot do reliably today?"""
    behaviours = [f.behaviour for f in _distinct_behaviours(training)[:3]]
    if not behaviours:
        return (f"{profile.organisation}'s teams already run OKRs soundly: a shared common core and the regular "
                "review rhythm will keep it that way.")
    if len(behaviours) == 1:
        listed = behaviours[0]
    else:
        listed = "; ".join(behaviours[:-1]) + "; and " + behaviours[-1]
    return f"After the programme, teams at {profile.organisation} must reliably {listed}."


def top_findings(diagnosis: Diagnosis, count: int = 3) -> list[Finding]:
    ranked = sorted(diagnosis.findings, key=lambda f: (SEVERITY_RANK[f.severity], not f.training_need))
    return ranked[:count]
