"""What the programme is for, in the client's words: the headline, the behaviours it must change,
and this organisation's own examples for the workshops that use them."""

from __future__ import annotations

from diagnose.core.models import Finding, Profile
from diagnose.review.reviewer import Review


def distinct_behaviours(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    distinct = []
    for finding in findings:
        if finding.behaviour and finding.area not in seen:
            seen.add(finding.area)
            distinct.append(finding)
    return distinct


def headline(profile: Profile, training: list[Finding]) -> str:
    """The seeds' question: what must these teams do differently that they cannot do reliably today?"""
    behaviours = [f.behaviour for f in distinct_behaviours(training)[:3]]
    if not behaviours:
        return (f"{profile.organisation}'s teams already run OKRs soundly: a shared common core and the regular "
                "review rhythm will keep it that way.")
    listed = behaviours[0] if len(behaviours) == 1 else "; ".join(behaviours[:-1]) + "; and " + behaviours[-1]
    return f"After the programme, teams at {profile.organisation} must reliably {listed}."


def live_material(review: Review) -> dict[str, list[str]]:
    """This organisation's own examples for the workshops that use them (module live_material)."""
    def texts(name: str) -> list[str]:
        signal = review.signals.get(name)
        return [f"{e.ref}: {e.text}" for e in signal.evidence] if signal else []

    return {"orphan_objectives": texts("review.alignment_coverage"),
            "stale_key_results": texts("review.stale_share"),
            "unsupported_objectives": texts("review.unsupported_company_objectives")}
