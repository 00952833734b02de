"""Answers files: one respondent's answers, as `survey` writes them and `report --answers` reads them."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from diagnose.content.bank import Bank, Question
from diagnose.content.labels import fold
from diagnose.core import atomic
from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.models import AnswerSet, AnswerValue
from diagnose.core.values import ValueProblem, parse_date, parse_number
from diagnose.core.yamlload import read_yaml, validate


def read_answers(path: Path, banks: dict[str, Bank], limits: Limits = DEFAULT_LIMITS) -> AnswerSet:
    loaded = read_yaml(path, limits)
    answer_set = validate(loaded, AnswerSet)
    bank = banks.get(answer_set.bank)
    if bank is None:
        raise InputError(Problem(str(path), f"unknown question bank {answer_set.bank!r}",
                                 line=loaded.line_of(("bank",)), hint="bundled banks: " + ", ".join(sorted(banks))))
    problems = []
    if answer_set.bank_version > bank.version:
        problems.append(Problem(str(path), f"written for version {answer_set.bank_version} of bank {bank.bank!r}, "
                                f"but this okr-diagnose has version {bank.version}", line=loaded.line_of(("bank_version",)),
                                hint="upgrade okr-diagnose"))
    cleaned: dict[str, AnswerValue] = {}
    for qid, value in answer_set.answers.items():
        question = bank.question(qid)
        line = loaded.line_of(("answers", qid))
        if question is None:
            close = difflib.get_close_matches(qid, list(bank.by_id), n=1)
            problems.append(Problem(str(path), f"unknown question id {qid!r} in bank {bank.bank!r}", line=line,
                                    path=f"answers.{qid}",
                                    hint=f"did you mean {close[0]!r}?" if close
                                    else "see `okr-diagnose bank export --format md` for the question ids"))
            continue
        try:
            cleaned[qid] = normalise_answer(question, value)
        except ValueError as exc:
            problems.append(Problem(str(path), str(exc), line=line, path=f"answers.{qid}"))
    if problems:
        raise InputError(problems)
    return answer_set.model_copy(update={"answers": cleaned, "source": str(path)})


def normalise_answer(question: Question, value) -> AnswerValue:
    """The answer as stored: a choice value, a list of them, a number or text. Labels are accepted."""
    if question.type in ("single", "likert"):
        return _choice_value(question, value)
    if question.type == "multi":
        items = value if isinstance(value, list) else [v for v in str(value).split(",") if v.strip()]
        return [_choice_value(question, item) for item in items]
    if question.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                # "1,200" and "1 200" as people type thousands; parse_number reads "1,5" as 1.5.
                value = parse_number(re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", str(value).strip()))
            except ValueProblem:
                raise ValueError(f"expected a number, got {value!r}") from None
        if question.min is not None and value < question.min or question.max is not None and value > question.max:
            raise ValueError(f"{value:g} is outside {question.min:g} to {question.max:g}"
                             if question.min is not None and question.max is not None
                             else f"{value:g} is out of range")
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, (list, dict)):
        raise ValueError("expected text")
    if question.profile == "start_date" and str(value).strip():
        # The planner dates sessions from it, so a date it cannot read is caught here, not later.
        try:
            return parse_date(str(value)).isoformat()
        except ValueProblem as exc:
            raise ValueError(str(exc)) from None
    return str(value)


def _choice_value(question: Question, value) -> str:
    text = str(value).strip()
    # Labels are compared as the form importer compares them: "Strongly agree." is strongly_agree.
    folded = fold(text)
    for choice in question.choices:
        if text == choice.value or folded in (fold(choice.value), fold(choice.label)):
            return choice.value
    values = [c.value for c in question.choices]
    close = difflib.get_close_matches(text, values, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"{text!r} is not a choice of this question; choices: {', '.join(values)}{hint}")


def write_answers(path: Path, answer_set: AnswerSet) -> None:
    data = answer_set.model_dump(mode="json", exclude_none=True)
    if not data.get("skipped"):
        data.pop("skipped", None)  # files with nothing skipped keep their old layout
    atomic.write_text(Path(path), yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

