"""What `okr-diagnose review` prints: the last cycle's diagnosis as readable text or the contract's JSON."""

from __future__ import annotations

from diagnose.core.models import Cycle, Diagnosis
from diagnose.core.vocabulary import AREA_TITLES, AREAS
from diagnose.review.wording import BORDERLINE_CERTAINTY, is_close_call


def review_json(diagnosis: Diagnosis, cycle: Cycle) -> dict:
    return {
        "schema_version": 1,
        "cycle": {"name": cycle.name, "start": str(cycle.start) if cycle.start else None,
                  "end": str(cycle.end) if cycle.end else None,
                  "objectives": len(cycle.objectives), "key_results": len(diagnosis.key_results)},
        "areas": {area: {"score": score.score} for area, score in diagnosis.areas.items() if score.score is not None},
        "findings": [f.model_dump(mode="json") for f in diagnosis.findings],
        "key_results": [c.model_dump(mode="json") for c in diagnosis.key_results],
        "signals": {name: signal for name, signal in diagnosis.signals.items() if _from_the_export(name)},
        "not_shown": _export_not_shown(diagnosis),
        "warnings": diagnosis.input_warnings,
    }


def _from_the_export(signal: str) -> bool:
    """The review's own signals, not the area scores blended from them."""
    return signal.startswith("review.") and not signal.startswith("review.area.")


def _export_not_shown(diagnosis: Diagnosis) -> list[str]:
    """What the export could not show; that no survey was given goes without saying here."""
    return [item for item in diagnosis.not_shown if not item.startswith("what people say")]


# The least certain verdicts are listed by name, so that checking them by hand is a short read.
CLOSE_CALLS_LISTED = 10


def review_text(diagnosis: Diagnosis, cycle: Cycle) -> str:
    checks = diagnosis.key_results
    lines = [f"Last cycle{f' {cycle.name}' if cycle.name else ''}: {len(cycle.objectives)} objectives, "
             f"{len(checks)} key results, {sum(c.checkins for c in checks)} check-ins", ""]
    lines.append("Area scores (0-100, higher is healthier):")
    for area in AREAS:
        score = diagnosis.areas[area].score
        lines.append(f"  {AREA_TITLES[area]:<24} {'not shown by this export' if score is None else f'{score:.0f}'}")
    lines.append("")
    outcomes = sum(c.kind == "outcome" for c in checks)
    lines.append(f"Key results: {outcomes} outcomes, {len(checks) - outcomes} activities, "
                 f"{sum(c.measurable for c in checks)} measurable, "
                 f"{sum(c.has_baseline_and_target for c in checks)} with baseline and target")
    close_calls = sum(is_close_call(c.kind_certainty) for c in checks)
    by_hand = sum(c.kind_by == "hand" for c in checks)
    if by_hand:
        lines.append(f"  {by_hand} of these verdicts are yours (--kinds)")
    if close_calls:
        lines.append(f"  {close_calls} outcome-or-activity verdicts are close calls (kind_certainty under "
                     f"{BORDERLINE_CERTAINTY}): check those by hand, and correct any with --kinds")
        unsure = sorted((c for c in checks if is_close_call(c.kind_certainty)), key=lambda c: c.kind_certainty or 0)
        for check in unsure[:CLOSE_CALLS_LISTED]:
            lines.append(f"      {check.id} ({check.kind}, {check.kind_certainty:.2f}): {check.text}")
        if close_calls > CLOSE_CALLS_LISTED:
            lines.append(f"      ... and {close_calls - CLOSE_CALLS_LISTED} more (key_results.csv or --format json "
                         "lists them all)")
    lines.append("")
    if diagnosis.findings:
        lines.append("Findings:")
        for finding in diagnosis.findings:
            lines.append(f"  [{finding.severity}] {finding.title}")
            for item in finding.evidence[:4]:
                lines.append(f"      {item.ref}: {item.text}")
            if len(finding.evidence) > 4:
                lines.append(f"      ... and {len(finding.evidence) - 4} more (--format json lists them all)")
    else:
        lines.append("No findings: the export shows a healthy cycle.")
    weak = [c for c in checks if c.kind == "activity"][:10]
    if weak:
        lines += ["", "Activity-shaped key results to rework (first 10):"]
        for check in weak:
            lines.append(f"  {check.id}: {check.text}")
            if check.rewrite:
                lines.append(f"      try: {check.rewrite}")
    not_shown = _export_not_shown(diagnosis)
    if not_shown:
        lines += ["", "Not shown by this export:"] + [f"  - {item}" for item in not_shown]
    if diagnosis.input_warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in diagnosis.input_warnings]
    return "\n".join(lines)
