"""Blend what people say with what the last cycle shows: one vocabulary of signals for the rules,
and each area's score from whichever halves were shown."""

from __future__ import annotations

from diagnose.content.settings import ScoringSettings
from diagnose.core.models import AreaScore, Evidence, Profile, Signal
from diagnose.core.vocabulary import AREA_TITLES, AREAS
from diagnose.review.reviewer import Review
from diagnose.scoring.survey import SurveyResult


def combine(survey: SurveyResult | None, review: Review | None, profile: Profile, settings: ScoringSettings,
            known: set[str] | None = None) -> tuple[dict[str, Signal], dict[str, AreaScore]]:
    """One signal vocabulary from both halves, and each area's score from what was shown.

    `known`: the profile fields someone gave (a profile file or an intake answer); the others
    are defaults the plan needs, and reach the rules as unknown. None: all of them are known."""
    signals: dict[str, Signal] = {}
    if survey:
        signals.update(survey.signals)
    if review:
        signals.update(review.signals)
    areas: dict[str, AreaScore] = {}
    for area in AREAS:
        said = survey.area_scores.get(area) if survey else None
        shown = review.area_scores.get(area) if review else None
        score: float | None
        if said is not None and shown is not None:
            score = round(said * (1 - settings.review_weight) + shown * settings.review_weight, 1)
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
    def given(*fields: str) -> bool:
        return known is None or any(f in known for f in fields)

    signals["profile.maturity"] = Signal(name="profile.maturity", value=profile.resolved_maturity()
                                         if given("maturity", "cycles_run") else None)
    signals["profile.team_types"] = Signal(name="profile.team_types", value=list(profile.team_types)
                                           if given("team_types") else None)
    signals["profile.cycles_run"] = Signal(name="profile.cycles_run",
                                           value=float(profile.cycles_run) if profile.cycles_run is not None else None)
    # What the diagnosis rests on, so that rules can tell a leader's lone self-assessment from a
    # survey of the whole organisation.
    signals["inputs.cycle_given"] = Signal(name="inputs.cycle_given", value=1.0 if review else 0.0)
    groups = {role for role, count in (survey.respondents.items() if survey else ()) if count and role != "consultant"}
    signals["inputs.role_groups"] = Signal(name="inputs.role_groups", value=float(len(groups)))
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
