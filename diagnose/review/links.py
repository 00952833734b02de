"""Analyses across key results: the same metric pushed both ways, dependencies on other teams,
work carried over from the previous cycle, and objectives written as tasks or metrics."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from diagnose.core.models import Cycle, Evidence, KeyResult, Objective
from diagnose.review.wording import KeyResultLanguage, Wording

_WORD = re.compile(r"[a-z][a-z'&-]+")
_NUMBER = re.compile(r"\d[\d,.]*")
# Words that carry no meaning about which metric is meant.
_FILLER = {"the", "and", "for", "our", "per", "all", "with", "from", "into", "across", "each", "every", "more",
           "less", "new", "than", "this", "that", "its", "their", "within", "over", "under", "by", "to", "of",
           "a", "an", "in", "on", "at", "average", "least", "most", "quarter", "month", "week", "year", "rate"}
PAIR_LIMIT = 50  # enough examples for the report; the count is exact


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _FILLER}


def _direction(text: str, language: KeyResultLanguage) -> tuple[int, str] | None:
    """+1 for a metric pushed up, -1 down, with the words naming the metric."""
    lowered = text.strip().lower()
    for sign, verbs in ((1, language.increase_pattern), (-1, language.decrease_pattern)):
        found = verbs.match(lowered)
        if found:
            metric = re.split(r"\b(from|to|by|below|above|under|over)\b|\d", lowered[found.end():], maxsplit=1)[0]
            return sign, metric
    return None


def opposing_metrics(cycle: Cycle, language: KeyResultLanguage) -> tuple[int, list[Evidence]]:
    """Pairs of key results in different teams that push the same metric in opposite directions."""
    team_of = {o.id: (o.team or o.id) for o in cycle.objectives}
    buckets: dict[tuple[str, str], list[tuple[int, set[str], KeyResult]]] = defaultdict(list)
    for kr in cycle.key_results():
        found = _direction(kr.text, language)
        if not found:
            continue
        words = content_words(found[1])
        for pair in combinations(sorted(words), 2):
            buckets[pair].append((found[0], words, kr))
    seen: set[tuple[str, str]] = set()
    evidence: list[Evidence] = []
    for members in buckets.values():
        ups = [m for m in members if m[0] > 0]
        downs = [m for m in members if m[0] < 0]
        for _, up_words, up in ups:
            for _, down_words, down in downs:
                key = (up.id, down.id)
                if key in seen or team_of[up.objective_id] == team_of[down.objective_id]:
                    continue
                if len(up_words & down_words) / len(up_words | down_words) < 0.4:
                    continue
                seen.add(key)
                if len(evidence) < PAIR_LIMIT:
                    evidence.append(Evidence(source="okrs", ref=f"KR {up.id} and KR {down.id}",
                                             text=f"{team_of[up.objective_id]}: \u201c{up.text}\u201d, while "
                                                  f"{team_of[down.objective_id]}: \u201c{down.text}\u201d"))
    return len(seen), evidence


def team_names(cycle: Cycle) -> dict[str, set[str]]:
    """Each team and the ways its name may appear in text ("Product: Carrier Platform" also as "Carrier Platform")."""
    names: dict[str, set[str]] = {}
    for objective in cycle.objectives:
        if not objective.team:
            continue
        variants = {objective.team.lower()}
        if ":" in objective.team:
            variants.add(objective.team.split(":", 1)[1].strip().lower())
        names[objective.team] = {v for v in variants if len(v) >= 3}
    return names


def dependencies(cycle: Cycle, waiting_phrases: list[str]) -> tuple[int, list[Evidence]]:
    """Key results whose wording or check-in comments say they wait on another team."""
    names = team_names(cycle)
    team_of = {o.id: o.team for o in cycle.objectives}
    owner_of = {variant: team for team, variants in names.items() for variant in variants}
    # One pattern for every team's names and every waiting phrase, longest first, so each
    # text is searched once.
    phrases = [phrase.lower() for phrase in waiting_phrases]
    alternatives = sorted(owner_of, key=len, reverse=True) + phrases
    pattern = re.compile(r"\b(" + "|".join(re.escape(v) for v in alternatives) + r")\b")
    count = 0
    evidence: list[Evidence] = []
    for kr in cycle.key_results():
        own = team_of.get(kr.objective_id)
        texts = [("okrs", kr.text)] + [("checkins", c.comment) for c in kr.checkins if c.comment]
        hit = None
        for source, text in texts:
            found = pattern.findall(text.lower())
            if not found:
                continue
            others = sorted({owner_of[m] for m in found if m in owner_of} - {own})
            if others or any(m in phrases for m in found):
                hit = (source, text, others)
                break
        if hit:
            count += 1
            if len(evidence) < PAIR_LIMIT:
                source, text, others = hit
                on = f" (on {', '.join(others)})" if others else ""
                evidence.append(Evidence(source=source, ref=f"KR {kr.id}", text=f"{kr.text}{on}: \u201c{text}\u201d"
                                         if source == "checkins" else f"{kr.text}{on}"))
    return count, evidence


def _same_work(text: str) -> str:
    """Key result text with numbers and punctuation stripped: next quarter's copy matches."""
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in _FILLER)


