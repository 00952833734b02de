"""`okr-diagnose bank export`: the bank as JSON (contract), CSV (for building a form) or Markdown
(a printable interview guide for a consultant)."""

from __future__ import annotations

import csv
import io
import json

from diagnose.content.bank import Bank, Question
from diagnose.core.vocabulary import AREA_TITLES, ROLE_TITLES


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


def export_json(bank: Bank) -> str:
    payload = {"bank": bank.bank, "version": bank.version, "title": bank.title,
               "questions": [_question_json(q) for q in bank.questions]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def export_csv(bank: Bank) -> str:
    """One row per question, in the order a form should ask them; choices joined by ' | '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "question", "type", "required", "choices", "area", "roles", "help"])
    for q in bank.questions:
        writer.writerow([q.id, q.text, q.type, "yes" if q.required else "no",
                         " | ".join(c.label for c in q.choices), q.area or "", " ".join(q.roles), q.help or ""])
    return buffer.getvalue()


def export_markdown(bank: Bank) -> str:
    lines = [f"# {bank.title}", "", f"Question bank `{bank.bank}`, version {bank.version}.", ""]
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
        for choice in q.choices:
            lines.append(f"  - [ ] {choice.label}")
        lines.append(f"- Id: `{q.id}`")
        lines.append("")
    return "\n".join(lines)
