"""What the programme is for, in the client's words: the headline, the behaviours it must change,
and this organisation's own examples for the workshops that use them."""

from __future__ import annotations

from collections.abc import Mapping

from diagnose.core.models import Finding, Profile
from diagnose.core.vocabulary import ROLE_PLURALS, people_by_role
from diagnose.review.reviewer import Review

# The rule whose finding makes the programme a first rollout (curricula/rules.yaml).
FIRST_ROLLOUT = "first-rollout"


def distinct_behaviours(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    distinct = []
    for finding in findings:
        if finding.behaviour and finding.area not in seen:
            seen.add(finding.area)
            distinct.append(finding)
    return distinct


def evidence_base(respondents: Mapping[str, int], cycle_given: bool) -> tuple[str, bool]:
    """What the diagnosis rests on, in a sentence for the first page, and whether it is narrow:
    one person, or one role group, with no last cycle to check them against."""
    people = sum(respondents.values())
    groups = [role for role, count in respondents.items() if count and role != "consultant"]
    basis = f"the answers of {people_by_role(respondents)}" if people else "no survey answers"
    basis += " and the last OKR cycle's export" if cycle_given else " and no export of a last OKR cycle"
    narrow = (people <= 1 or len(groups) <= 1) and not (cycle_given and people == 0)
    if not narrow:
        return f"This diagnosis rests on {basis}.", False
    whose = "one person's view" if people <= 1 else f"the view of {ROLE_PLURALS[groups[0]]} alone" if groups \
        else "one group's view"
    widen = ("run the team survey with managers and team members (okr-diagnose bank export, then report "
             "--responses)")
    if not cycle_given:
        widen += " and add the last cycle's export (--okrs) if there is one"
    caution = ("Leaders commonly rate their organisation well above what their teams report, so read the "
               "findings as hypotheses" if set(groups) <= {"leader"} else
               "Other roles often see the same practices differently, so read the findings as hypotheses")
    return f"This diagnosis rests on {basis}: it is {whose}. {caution}, and check them before acting: {widen}.", True


def headline(profile: Profile, training: list[Finding], narrow: bool = False) -> str:
    """The seeds' question: what must these teams do differently that they cannot do reliably today?"""
    if any(f.id == FIRST_ROLLOUT for f in training):
        return (f"{profile.organisation} is preparing its first OKR rollout: the programme agrees how OKRs will run "
                "here, drafts the first set on live priorities, and sets up the review rhythm from the first week.")
    behaviours = [f.behaviour for f in distinct_behaviours(training)[:3]]
    if not behaviours and narrow:
        return (f"No training need shows in these answers, but they are too narrow a view to conclude that "
                f"{profile.organisation}'s teams run OKRs soundly: widen the evidence before deciding.")
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
