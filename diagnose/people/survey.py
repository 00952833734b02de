"""The interactive interview. The only module that imports questionary.

The answers file is written (atomically) after every answer, so stopping at any point,
even with Ctrl-C, loses nothing; running again on the same file resumes where it stopped.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import questionary

from diagnose.content.bank import Bank, Question, load_bundled_bank, when_holds
from diagnose.core.errors import InputError, Interrupted, Problem
from diagnose.core.models import AnswerSet, Respondent
from diagnose.core.vocabulary import AREA_TITLES, ROLE_TITLES, ROLES, parse_role
from diagnose.people.answers import normalise_answer, read_answers, write_answers

SKIP = "__skip__"
DONE = "__done__"


def ask(question: Question, default, header: str, **io):
    """One question as one questionary prompt; returns the stored answer, or None if skipped."""
    # As wide as the terminal allows, never wider: a word past the edge is lost by the prompt.
    width = max(12, min(100, shutil.get_terminal_size((100, 24)).columns - 4))
    # questionary puts "? " before the first line.
    message = textwrap.fill(header, width - 2) + "\n" + textwrap.fill(question.text, width, initial_indent="  ",
                                                                      subsequent_indent="  ")
    if question.help:
        message += "\n" + textwrap.fill("(" + " ".join(question.help.split()) + ")", width,
                                        initial_indent="  ", subsequent_indent="  ")
    if question.type in ("single", "likert"):
        choices = [questionary.Choice(title=c.label, value=c.value) for c in question.choices]
        if not question.required:
            choices.append(questionary.Choice(title="(skip)", value=SKIP))
        prompt = questionary.select(message, choices=choices, default=default if default in
                                    [c.value for c in question.choices] else None, **io)
    elif question.type == "multi":
        chosen = set(default or [])
        choices = [questionary.Choice(title=c.label, value=c.value, checked=c.value in chosen) for c in question.choices]
        prompt = questionary.checkbox(message, choices=choices, instruction="(space to tick, enter to go on)",
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
                                  validate=validate, **io)
    answer = _answered(prompt)
    if answer in (SKIP, "") or answer == [] and not question.required:
        return None
    return normalise_answer(question, answer)


def _answered(prompt: questionary.Question):
    """The prompt's answer. A stop sent by `kill -INT` ends it as Ctrl-C does: questionary's
    select and checkbox bind the Ctrl-C key only, and prompt_toolkit ignores the signal itself."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    stop = KeyBindings()
    stop.add("<sigint>")(lambda event: event.app.exit(exception=KeyboardInterrupt, style="class:aborting"))
    prompt.application.key_bindings = merge_key_bindings([prompt.application.key_bindings or KeyBindings(), stop])
    return prompt.unsafe_ask()


def _open(path: Path, bank: Bank) -> AnswerSet | None:
    if not path.exists():
        return None
    return read_answers(path, {bank.bank: bank})


def run_interview(path: Path, role: str | None = None, bank_id: str | None = None, review: bool = False,
                  prompt_io: Callable[[], dict] | None = None, bank: Bank | None = None) -> int:
    """`prompt_io` gives each prompt its input and output (tests); by default, the terminal.
    `bank`: the bank to ask (a consultant's own, `--content`); by default the bundled `bank_id`."""
    def io() -> dict:
        return prompt_io() if prompt_io else {}

    if prompt_io is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(Problem(str(path), "the interview needs a terminal to ask its questions"),
                         advice="To answer without one, write the answers file yourself: "
                                "`okr-diagnose bank export --format md` lists every question id and choice, "
                                "and the README shows the file's layout. A team survey can also be run in a "
                                "form tool and read with `okr-diagnose report --responses EXPORT.csv`.")
    bank = bank or load_bundled_bank(bank_id)
    role = parse_role(role)
    answer_set = _open(path, bank)
    if answer_set is None:
        if review:
            raise InputError(Problem(str(path), "no answers to review yet",
                                     hint="run without --review to start the interview"))
        if role is None:
            try:
                role = _answered(questionary.select("Which role are you answering as?",
                                                    choices=[questionary.Choice(ROLE_TITLES[r], r) for r in ROLES],
                                                    **io()))
            except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D / a closed terminal
                raise Interrupted("Stopped before the first question; nothing to save.") from None
        answer_set = AnswerSet(bank=bank.bank, bank_version=bank.version, respondent=Respondent(role=role))
        write_answers(path, answer_set)
        _introduce(bank, answer_set, path)
    elif role and role != answer_set.respondent.role:
        raise InputError(Problem(str(path), f"these answers are from a {answer_set.respondent.role}, not a {role}",
                                 hint="use another --answers file for another respondent"))
    session = _Session(bank, answer_set, path, io)
    try:
        if review:
            session.review()
        else:
            session.ask_pending()
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D / a closed terminal
        saved, passed = len(answer_set.answers), len(answer_set.skipped)
        # Exactly what the file holds: it was written whole after the last answer.
        held = f"{saved} answer{'' if saved == 1 else 's'}" + (
            f" and {passed} skipped question{'' if passed == 1 else 's'} are" if passed else
            (" is" if saved == 1 else " are"))
        raise Interrupted(f"Stopped. {held} saved in {path}; run "
                          f"`okr-diagnose survey --answers {path}` to carry on"
                          f"{' (add --review to change answers)' if review else ''}.") from None
    write_answers(path, answer_set)
    print(f"Saved {len(answer_set.answers)} answer{'' if len(answer_set.answers) == 1 else 's'} to {path}.")
    print(f"Next: okr-diagnose report --answers {path} [more answers files] --okrs last-cycle.csv")
    return 0


