"""Score what people said: area scores overall and per role, perception gaps, quotes as evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean, pstdev

from diagnose.content.bank import Bank, Question
from diagnose.core.models import AnswerSet, Evidence, Profile, Quote, Signal
from diagnose.core.vocabulary import AREA_TITLES, AREAS, ROLE_TITLES

# The roles compared for perception gaps: those above and those closer to the work.
LEADER_ROLES = ("leader",)
DELIVERY_ROLES = ("manager", "team_member")


@dataclass
class SurveyResult:
    signals: dict[str, Signal]
    area_scores: dict[str, float | None]
    respondents: dict[str, int]  # by role
    area_respondents: dict[str, int]  # by area: who answered at least one of its scored questions
    role_scores: dict[str, dict[str, dict]] = field(default_factory=dict)
    hidden_groups: list[str] = field(default_factory=list)
    verbatim: list[Quote] = field(default_factory=list)


def question_score(question: Question, value) -> float | None:
    if not question.scored:
        return None
    values = value if isinstance(value, list) else [value]
    scores = [c.score for v in values if (c := question.choice(str(v))) is not None and c.score is not None]
    return mean(scores) if scores else None


def score_answers(answer_sets: list[AnswerSet], banks: dict[str, Bank], min_group: int = 3) -> SurveyResult:
    """Each respondent weighs the same in an area, however many of its questions they answered."""
    per_respondent: list[tuple[str, dict[str, float]]] = []
    question_scores: dict[str, list[float]] = defaultdict(list)
    said: list[tuple[str, Question, str]] = []  # (role, question, free text), attributed once all are counted
    respondents: dict[str, int] = defaultdict(int)
    for answer_set in answer_sets:
        bank = banks[answer_set.bank]
        role = answer_set.respondent.role
        respondents[role] += 1
        by_area: dict[str, list[float]] = defaultdict(list)
        for qid, value in answer_set.answers.items():
            question = bank.question(qid)
            if question is None:
                continue
            score = question_score(question, value)
            if score is not None:
                if question.area is not None:
                    by_area[question.area].append(score)
                question_scores[qid].append(score)
            if question.type == "text" and question.profile is None and isinstance(value, str) and value.strip():
                said.append((role, question, value.strip()))
        per_respondent.append((role, {area: mean(scores) for area, scores in by_area.items()}))
    verbatim = [Quote(question=question.text, said_by=_said_by(role, respondents, min_group), text=text)
                for role, question, text in said]
    quotes: dict[str, list[Evidence]] = defaultdict(list)
    for (_, question, _), quote in zip(said, verbatim):
        if question.evidence_for:
            quotes[question.evidence_for].append(Evidence(source="survey", ref=f"{quote.said_by}, {question.text}",
                                                          text=quote.text))

    signals: dict[str, Signal] = {}
    area_scores: dict[str, float | None] = {}
    area_respondents: dict[str, int] = {}
    all_banks = list(banks.values())
    for area in AREAS:
        scores = [areas[area] for _, areas in per_respondent if area in areas]
        area_scores[area] = round(mean(scores), 1) if scores else None
        area_respondents[area] = len(scores)
        evidence = _weakest_items(area, question_scores, all_banks) + quotes[area]
        signals[f"survey.area.{area}"] = Signal(
            name=f"survey.area.{area}", value=area_scores[area], evidence=evidence,
            note=f"{len(scores)} respondents" if scores else "no survey answers in this area")
    asked = {q.id: q for bank in all_banks for q in bank.questions}
    for qid, scores in question_scores.items():
        evidence = [_question_evidence(asked[qid], mean(scores), len(scores))] if qid in asked else []
        signals[f"survey.question.{qid}"] = Signal(name=f"survey.question.{qid}", value=round(mean(scores), 1),
                                                   evidence=evidence)
    signals["survey.respondents"] = Signal(name="survey.respondents", value=float(len(answer_sets)))

    role_scores, hidden = _role_groups(per_respondent, min_group)
    for area in AREAS:
        for group, stats in role_scores.items():
            if area in stats:
                signals[f"survey.role.{group}.{area}"] = Signal(name=f"survey.role.{group}.{area}",
                                                                value=stats[area]["mean"])
        signals[f"gap.{area}"] = _gap(area, per_respondent, min_group)
    return SurveyResult(signals=signals, area_scores=area_scores, respondents=dict(respondents),
                        area_respondents=area_respondents,
                        role_scores=role_scores, hidden_groups=hidden, verbatim=verbatim)


def _said_by(role: str, respondents: dict[str, int], min_group: int) -> str:
    """A role group only when it is big enough to hide in; the consultant writes notes, not answers."""
    if role == "consultant":
        return "Consultant's note"
    return ROLE_TITLES[role] if respondents[role] >= min_group else "A respondent"


def _weakest_items(area: str, question_scores: dict[str, list[float]], banks: list[Bank]) -> list[Evidence]:
    """The area's lowest-scoring questions, as evidence a reader can check."""
    rows = []
    for bank in banks:
        for question in bank.questions:
            if question.area == area and question.scored and question.id in question_scores:
                scores = question_scores[question.id]
                rows.append((mean(scores), len(scores), question))
    rows.sort(key=lambda row: row[0])
    return [_question_evidence(q, score, n) for score, n, q in rows[:3] if score < 60]


