"""The interactive interview. The only module that imports questionary.

The answers file is written (atomically) after every answer, so stopping at any point,
even with Ctrl-C, loses nothing; running again on the same file resumes where it stopped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import questionary

from diagnose.answers import normalise_answer, read_answers, write_answers
from diagnose.bank import Bank, Question, load_bundled_bank
from diagnose.errors import InputError, Interrupted, Problem
from diagnose.models import AnswerSet, Respondent
from diagnose.vocabulary import AREA_TITLES, ROLE_TITLES, ROLES

SKIP = "__skip__"


def ask(question: Question, default, header: str, **io):
    """One question as one questionary prompt; returns the stored answer, or None if skipped."""
    message = f"{header}\n  {question.text}"
    instruction = question.help.strip() if question.help else None
    if question.type in ("single", "likert"):
        choices = [questionary.Choice(title=c.label, value=c.value) for c in question.choices]
        if not question.required:
            choices.append(questionary.Choice(title="(skip)", value=SKIP))
        prompt = questionary.select(message, choices=choices, default=default if default in
                                    [c.value for c in question.choices] else None, instruction=instruction, **io)
    elif question.type == "multi":
        chosen = set(default or [])
        choices = [questionary.Choice(title=c.label, value=c.value, checked=c.value in chosen) for c in question.choices]
        prompt = questionary.checkbox(message, choices=choices, instruction=instruction or "(space to tick, enter to go on)",
                                      validate=lambda picked: True if picked or not question.required
                                      else "Tick at least one", **io)
    else:
        def validate(text: str):
            if not text.strip():
                return True if not question.required else "An answer is needed"
            try:
                normalise_answer(question, text)
            except ValueError as exc:
                return str(exc)
            return True

        prompt = questionary.text(message, default="" if default is None else str(default),
                                  instruction=instruction, validate=validate, **io)
    answer = prompt.unsafe_ask()
    if answer in (SKIP, "") or answer == [] and not question.required:
        return None
    return normalise_answer(question, answer)


def _open(path: Path, bank: Bank) -> AnswerSet | None:
    if not path.exists():
        return None
    return read_answers(path, {bank.bank: bank})


def run_interview(path: Path, role: str | None = None, bank_id: str | None = None,
                  prompt_io: Callable[[], dict] | None = None) -> int:
    """`prompt_io` gives each prompt its input and output (tests); by default, the terminal."""
    def io() -> dict:
        return prompt_io() if prompt_io else {}

    if prompt_io is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(Problem(str(path), "the interview needs a terminal to ask its questions"),
                         advice="To answer without one, write the answers file yourself: "
                                "`okr-diagnose bank export --format md` lists every question id and choice, "
                                "and the README shows the file's layout.")
    bank = load_bundled_bank(bank_id)
    existing = _open(path, bank)
    if role and role not in ROLES:
        raise InputError(Problem("--role", f"unknown role {role!r}", hint="use one of " + ", ".join(ROLES)))
    if existing is None:
        if role is None:
            try:
                role = questionary.select("Which role are you answering as?",
                                          choices=[questionary.Choice(ROLE_TITLES[r], r) for r in ROLES],
                                          **io()).unsafe_ask()
            except KeyboardInterrupt:
                raise Interrupted("Stopped before the first question; nothing to save.") from None
        answer_set = AnswerSet(bank=bank.bank, bank_version=bank.version, respondent=Respondent(role=role))
        write_answers(path, answer_set)
    else:
        answer_set = existing
        if role and role != existing.respondent.role:
            raise InputError(Problem(str(path), f"these answers are from a {existing.respondent.role}, not a {role}",
                                     hint="use another --answers file for another respondent"))
    questions = [q for q in bank.for_role(answer_set.respondent.role) if q.profile != "role"]
    pending = [q for q in questions if q.id not in answer_set.answers]
    done = len(questions) - len(pending)
    if done:
        print(f"Resuming: {done} of {len(questions)} questions already answered in {path}.")
    for question in pending:
        position = questions.index(question) + 1
        area = AREA_TITLES[question.area] if question.area else "About you and the organisation"
        header = f"[{position} of {len(questions)} · {area}]"
        try:
            value = ask(question, answer_set.answers.get(question.id), header, **io())
        except KeyboardInterrupt:
            answered = len(answer_set.answers)
            raise Interrupted(f"Stopped. {answered} answers are saved in {path}; run "
                              f"`okr-diagnose survey --answers {path}` to carry on.") from None
        if value is not None:
            answer_set.answers[question.id] = value
            write_answers(path, answer_set)
    write_answers(path, answer_set)
    print(f"All questions answered; saved to {path}.")
    print(f"Next: okr-diagnose report --answers {path} [more answers files] --okrs last-cycle.csv")
    return 0