def _introduce(bank: Bank, answer_set: AnswerSet, path: Path) -> None:
    """What the respondent should know before the first question."""
    count = len([q for q in bank.for_role(answer_set.respondent.role) if q.profile != "role"])
    minutes = max(5, round(count * 0.4 / 5) * 5)
    width = max(12, min(100, shutil.get_terminal_size((100, 24)).columns - 2))
    for paragraph in (
            f"About {count} questions, roughly {minutes} minutes. Your answers are saved to {path} after "
            "each one, on this computer only; nothing is sent anywhere.",
            "Whoever runs the diagnosis reads them together with other people's: scores are shown by role "
            "group only when the group is big enough to stay anonymous, and comments are quoted without "
            "your name.",
            "Pick an answer with the arrow keys and Enter. Questions you may pass over offer '(skip)'. "
            "Press Ctrl-C at any time to stop: everything so far is kept, and running the same command "
            "again carries on where you left off."):
        print(textwrap.fill(paragraph, width))
        print()


class _Session:
    def __init__(self, bank: Bank, answer_set: AnswerSet, path: Path, io: Callable[[], dict]):
        self.bank = bank
        self.answer_set = answer_set
        self.path = path
        self.io = io
        self.questions = [q for q in bank.for_role(answer_set.respondent.role) if q.profile != "role"]

    def applicable(self) -> list[Question]:
        """The questions this respondent is asked, given their answers so far (skip logic)."""
        return [q for q in self.questions if q.when is None or when_holds(q.when, self.answer_set.answers)]

    def ask_one(self, question: Question) -> None:
        asked = self.applicable()
        position = asked.index(question) + 1 if question in asked else len(asked)
        area = AREA_TITLES[question.area] if question.area else "About you and the organisation"
        header = f"[{position} of {len(asked)} · {area}]"
        value = ask(question, self.answer_set.answers.get(question.id), header, **self.io())
        skipped = self.answer_set.skipped
        if value is None:
            self.answer_set.answers.pop(question.id, None)
            if question.id not in skipped:
                skipped.append(question.id)
        else:
            self.answer_set.answers[question.id] = value
            if question.id in skipped:
                skipped.remove(question.id)
        write_answers(self.path, self.answer_set)

    def ask_pending(self) -> None:
        asked = self.applicable()
        done = sum(1 for q in asked if q.id in self.answer_set.answers)
        passed = sum(1 for q in asked if q.id in self.answer_set.skipped)
        if done or passed:
            print(f"Resuming: {done} of {len(asked)} questions already answered in {self.path}"
                  + (f", {passed} skipped (--review to answer them)." if passed else "."))
        # Skip logic can change as answers come in, so the next question is found afresh each time.
        while True:
            pending = [q for q in self.applicable()
                       if q.id not in self.answer_set.answers and q.id not in self.answer_set.skipped]
            if not pending:
                return
            self.ask_one(pending[0])

    def review(self) -> None:
        """questionary has no back button: list every answer, change any, until Done."""
        while True:
            choices = [questionary.Choice(title=f"{q.text[:70]}{'…' if len(q.text) > 70 else ''}  →  "
                                                f"{self.display(q)}", value=q.id) for q in self.applicable()]
            choices.append(questionary.Choice(title="Done", value=DONE))
            picked = _answered(questionary.select("Which answer do you want to change?", choices=choices,
                                                  **self.io()))
            if picked == DONE:
                return
            self.ask_one(self.bank.by_id[picked])  # picked is one of the listed questions' ids

    def display(self, question: Question) -> str:
        value = self.answer_set.answers.get(question.id)
        if value is None:
            return "(not answered)"
        values = value if isinstance(value, list) else [value]
        labels = []
        for v in values:
            choice = question.choice(str(v))
            labels.append(choice.label if choice else str(v))
        text = ", ".join(labels)
        return text if len(text) <= 40 else text[:39] + "…"
