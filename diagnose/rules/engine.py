"""Evaluate the rules against the signals: every rule whose condition is surely true fires.

Three-valued logic: a signal the inputs could not show is unknown, and a condition that depends
on it is unknown too, so missing data never produces a finding. Each finding carries the evidence
of the signals that made its condition true, and every rule's values go into the trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnose.content.rulebook import All, Leaf, Not, RuleBook
from diagnose.content.settings import SeveritySettings
from diagnose.core.models import Evidence, Finding, RuleTrace, Signal
from diagnose.rules.strength import grade


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "contains":
        wanted = expected if isinstance(expected, list) else [expected]
        return all(item in actual for item in wanted)
    if op == "in":
        return actual in (expected if isinstance(expected, list) else [expected])
    return {"<": actual < expected, "<=": actual <= expected, ">": actual > expected,
            ">=": actual >= expected, "==": actual == expected, "!=": actual != expected}[op]


def evaluate(condition, signals: dict[str, Signal], used: dict[str, Any], true_leaves: list[Leaf]) -> bool | None:
    """Three-valued: True, False, or None when a signal the answer depends on is not shown."""
    if isinstance(condition, Leaf):
        signal = signals.get(condition.signal)
        value = signal.value if signal else None
        used[condition.signal] = value
        if value is None:
            return None
        result = _compare(condition.op, value, condition.value)
        if result:
            true_leaves.append(condition)
        return result
    if isinstance(condition, Not):
        inner = evaluate(condition.not_, signals, used, [])
        return None if inner is None else not inner
    parts = [evaluate(c, signals, used, true_leaves) for c in (condition.all if isinstance(condition, All)
                                                                 else condition.any)]
    if isinstance(condition, All):
        return False if False in parts else (None if None in parts else True)
    return True if True in parts else (None if None in parts else False)


def apply_rules(book: RuleBook, signals: dict[str, Signal], respondents: Mapping[str, int] | None = None,
                severity: SeveritySettings | None = None) -> tuple[list[Finding], list[RuleTrace]]:
    """Every rule whose condition is surely true, as a finding graded by the strength of its
    evidence (rules/strength.py; `respondents`: role to count)."""
    findings, trace = [], []
    for rule in book.rules:
        used: dict[str, Any] = {}
        true_leaves: list[Leaf] = []
        fired = evaluate(rule.when, signals, used, true_leaves) is True
        trace.append(RuleTrace(rule=rule.id, fired=fired, values=used))
        if not fired:
            continue
        names = list(dict.fromkeys(leaf.signal for leaf in true_leaves))
        evidence: list[Evidence] = []
        for name in names:
            for item in signals[name].evidence:
                if item not in evidence:
                    evidence.append(item)
        graded, strength = grade(rule.severity, [(leaf, used[leaf.signal]) for leaf in true_leaves], signals,
                                 respondents or {}, rule.area, severity or SeveritySettings())
        findings.append(Finding(id=rule.id, area=rule.area, severity=graded, title=rule.title,
                                rationale=rule.rationale, training_need=rule.training_need,
                                evidence=evidence, actions=rule.actions, behaviour=rule.behaviour,
                                values={k: v for k, v in used.items() if k in names}, strength=strength))
    return findings, trace
