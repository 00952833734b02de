"""Each area's score from the last cycle (0-100): a weighted mean of the shares the export shows,
weighted as curricula/settings.yaml says (review.area_scores). A share the export cannot show is
left out and the rest reweighted; an area with nothing shown has no score, never a low one."""

from __future__ import annotations

from collections.abc import Callable

from diagnose.content.settings import ReviewSettings
from diagnose.core.models import Signal
from diagnose.core.vocabulary import AREAS


def area_scores(signals: dict[str, Signal], company_objectives: int,
                limits: ReviewSettings) -> dict[str, float | None]:
    def value(name: str) -> float | None:
        signal = signals.get(name)
        return signal.value if signal and isinstance(signal.value, (int, float)) else None

    derived = {"company_objective_support": _company_objective_support(value, company_objectives),
               "score_calibration": _score_calibration(value, limits.score_healthy_mean)}
    scores: dict[str, float | None] = {}
    for area in AREAS:
        shown = []
        for part in limits.area_scores.get(area, []):
            measured = value(part.signal) if part.signal else derived[part.measure or ""]
            if measured is not None:
                shown.append((1 - measured if part.inverse else measured, part.weight))
        scores[area] = round(100 * sum(v * w for v, w in shown) / sum(w for _, w in shown), 1) if shown else None
    return scores


Value = Callable[[str], "float | None"]


def _company_objective_support(value: Value, company_objectives: int) -> float | None:
    """The share of company objectives that some team objective supports."""
    unsupported = value("review.unsupported_company_objectives")
    return None if unsupported is None or not company_objectives else 1 - unsupported / company_objectives


def _score_calibration(value: Value, healthy_mean: float) -> float | None:
    """Healthy: an average near the healthy mean and few key results at 1.0 (goals neither safe
    nor fanciful)."""
    mean_score = value("review.score_mean")
    perfect = value("review.score_perfect_share")
    if mean_score is None or perfect is None:
        return None
    return max(0.0, 1 - abs(mean_score - healthy_mean) * 2) * (1 - perfect)