def carry_over(cycle: Cycle, previous: Cycle) -> tuple[int, list[Evidence]]:
    """Key results carried over: the same work as last cycle with the same target, or one that
    was not met. A metric rightly tracked across quarters, met and given a new target, is not."""
    earlier = {_same_work(kr.text): kr for kr in previous.key_results()}
    repeated = []
    for kr in cycle.key_results():
        old = earlier.get(_same_work(kr.text))
        if old is None:
            continue
        same_target = _NUMBER.findall(kr.text) == _NUMBER.findall(old.text) and kr.target_value == old.target_value
        if same_target or _met(old) is False:
            repeated.append((kr, old, "the same target" if same_target else "not met"))
    return len(repeated), [Evidence(source="okrs", ref=f"KR {kr.id}",
                                    text=f"{kr.text} (also in the previous cycle as KR {old.id}, {why})")
                           for kr, old, why in repeated[:PAIR_LIMIT]]


def _met(kr: KeyResult) -> bool | None:
    """Whether a key result reached its target, where its score or values say."""
    if kr.score is not None:
        return kr.score >= 1.0
    start, target, current = kr.start_value, kr.target_value, kr.current_value
    if target is None or current is None:
        return None
    return current >= target if start is None or target >= start else current <= target


def objective_shapes(objectives: list[Objective], language: KeyResultLanguage) -> tuple[list[Objective], list[Objective]]:
    """Objectives written as tasks ("Deliver the ERP migration") and as metrics ("NPS 45")."""
    tasks, metrics = [], []
    for objective in objectives:
        # An objective is qualitative by design ("Make booking effortless"), so only a project
        # verb ("Deliver the ERP migration") makes it a task, not a neutral verb like make or get.
        if language.is_project(objective.title):
            tasks.append(objective)
        elif language.is_metric(objective.title):
            metrics.append(objective)
    return tasks, metrics


def served_outcomes(krs: list[KeyResult], wordings: list[Wording], ignored: set[str]) -> dict[str, str]:
    """Each activity that sits beside the outcome it serves, under the same objective: "Launch the
    new carrier onboarding flow" beside "Cut carrier onboarding time from 14 to 5 days". The
    outcome sharing most words with it wins (not counting `ignored`); by id, its text."""
    by_objective: dict[str, list[tuple[KeyResult, set[str]]]] = {}
    for kr, wording in zip(krs, wordings):
        if wording.kind == "outcome" and wording.measurable:
            by_objective.setdefault(kr.objective_id, []).append((kr, _subject_words(kr.text, ignored)))
    served: dict[str, str] = {}
    for kr, wording in zip(krs, wordings):
        outcomes = by_objective.get(kr.objective_id)
        if wording.kind != "activity" or not outcomes:
            continue
        words = _subject_words(kr.text, ignored)
        shared, best = max(((len(words & theirs), outcome) for outcome, theirs in outcomes),
                           key=lambda pair: pair[0])
        if shared:
            served[kr.id] = best.text
    return served


def _subject_words(text: str, ignored: set[str]) -> set[str]:
    """The words that say what a key result is about, not what is done to it."""
    return {w for w in content_words(text) if len(w) > 3 and w not in ignored}

