"""Scoring answers: reverse-worded items, each respondent counted once, gaps, anonymity."""

from __future__ import annotations

from diagnose.core.models import AnswerSet, Respondent
from diagnose.scoring.survey import score_answers


def answers(role, **values):
    return AnswerSet(bank="okr-training-needs", bank_version=1, respondent=Respondent(role=role), answers=values)


def test_reverse_worded_items_score_the_other_way(content):
    agree_reverse = score_answers([answers("manager", leaders_reward_output="strongly_agree")], content.banks)
    agree_plain = score_answers([answers("manager", lead_same_message="strongly_agree")], content.banks)
    assert agree_reverse.area_scores["leadership_consistency"] == 0
    assert agree_plain.area_scores["leadership_consistency"] == 100


def test_leaders_high_managers_low_gives_a_gap_with_evidence(content):
    sets = [answers("leader", lead_same_message="strongly_agree")] * 3 + \
           [answers("manager", lead_same_message="strongly_disagree")] * 3
    result = score_answers(sets, content.banks)
    gap = result.signals["gap.leadership_consistency"]
    assert gap.value == 100
    assert "leaders score it 100/100 (n=3)" in gap.evidence[0].text


def test_small_role_groups_are_hidden(content):
    sets = [answers("leader", lead_same_message="agree")] * 2 + [answers("manager", lead_same_message="agree")] * 3
    result = score_answers(sets, content.banks)
    assert "leader" in result.hidden_groups and "manager" in result.role_scores
    assert result.signals["gap.leadership_consistency"].value is None


def test_free_text_evidence_is_quoted(content):
    result = score_answers([answers("manager", ev_priority_clash="Sales and Ops fight over the same engineers")],
                           content.banks)
    quotes = [e.text for e in result.signals["survey.area.alignment"].evidence]
    assert "Sales and Ops fight over the same engineers" in quotes
