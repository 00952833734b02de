"""Question banks: every problem reported with file:line, all at once."""

from __future__ import annotations

from conftest import write
from diagnose.core.resources import content_dir

BANK = """bank: tiny
version: 1
title: Tiny
scales:
  agree3:
    - {value: no, label: No, score: 0}
    - {value: maybe, label: Maybe, score: 50}
    - {value: yes, label: Yes, score: 100}
questions:
  - id: first
    text: Our goals trace to company priorities.
    type: likert
    area: alignment
    scale: agree3
  - id: second
    text: Our check-ins are mostly status updates.
    type: likert
    area: accountability
    scale: agree3
    reverse: true
    when: {question: thrid, in: [yes]}
  - id: first
    text: Which tool do you use?
    type: single
    area: accountability
    choices:
      - {value: sheets, label: Spreadsheets}
      - {value: tool, label: An OKR tool, score: 80}
  - id: fourth
    text: Tell us more.
    type: text
    when: {question: fifth, answered: true}
    hlep: typo
  - id: fifth
    text: Anything else?
    type: text
"""


def test_check_lists_every_bank_problem_with_lines(cli, tmp_path):
    path = write(tmp_path / "tiny.yaml", BANK)
    code, out, err = cli("check", path)
    assert code == 2
    assert "tiny.yaml:22" in out and "sheets" in out and "no score" in out
    assert "tiny.yaml:33" in out and "did you mean 'help'" in out


def test_check_reports_skip_logic_and_duplicates_once_the_schema_passes(cli, tmp_path):
    fixed = BANK.replace("      - {value: sheets, label: Spreadsheets}", "      - {value: sheets, label: Spreadsheets, score: 20}")
    fixed = fixed.replace("    hlep: typo\n", "")
    path = write(tmp_path / "tiny.yaml", fixed)
    code, out, err = cli("check", path)
    assert code == 2
    assert "tiny.yaml:21" in out and "unknown question 'thrid'" in out
    assert "tiny.yaml:22" in out and "'first' is used twice" in out
    assert "tiny.yaml:32" in out and "'fifth', which is asked later" in out


def test_reverse_items_flip_their_scale(tmp_path):
    from diagnose.content.bank import load_bank

    fixed = BANK.replace("      - {value: sheets, label: Spreadsheets}", "      - {value: sheets, label: Spreadsheets, score: 20}")
    fixed = fixed.replace("    hlep: typo\n", "").replace("when: {question: thrid, in: [yes]}", "required: false")
    fixed = fixed.replace("  - id: first\n    text: Which", "  - id: third\n    text: Which")
    fixed = fixed.replace("when: {question: fifth, answered: true}", "when: {question: third, answered: true}")
    bank = load_bank(write(tmp_path / "tiny.yaml", fixed))
    assert [c.score for c in bank.question("second").choices] == [100, 50, 0]
    assert [c.score for c in bank.question("first").choices] == [0, 50, 100]


def test_check_refuses_question_texts_a_form_import_cannot_tell_apart(cli, tmp_path):
    bank = (content_dir("question_banks") / "okr-training-needs.yaml").read_text(encoding="utf-8")
    # The importer folds case, spacing and end punctuation, so these two would claim one column.
    bank = bank.replace("Which team or department are you answering for?", "What is the  organisation called")
    code, out, _ = cli("check", write(tmp_path / "bank.yaml", bank))
    assert code == 2 and "same text as another" in out
