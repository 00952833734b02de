"""`okr-diagnose bank export --format google-apps-script | qualtrics`: the bank as a form-building
script or a survey import file, laid out so that the form tool's response export comes back in
through `report --responses` with no labels file and no warning.

What makes the round trip hold: every question keeps the bank's text as its title (Google heads
its export columns with the titles) and, in Qualtrics, its id as the export tag; every choice keeps
the bank's label, which `people.responses` matches first. A multi-select whose labels could not be
told apart once the tool joins the ticked ones with commas becomes a Yes/No grid instead, one
column per option. Neither tool can take the bank's skip logic in these files, so a question asked
only under a condition is optional and says when to answer it.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Literal

from diagnose.content.bank import Bank, Question
from diagnose.content.labels import LabelTable, load_label_table
from diagnose.core.errors import InputError, Problem
from diagnose.core.vocabulary import AREA_TITLES, ROLE_TITLES
from diagnose.people.bank_export import describe_when

OPENING, EVIDENCE, CLOSING = "About you", "Examples from your work", "Last questions"
# The columns of a grid that stands in for a multi-select: the importer reads Yes as ticked.
GRID_COLUMNS = ("Yes", "No")
# Beyond this many options, only combinations of up to three are tried (2^n grows fast).
_ALL_SUBSETS_UP_TO = 10

Kind = Literal["single", "multi", "grid", "number", "short", "long"]


@dataclass(frozen=True)
class FormQuestion:
    question: Question
    kind: Kind
    required: bool
    note: str | None  # the help text, and when to answer if the bank's skip logic cannot be built


@dataclass(frozen=True)
class Section:
    title: str
    questions: list[FormQuestion]


def plan_form(bank: Bank, table: LabelTable | None = None) -> list[Section]:
    """The bank's questions as form items, grouped one section per area in the bank's order.

    Unscored questions before the first area open the form; free-text evidence prompts get a
    section of their own; anything else unscored comes last."""
    table = table or load_label_table(bank)
    clashes = label_clashes(bank, table)
    if clashes:
        raise InputError(clashes)
    sections: dict[str, list[FormQuestion]] = {}
    for question in bank.questions:
        if question.area:
            title = AREA_TITLES[question.area]
        elif question.evidence_for:
            title = EVIDENCE
        else:
            title = CLOSING if sections.keys() - {OPENING} else OPENING
        sections.setdefault(title, []).append(_form_question(question, bank, table))
    return [Section(title, items) for title, items in sections.items()]


def _form_question(question: Question, bank: Bank, table: LabelTable) -> FormQuestion:
    kind: Kind
    if question.type in ("single", "likert"):
        kind = "single"
    elif question.type == "multi":
        kind = "grid" if joins_ambiguously(question, table) else "multi"
    elif question.type == "number":
        kind = "number"
    else:  # profile answers are a name or a date; the rest are accounts in people's own words
        kind = "short" if question.profile else "long"
    notes = [question.help.strip()] if question.help else []
    if question.when is not None:
        notes.append(f"Answer this only if {describe_when(question.when, bank)}; otherwise leave it blank.")
    return FormQuestion(question, kind, question.required and question.when is None,
                        "\n\n".join(notes) or None)


def label_clashes(bank: Bank, table: LabelTable) -> list[Problem]:
    """Choices an export could not tell apart: a label that reads as another choice (the same
    label twice, or a label spelt like another choice's value)."""
    problems = []
    for question in bank.questions:
        for choice in question.choices:
            read = table.choice_value(question, choice.label)
            if read != choice.value:
                problems.append(Problem(
                    f"bank {bank.bank}", f"question {question.id!r}: the label {choice.label!r} of choice "
                                         f"{choice.value!r} would be read back as {read!r}",
                    hint="give every choice of a question a label of its own, unlike the other choices' values"))
    return problems


def joins_ambiguously(question: Question, table: LabelTable) -> bool:
    """Whether some set of ticked options, joined as Google (", ") or Qualtrics (",") export them,
    would be read back as a different set: labels that hold a comma can make one label look like
    two others."""
    choices = question.choices
    sizes = range(1, len(choices) + 1) if len(choices) <= _ALL_SUBSETS_UP_TO else range(1, 4)
    for size in sizes:
        for ticked in itertools.combinations(choices, size):
            for separator in (", ", ","):
                values, unknown = table.split_options(question, separator.join(c.label for c in ticked))
                if unknown or set(values) != {c.value for c in ticked}:
                    return True
    return False


def form_title(bank: Bank, role: str | None) -> str:
    return f"{bank.title}: {ROLE_TITLES[role]}" if role else bank.title


def import_command(role: str | None, file: str) -> str:
    return f"okr-diagnose report --responses {file}" + (f":{role}" if role else "")


# ------------------------------------------------------------------------------ Google Apps Script

def js(text: str) -> str:
    """A JavaScript string literal that holds exactly `text`. JSON's escaping is JavaScript's; the
    line separators (raw, they end a line in older JavaScript) and "</" are escaped as well, so
    that no text can end the string, the line or a surrounding script element."""
    return (json.dumps(text, ensure_ascii=False)
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/"))


def _js_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def number_words(question: Question) -> str:
    low, high = question.min, question.max
    if low is not None and high is not None:
        return f"Enter a number from {low:g} to {high:g}."
    if low is not None:
        return f"Enter a number of at least {low:g}."
    if high is not None:
        return f"Enter a number of at most {high:g}."
    return "Enter a number."


def _number_validation(question: Question) -> str:
    low, high = question.min, question.max
    if low is not None and high is not None:
        rule = f"requireNumberBetween({_js_number(low)}, {_js_number(high)})"
    elif low is not None:
        rule = f"requireNumberGreaterThanOrEqualTo({_js_number(low)})"
    elif high is not None:
        rule = f"requireNumberLessThanOrEqualTo({_js_number(high)})"
    else:
        rule = "requireNumber()"
    return f"FormApp.createTextValidation().setHelpText({js(number_words(question))}).{rule}.build()"


def _js_list(items) -> str:
    return "[" + ", ".join(js(item) for item in items) + "]"


def _gas_item(item: FormQuestion) -> list[str]:
    question = item.question
    labels = [c.label for c in question.choices]
    calls = {
        "single": ["addMultipleChoiceItem()", f"setChoiceValues({_js_list(labels)})"],
        "multi": ["addCheckboxItem()", f"setChoiceValues({_js_list(labels)})"],
        "grid": ["addGridItem()", f"setRows({_js_list(labels)})", f"setColumns({_js_list(GRID_COLUMNS)})"],
        "number": ["addTextItem()", f"setValidation({_number_validation(question)})"],
        "short": ["addTextItem()"],
        "long": ["addParagraphTextItem()"],
    }[item.kind]
    chain = [calls[0], f"setTitle({js(question.text)})", *calls[1:], f"setRequired({str(item.required).lower()})"]
    if item.note:
        chain.append(f"setHelpText({js(item.note)})")
    lines = [f"  // {question.id}" + (" (a grid: its labels hold commas)" if item.kind == "grid" else ""),
             f"  form.{chain[0]}"]
    lines += [f"      .{call}" for call in chain[1:]]
    lines[-1] += ";"
    return lines


def export_google_apps_script(bank: Bank, role: str | None = None, table: LabelTable | None = None) -> str:
    """A script for script.google.com that builds the bank's form in the user's own Google account.
    `table`: the answer labels the responses will be read with (a content folder's, `--content`)."""
    sections = plan_form(bank, table)
    roles = f" --role {role}" if role else ""
    lines = [
        f"// Builds the Google Form of okr-diagnose's question bank {bank.bank}, version {bank.version}.",
        f"// Made by `okr-diagnose bank export --format google-apps-script{roles}`.",
        "//",
        "// At script.google.com: New project, replace the editor's contents with this script, save,",
        "// pick createForm and press Run, then allow access to your forms. The form is made in your",
        "// Google Drive; the log (View > Logs, or the execution log below the editor) shows its links.",
        "// Edit question texts and labels only in the bank: the responses are read back by them.",
        "// Once people have answered: Responses > Download responses (.csv), then",
        f"//   {import_command(role, 'responses.csv')}",
        "",
        "function createForm() {",
        f"  var form = FormApp.create({js(form_title(bank, role))});",
    ]
    if bank.description:
        lines.append(f"  form.setDescription({js(' '.join(bank.description.split()))});")
    for number, section in enumerate(sections):
        if number or section.title != OPENING:
            lines += ["", f"  form.addPageBreakItem().setTitle({js(section.title)});"]
        for item in section.questions:
            lines.append("")
            lines += _gas_item(item)
    lines += [
        "",
        "  // Forms made by a script start unpublished since mid-2026: nobody could answer yet.",
        "  if (typeof form.isPublished === \"function\" && !form.isPublished()) {",
        "    form.setPublished(true);",
        "  }",
        "  Logger.log(\"Edit the form: \" + form.getEditUrl());",
        "  Logger.log(\"Send this link to the respondents: \" + form.getPublishedUrl());",
        "}",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ Qualtrics

_TAGGED = re.compile(r"\[\[")


def _qualtrics_text(text: str) -> str:
    """One line of Qualtrics text: its fields are lines, "[[" starts a tag, and text is HTML."""
    line = " ".join(text.split()).replace("<", "&lt;")
    return _TAGGED.sub("[ [", line)


def _qualtrics_item(item: FormQuestion) -> list[str]:
    question = item.question
    lines = []
    # Advanced Format has no help text nor number validation: a text-only item before the question
    # says what the help text would.
    note = " ".join(filter(None, [item.note, number_words(question) if item.kind == "number" else None]))
    if note:
        lines += ["[[Question:DB]]", _qualtrics_text(note), ""]
    tag = {"single": "MC:SingleAnswer:Vertical", "multi": "MC:MultipleAnswer:Vertical", "grid": "Matrix",
           "number": "TE:SingleLine", "short": "TE:SingleLine", "long": "TE:Essay"}[item.kind]
    lines += [f"[[Question:{tag}]]", f"[[ID:{question.id}]]", _qualtrics_text(question.text)]
    if question.choices:
        lines.append("[[Choices]]")
        lines += [_qualtrics_text(c.label) for c in question.choices]
    if item.kind == "grid":
        lines += ["[[Answers]]", *GRID_COLUMNS]
    return lines + [""]


def export_qualtrics(bank: Bank, role: str | None = None, table: LabelTable | None = None) -> str:
    """Qualtrics' Advanced Format TXT (Survey > Tools > Import/Export > Import Survey): one block per
    section, each question with the bank's id as its export tag."""
    lines = ["[[AdvancedFormat]]", ""]
    for section in plan_form(bank, table):
        lines += [f"[[Block:{_qualtrics_text(section.title).replace(']]', '] ]')}]]", ""]
        for item in section.questions:
            lines += _qualtrics_item(item)
    return "\n".join(lines)
