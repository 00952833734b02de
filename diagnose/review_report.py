"""`okr-diagnose review`: the last cycle alone, as readable text or the contract's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diagnose.diagnosis import Content, combine
from diagnose.krtext import BORDERLINE_CERTAINTY, is_close_call
from diagnose.models import AreaScore, Cycle, Finding, Profile, Signal
from diagnose.okrs import read_cycle
from diagnose.review import Review, review_cycle
from diagnose.rules import apply_rules
from diagnose.verdicts import read_kind_verdicts
from diagnose.vocabulary import AREA_TITLES, AREAS, SEVERITY_RANK


@dataclass
class ReviewOutcome:
    cycle: Cycle
    review: Review
    areas: dict[str, AreaScore]
    findings: list[Finding]


def run_review(okrs: Path, checkins: Path | None = None, cadence_days: int = 7, previous: Path | None = None,
               mapping: Path | None = None, content: Content | None = None, kinds: Path | None = None
               ) -> ReviewOutcome:
    content = content or Content.bundled()
    cycle = read_cycle(okrs, checkins, mapping)
    earlier = read_cycle(previous, mapping_path=mapping) if previous else None
    verdicts = read_kind_verdicts(kinds) if kinds else None
    review = review_cycle(cycle, content.settings, cadence_days, previous=earlier, kinds=verdicts)
    signals, areas = combine(None, review, Profile())
    # Without a profile the organisation's team types and maturity are unknown, not defaults.
    for name in ("profile.maturity", "profile.team_types", "profile.cycles_run"):
        signals[name] = Signal(name=name, value=None)
    findings, _ = apply_rules(content.rules, signals)
    findings.sort(key=lambda f: SEVERITY_RANK[f.severity])
    return ReviewOutcome(cycle=cycle, review=review, areas=areas, findings=findings)


def review_json(outcome: ReviewOutcome) -> dict:
    return {
        "schema_version": 1,
        "cycle": {"name": outcome.cycle.name, "start": str(outcome.cycle.start) if outcome.cycle.start else None,
                  "end": str(outcome.cycle.end) if outcome.cycle.end else None,
                  "objectives": len(outcome.cycle.objectives), "key_results": len(outcome.review.checks)},
        "areas": {area: {"score": score.score} for area, score in outcome.areas.items() if score.score is not None},
        "findings": [f.model_dump(mode="json") for f in outcome.findings],
        "key_results": [c.model_dump(mode="json") for c in outcome.review.checks],
        "signals": {name: {"value": s.value, "note": s.note} for name, s in sorted(outcome.review.signals.items())},
        "not_shown": outcome.review.not_shown,
        "warnings": outcome.cycle.warnings + outcome.review.warnings,
    }


def review_text(outcome: ReviewOutcome) -> str:
    cycle, review = outcome.cycle, outcome.review
    checks = review.checks
    lines = [f"Last cycle{f' {cycle.name}' if cycle.name else ''}: {len(cycle.objectives)} objectives, "
             f"{len(checks)} key results, {sum(c.checkins for c in checks)} check-ins", ""]
    lines.append("Area scores (0-100, higher is healthier):")
    for area in AREAS:
        score = outcome.areas[area].score
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
                     f"{BORDERLINE_CERTAINTY} in --format json): check those by hand")
    lines.append("")
    if outcome.findings:
        lines.append("Findings:")
        for finding in outcome.findings:
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
    if review.not_shown:
        lines += ["", "Not shown by this export:"] + [f"  - {item}" for item in review.not_shown]
    if cycle.warnings or review.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in cycle.warnings + review.warnings]
    return "\n".join(lines)