def _question_evidence(question: Question, score: float, answered: int) -> Evidence:
    return Evidence(source="survey", ref=f"question {question.id}",
                    text=f"\u201c{question.text}\u201d scored {score:.0f}/100 on average (n={answered})"
                         + (" (reverse-worded: agreeing is unhealthy)" if question.reverse else ""))


def _role_groups(per_respondent, min_group: int) -> tuple[dict[str, dict[str, dict]], list[str]]:
    grouped: dict[str, list[dict[str, float]]] = defaultdict(list)
    for role, areas in per_respondent:
        grouped[role].append(areas)
    shown: dict[str, dict[str, dict]] = {}
    hidden = []
    for role, members in grouped.items():
        if len(members) < min_group:
            hidden.append(role)
            continue
        shown[role] = {}
        for area in AREAS:
            scores = [m[area] for m in members if area in m]
            if scores:
                shown[role][area] = {"mean": round(mean(scores), 1), "n": len(scores),
                                     "spread": round(pstdev(scores), 1) if len(scores) > 1 else 0.0}
    return shown, sorted(hidden)


def _gap(area: str, per_respondent, min_group: int) -> Signal:
    """Leaders' view minus the view closer to delivery; positive means leaders see it rosier."""
    name = f"gap.{area}"
    leaders = [a[area] for role, a in per_respondent if role in LEADER_ROLES and area in a]
    delivery = [a[area] for role, a in per_respondent if role in DELIVERY_ROLES and area in a]
    if len(leaders) < min_group or len(delivery) < min_group:
        return Signal(name=name, value=None,
                      note=f"needs at least {min_group} leaders and {min_group} managers or team members")
    gap = round(mean(leaders) - mean(delivery), 1)
    text = (f"{AREA_TITLES[area]}: leaders score it {mean(leaders):.0f}/100 (n={len(leaders)}), managers and team "
            f"members {mean(delivery):.0f}/100 (n={len(delivery)}), a gap of {abs(gap):.0f} points")
    return Signal(name=name, value=gap, evidence=[Evidence(source="survey", ref="perception gap", text=text)])


def profile_from_answers(answer_sets: list[AnswerSet], banks: dict[str, Bank]) -> dict:
    """Profile fields that respondents answered (the consultant's intake answer wins)."""
    found: dict = {}
    ordered = sorted(answer_sets, key=lambda a: a.respondent.role != "consultant")
    for answer_set in reversed(ordered):
        bank = banks[answer_set.bank]
        for qid, value in answer_set.answers.items():
            question = bank.question(qid)
            if question and question.profile and question.profile not in ("role", "team") and value not in ("", None):
                found[question.profile] = value
    if "training_days" in found:
        found["max_sessions"] = int(found.pop("training_days"))
    return found


def merge_profile(profile: Profile, from_answers: dict, explicit: set[str]) -> Profile:
    """Answers fill what the profile file did not set explicitly."""
    update = {k: v for k, v in from_answers.items() if k not in explicit and k in Profile.model_fields}
    if not update:
        return profile
    return Profile.model_validate({**profile.model_dump(), **update})
