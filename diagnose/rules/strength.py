"""How strong a finding's evidence is, and the severity that follows from it.

A rule names the severity its problem usually has; the evidence decides how far to trust that.
A finding whose signals lie far past the rule's threshold (toward the worst value the signal can
take) and that both the survey and the last cycle show, or that lies at the worst, is raised one
level; one that lies just
past the threshold on a single source, or rests on fewer respondents than the settings allow
with no last cycle to confirm it, is lowered one. So fifteen people giving the worst answer to
every confidence question make a high finding, and a mild dip stays medium or low. Each finding
says why, in `strength`: who said it, how far past the threshold, and what the last cycle shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnose.content.rulebook import Leaf, signal_range
from diagnose.content.settings import SeveritySettings
from diagnose.core.models import Signal
from diagnose.core.vocabulary import SEVERITY_RANK, Severity, people_by_role

_LEVELS: tuple[Severity, ...] = ("high", "medium", "low")


def source_of(signal: str) -> str:
    """survey, cycle, or both (a blend of the two)."""
    if signal.startswith(("survey.", "gap.")):
        return "survey"
    if signal.startswith("review."):
        return "cycle"
    return "both"


def depth(leaf: Leaf, actual: Any) -> float | None:
    """How far past the threshold the value lies, 0 at the threshold and 1 as far again as the
    threshold is from the nearer end of the signal's range; None for a count, or a test that is
    not a comparison."""
    if not isinstance(actual, (int, float)) or not isinstance(leaf.value, (int, float)) or \
            leaf.op not in ("<", "<=", ">", ">="):
        return None
    bounds = signal_range(leaf.signal)
    if bounds is None:
        return None  # a count has no worst value: one unsupported company objective is not "mild"
    low, high = bounds
    threshold = float(leaf.value)
    past = threshold - actual if leaf.op.startswith("<") else actual - threshold
    # Measured against the shorter of the threshold's distances to either end of the range, so a
    # threshold near one end ("15% of key results green until missed") is not made to look mild
    # by the long way to the other.
    room = min(threshold - low, high - threshold)
    return max(0.0, min(1.0, past / room)) if room > 0 else 1.0


def grade(severity: Severity, met: list[tuple[Leaf, Any]], signals: Mapping[str, Signal],
          respondents: Mapping[str, int], area: str, settings: SeveritySettings) -> tuple[Severity, str]:
    """The finding's severity from its evidence, and the sentence that says how strong it is."""
    depths = [d for d in (depth(leaf, actual) for leaf, actual in met) if d is not None]
    deepest = max(depths, default=None)
    sources = {source_of(leaf.signal) for leaf, _ in met}
    confirmed = {"survey", "cycle"} <= sources
    single = len(sources) == 1 and "both" not in sources
    people = sum(respondents.values())
    points = 0
    if deepest is not None and deepest >= settings.strong_depth:
        points += 1
    if deepest is not None and deepest >= settings.worst_depth:
        points += 1  # nearly every answer, or nearly every key result, at the worst
    if confirmed:
        points += 1
    if single and deepest is not None and deepest < settings.weak_depth:
        points -= 1
    if sources == {"survey"} and people < settings.fewest_respondents:
        points -= 1
    rank = SEVERITY_RANK[severity] - (points >= 2) + (points <= -1)
    graded = _LEVELS[max(0, min(2, rank))]
    return graded, _statement(severity, graded, deepest, sources, respondents, signals, area, settings)


def _statement(base: Severity, graded: Severity, deepest: float | None, sources: set[str],
               respondents: Mapping[str, int], signals: Mapping[str, Signal], area: str,
               settings: SeveritySettings) -> str:
    parts = []
    if sources & {"survey", "both"} and respondents:
        parts.append(f"said by {people_by_role(respondents)}")
    if deepest is not None:
        parts.append("far past the rule's threshold" if deepest >= settings.strong_depth else
                     "just past the rule's threshold" if deepest < settings.weak_depth else "past the rule's threshold")
    shown = signals.get(f"review.area.{area}")
    if {"survey", "cycle"} <= sources:
        parts.append("the last cycle confirms it")
    elif sources == {"cycle"}:
        parts.append("shown by the last cycle")
    elif not any(name.startswith("review.") and signal.value is not None for name, signal in signals.items()):
        parts.append("no last cycle was given to confirm it")
    elif shown is not None and shown.value is not None:
        parts.append("the last cycle does not show it")
    text = "; ".join(parts)
    text = text[0].upper() + text[1:] if text else "From the signals in the rule trace"
    if graded != base:
        text += f". Graded {graded} (the rule's usual severity is {base}) by the strength of this evidence"
    return text + "."
