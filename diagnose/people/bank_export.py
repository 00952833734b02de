"""`okr-diagnose bank export`: the bank as JSON (contract), CSV (for building a form) or Markdown
(a printable interview guide for a consultant), whole or as one role is asked it. The form
builders (Google Apps Script, Qualtrics) are in form_builders.py."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from diagnose.content.bank import AnswerTest, Bank, Question, WhenAll, WhenAny, WhenNot, when_holds
from diagnose.core.errors import InputError, Problem
from diagnose.core.tables import spreadsheet_safe
from diagnose.core.vocabulary import AREA_TITLES, ROLE_TITLES


def for_role(bank: Bank, role: str | None) -> Bank:
    """The bank as `role` is asked it: its questions only, skip logic settled where it depends on
    questions the role is not asked.

    The interview treats a question nobody asked as unanswered, so a condition on it is decided
    here the same way: a question whose condition then always holds is asked unconditionally, one
    whose condition never holds is dropped. The role question goes too: the interview never asks
    it once the role is known, and a form for one role is imported with `--role`.
    """
    if role is None:
        return bank
    asked: set[str] = set()
    kept: list[Question] = []
    for question in bank.questions:
        if role not in question.roles or question.profile == "role":
            continue
        if question.when is not None:
            when = settle(question.when, asked)
            if when is False:
                continue
            question = question.model_copy(update={"when": None if when is True else when})
        kept.append(question)
        asked.add(question.id)
    if not kept:
        raise InputError(Problem("--role", f"bank {bank.bank!r} asks the role {role!r} no questions",
                                 hint="pick a role that its questions name"))
    return Bank(bank=bank.bank, version=bank.version, title=bank.title, description=bank.description,
                scales=bank.scales, questions=kept)


def settle(when: Any, asked: set[str]) -> Any:
    """`when` with every test on a question outside `asked` decided as if it were unanswered:
    True or False when nothing is left to test, else the rest of the condition."""
    if isinstance(when, (WhenAll, WhenAny)):
        parts = [settle(w, asked) for w in (when.all if isinstance(when, WhenAll) else when.any)]
        decisive = isinstance(when, WhenAny)  # one True decides an any, one False an all
        if decisive in parts:
            return decisive
        rest = [p for p in parts if not isinstance(p, bool)]
        if not rest:
            return not decisive
        if len(rest) == 1:
            return rest[0]
        return WhenAll(all=rest) if isinstance(when, WhenAll) else WhenAny(any=rest)
    if isinstance(when, WhenNot):
        inner = settle(when.not_, asked)
        return (not inner) if isinstance(inner, bool) else WhenNot(not_=inner)
    assert isinstance(when, AnswerTest)
    return when if when.question in asked else when_holds(when, {})


def describe_when(when: Any, bank: Bank, negate: bool = False) -> str:
    """A condition in words, for forms that cannot skip a question themselves."""
    if isinstance(when, WhenNot):
        return describe_when(when.not_, bank, not negate)
    if isinstance(when, (WhenAll, WhenAny)):
        # De Morgan: "not (a and b)" is read as "not a or not b".
        joiner = " and " if isinstance(when, WhenAll) != negate else " or "
        return joiner.join(describe_when(w, bank, negate) for w in (when.all if isinstance(when, WhenAll)
                                                                      else when.any))
    question = bank.question(when.question)
    asked = f"\u201c{question.text if question else when.question}\u201d"
    if when.answered is not None:
        return f"you {'answered' if when.answered != negate else 'left blank'} {asked}"
    verb = "included" if question is not None and question.type == "multi" else "was"

    def labels(values: list[str]) -> str:
        choices = [question.choice(v) if question else None for v in values]
        return " or ".join(f"\u201c{c.label if c else v}\u201d" for c, v in zip(choices, values))

    if when.in_ is not None or when.not_in is not None:
        wanted = when.in_ is not None
        return (f"your answer to {asked} {verb} {'' if wanted != negate else 'not '}"
                f"{labels(when.in_ if when.in_ is not None else when.not_in or [])}")
    low, high = when.min, when.max
    if low is not None and high is not None:
        return f"your answer to {asked} was {'not ' if negate else ''}between {low:g} and {high:g}"
    if low is not None:
        return f"your answer to {asked} was {'less than' if negate else 'at least'} {low:g}"
    return f"your answer to {asked} was {'more than' if negate else 'at most'} {high:g}"


def _question_json(question: Question) -> dict[str, object]:
    data: dict[str, object] = {"id": question.id, "text": question.text, "area": question.area,
                               "roles": list(question.roles), "type": question.type, "required": question.required}
    choices = []
    for choice in question.choices:
        item: dict[str, str | float] = {"value": choice.value, "label": choice.label}
        if question.scored and choice.score is not None:
            item["score"] = choice.score
        choices.append(item)
    data["choices"] = choices
    for key in ("help", "min", "max", "profile", "evidence_for"):
        value = getattr(question, key)
        if value is not None:
            data[key] = value
    if question.reverse:
        data["reverse"] = True
    if question.when is not None:
        data["when"] = question.when.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def export_json(bank: Bank, role: str | None = None) -> str:
    payload: dict[str, object] = {"bank": bank.bank, "version": bank.version, "title": bank.title}
    if role is not None:
        payload["role"] = role
    payload["questions"] = [_question_json(q) for q in bank.questions]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def export_csv(bank: Bank, role: str | None = None) -> str:
    """One row per question, in the order a form should ask them; choices joined by ' | '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "question", "type", "required", "choices", "area", "roles", "help"])
    for q in bank.questions:
        writer.writerow([spreadsheet_safe(cell) for cell in (
            q.id, q.text, q.type, "yes" if q.required else "no", " | ".join(c.label for c in q.choices),
            q.area or "", " ".join(q.roles), q.help or "")])
    return buffer.getvalue()


def export_markdown(bank: Bank, role: str | None = None) -> str:
    title = f"{bank.title}: {ROLE_TITLES[role]}" if role else bank.title
    lines = [f"# {title}", "", f"Question bank `{bank.bank}`, version {bank.version}.", ""]
    if bank.description:
        lines += [bank.description.strip(), ""]
    lines += ["Ask each question of the roles listed. Scored answers feed the area scores; free-text answers are",
              "quoted as evidence in the report, so note the respondent's own words.", ""]
    section = None
    for number, q in enumerate(bank.questions, start=1):
        heading = AREA_TITLES[q.area] if q.area else ("Evidence" if q.evidence_for else "About the organisation")
        if heading != section:
            lines += [f"## {heading}", ""]
            section = heading
        lines.append(f"**{number}. {q.text}**" + ("" if q.required else " *(optional)*"))
        lines.append("")
        lines.append(f"- Asked of: {', '.join(ROLE_TITLES[r] for r in q.roles)}")
        lines.append(f"- Answer: {q.type}" + (f" ({q.min:g} to {q.max:g})" if q.min is not None and q.max is not None
                                               else ""))
        if q.help:
            lines.append(f"- Note: {q.help.strip()}")
        if q.when is not None:
            lines.append(f"- Ask only if {describe_when(q.when, bank)}")
        for choice in q.choices:
            lines.append(f"  - [ ] {choice.label}")
        lines.append(f"- Id: `{q.id}`")
        lines.append("")
    return "\n".join(lines)
