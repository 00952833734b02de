"""Read team-survey exports from form tools: one respondent a row, columns headed by the question.

Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, Typeform and LimeSurvey each lay out
their header differently (DOMAIN.md, "Survey exports from form tools"); anything else is read
as one header row. Reading goes in three steps: the file becomes rows of text cells; the
tool's header layout becomes one `ColumnHeader` per column (form_layouts.py); each header is matched once to a
question, to one option of a multi-select question, or to the tool's own metadata, and every
respondent row is read through that plan. Nothing is guessed: a column that matches no
question and a cell that maps to no choice are warnings, with the row, and are left out.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from diagnose.content.bank import Bank, Question
from diagnose.content.labels import LabelTable, fold, load_label_table
from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import DEFAULT_LIMITS, Limits
from diagnose.core.models import AnswerSet, AnswerValue, Respondent
from diagnose.core.tables import read_records as read_table
from diagnose.core.values import ValueProblem, parse_number
from diagnose.core.vocabulary import ROLES, parse_role
from diagnose.people.answers import normalise_answer
from diagnose.people.form_layouts import ColumnHeader, Layout, detect_layout, is_metadata

# What one-column-per-option exports write for ticked and unticked (LimeSurvey Y, Qualtrics 1).
_TICKED = {"y", "yes", "1", "true", "x", "selected", "checked", "\u2713", "\u2714"}
_UNTICKED = {"n", "no", "0", "false", "not selected"}
_NUMBER_FIRST = re.compile(r"^\s*\d+\s*[-.:)=]\s*(?P<label>\S.*?)\s*$")   # "5 - Strongly agree"
_NUMBER_LAST = re.compile(r"^\s*(?P<label>\S.*?)\s*\(\d+\)\s*$")          # "Strongly agree (5)"
_WHOLE_NUMBER = re.compile(r"^\s*(\d+)(?:\.0+)?\s*$")


@dataclass
class ImportedResponses:
    answer_sets: list[AnswerSet]
    tool: str
    warnings: list[Problem]


@dataclass(frozen=True)
class ColumnPlan:
    header: ColumnHeader
    question: Question
    option: str | None = None  # the choice value a one-column-per-option column ticks


def read_responses(path: Path, bank: Bank, role: str | None = None,
                   labels: Path | LabelTable | None = None, limits: Limits = DEFAULT_LIMITS) -> ImportedResponses:
    """One AnswerSet per respondent row of a form tool's export (CSV or .xlsx).

    `labels`: a labels file, or a table already loaded (a report loads one for all its exports,
    so a mistake in the file is reported once)."""
    path = Path(path)
    file = str(path)
    role = parse_role(role)
    table = labels if isinstance(labels, LabelTable) else load_label_table(bank, labels)
    notes: list[Problem] = []
    rows = read_table(path, notes, limits=limits)
    if not any(cell.strip() for row in rows for cell in row):
        raise InputError(Problem(file, "the file is empty",
                                 hint="export the responses again: a header row of question texts, "
                                      "then one row per respondent"))
    if not any(cell.strip() for cell in rows[0]):
        raise InputError(Problem(file, "there is no header row: the first row is blank", row=1,
                                 hint="the first row must hold the question texts, as the form tool exports it"))
    layout = detect_layout(rows)
    data_rows = list(enumerate(rows, start=1))[layout.header_rows:]
    plans, warnings = plan_columns(file, layout, data_rows, bank, table)
    if not plans:
        seen = ", ".join(repr(h.shown()) for h in layout.columns[:4] if h.text.strip())
        raise InputError(Problem(file, f"this does not look like an export of the {bank.bank} bank: "
                                       "no column header matches a question's text", row=layout.columns[0].row,
                                 hint=f"the header starts {seen}; export the form with the full question texts "
                                      "as column headers, or name each column by its question id"))
    reader = _RowReader(file, bank, table, plans, role)
    read = [(number, record, answer_set) for number, record in data_rows
            if any(cell.strip() for cell in record) and (answer_set := reader.read(number, record)) is not None]
    errors = reader.errors + reader.role_problems()
    if errors:
        raise InputError(errors)
    answer_sets, twice = _once_per_person(read, layout, file)
    if not answer_sets:
        if reader.warnings:  # rows there were, but nothing in them could be read: say why
            raise InputError([Problem(file, "no row answers a question of the bank in a way that can be read",
                                      row=layout.header_rows + 1, hint="see the problems below")]
                             + [dataclasses.replace(w, warning=False) for w in (warnings + reader.warnings)[:10]])
        raise InputError(Problem(file, "no respondent gave an answer: the file has a header but no answers below it",
                                 row=layout.header_rows + 1, hint="export the responses again once people have replied"))
    return ImportedResponses(answer_sets, layout.tool, notes + warnings + twice + reader.warnings)


# Columns that say who answered: read only to count a person who submitted twice once, never kept.
_IDENTITY = {"email", "email address", "name", "your name", "full name", "username", "respondent email",
             "recipient email", "recipientemail"}


# What tools write where the person is not known: never the same person twice.
_NOBODY = {"", "anonymous", "anon", "unknown", "n/a", "na", "-", "none", "null"}


def _identity(cell: str) -> str:
    value = cell.strip().casefold()
    return "" if value in _NOBODY else value


def _once_per_person(read: list[tuple[int, list[str], AnswerSet]], layout: Layout,
                     file: str) -> tuple[list[AnswerSet], list[Problem]]:
    """A form submitted twice by one person (the same name or email in the tool's own columns)
    counts once, the later answers kept, with a warning that names the rows but not the person."""
    columns = [index for index, header in enumerate(layout.columns) if fold(header.text) in _IDENTITY]
    if not columns:
        return [answer_set for _, _, answer_set in read], []
    named = " and ".join(repr(layout.columns[index].text) for index in columns)

    def person(record: list[str]) -> tuple[str, ...] | None:
        who = tuple(_identity(record[index]) if index < len(record) else "" for index in columns)
        return who if any(who) else None

    latest = {who: number for number, record, _ in read if (who := person(record)) is not None}
    kept, said = [], []
    for number, record, answer_set in read:
        who = person(record)
        if who is not None and latest[who] != number:
            said.append(Problem(file, f"the same {named} as row {latest[who]}: one person who answered twice, "
                                      "counted once with the later answers", row=number, warning=True))
            continue
        kept.append(answer_set)
    return kept, said


# ------------------------------------------------------------------------------ columns to questions

def plan_columns(file: str, layout: Layout, data_rows: list[tuple[int, list[str]]], bank: Bank,
                 table: LabelTable) -> tuple[list[ColumnPlan], list[Problem]]:
    """What each column answers; every column that answers nothing known is a warning."""
    matcher = _ColumnMatcher(bank, table)
    plans: list[ColumnPlan] = []
    warnings: list[Problem] = []

    def unmatched(header: ColumnHeader, message: str, hint: str) -> None:
        warnings.append(Problem(file, f"column {header.index + 1} {header.shown()!r} {message}; its cells are ignored",
                                row=header.row, hint=hint, warning=True))

    for header in layout.columns:
        question = matcher.question(header)
        if header.option is not None:
            if question is not None and question.type == "multi":
                value = table.choice_value(question, header.option)
                if value is not None:
                    plans.append(ColumnPlan(header, question, value))
                    continue
                unmatched(header, f"is not an option of question {question.id!r}",
                          "its options are " + ", ".join(repr(c.label) for c in question.choices))
            elif question is None and is_metadata(layout.tool, header):
                continue
            elif question is not None:
                unmatched(header, f"is an extra column of question {question.id!r}, which has no option "
                                  f"{header.option!r}", "only answers among the question's choices are read")
            else:
                unmatched(header, f"matches no question or option of bank {bank.bank!r}", matcher.near_miss(header))
            continue
        if not header.text.strip() and not header.code:
            if any(header.index < len(record) and record[header.index].strip() for _, record in data_rows):
                unmatched(header, "has no header", "give the column its question's text")
            continue
        if question is not None:
            plans.append(ColumnPlan(header, question))
        elif is_metadata(layout.tool, header):
            continue
        elif (found := matcher.option_column(header, plans[-1] if plans else None)) is not None:
            plans.append(ColumnPlan(header, *found))
        else:
            unmatched(header, f"matches no question of bank {bank.bank!r}", matcher.near_miss(header))
    return plans, warnings


class _ColumnMatcher:
    """Finds the question a header names, by its text or id: exact after folding, never fuzzy."""

    def __init__(self, bank: Bank, table: LabelTable):
        self.table = table
        self.by_key: dict[str, Question] = {}
        for question in bank.questions:
            self.by_key.setdefault(fold(question.text), question)
        for question in bank.questions:
            self.by_key.setdefault(question.id, question)
        self.texts = {fold(q.text): q.text for q in bank.questions}
        self.multi = [q for q in bank.questions if q.type == "multi"]

    def question(self, header: ColumnHeader) -> Question | None:
        named = self.table.column_question(header.shown())
        if named is not None:  # a labels file's `columns:` says which question this column is
            return self.by_key.get(named)
        for text in (header.text, header.code):
            key = fold(text or "")
            # Qualtrics heads a multi-select that has an "other" box "<question> - Selected Choice".
            key = key.removesuffix(" - selected choice")
            if key in self.by_key:
                return self.by_key[key]
        # A grid (matrix) question heads each row's column `Grid title [statement]` (Google Forms,
        # SurveyMonkey's one-row CSV): the statement is the bank's question.
        row = re.fullmatch(r"(.+?)\s*\[(.+)\]\s*", " ".join((header.text or "").split()))
        if row and header.option is None:
            question = self.by_key.get(fold(row.group(2)))
            if question is not None and question.type != "multi":
                return question
        return None

    def option_column(self, header: ColumnHeader, previous: ColumnPlan | None) -> tuple[Question, str] | None:
        """A column for one option of a multi-select: `Question [Option]` (LimeSurvey, Google grids),
        `Question - Option` (Qualtrics split columns) or the option label alone (Typeform)."""
        text = " ".join(header.text.split())
        splits = []
        if bracketed := re.fullmatch(r"(.+?)\s*\[(.+)\]", text):
            splits.append((bracketed.group(1), bracketed.group(2)))
        splits += [(text[:m.start()], text[m.end():]) for m in re.finditer(r"\s+[-\u2013\u2014]\s+", text)]
        for question_text, option in splits:
            question = self.by_key.get(fold(question_text))
            if question is not None and question.type == "multi":
                value = self.table.choice_value(question, option)
                if value is not None:
                    return question, value
        owners = [(q, v) for q in self.multi if (v := self.table.choice_value(q, header.text)) is not None]
        if len(owners) > 1 and previous is not None:
            owners = [(q, v) for q, v in owners if q.id == previous.question.id]
        return owners[0] if len(owners) == 1 else None

    def near_miss(self, header: ColumnHeader) -> str:
        close = difflib.get_close_matches(fold(header.text), list(self.texts), n=1, cutoff=0.6)
        if close:
            return f"did you mean {self.texts[close[0]]!r}?"
        return "head the column with a question's text or id; `okr-diagnose bank export --format md` lists them"


# ------------------------------------------------------------------------------ rows to answer sets

class _RowReader:
    """Reads respondent rows through the column plan, collecting warnings and errors as it goes."""

    def __init__(self, file: str, bank: Bank, table: LabelTable, plans: list[ColumnPlan], role: str | None):
        self.file, self.bank, self.table, self.role = file, bank, table, role
        self.columns: dict[str, list[ColumnPlan]] = defaultdict(list)
        for plan in plans:
            self.columns[plan.question.id].append(plan)
        self.role_question = next((q for q in bank.questions if q.profile == "role"), None)
        self.team_question = next((q for q in bank.questions if q.profile == "team"), None)
        self.warnings: list[Problem] = []
        self.errors: list[Problem] = []
        self.roleless_rows: list[int] = []

    def read(self, number: int, record: list[str]) -> AnswerSet | None:
        answers: dict[str, AnswerValue] = {}
        for question in self.bank.questions:
            plans = self.columns.get(question.id)
            if plans:
                value = self._answer(number, record, question, plans)
                if value is not None:
                    answers[question.id] = value
        profile_only = {q.id for q in (self.role_question, self.team_question) if q is not None}
        if not set(answers) - profile_only:
            self.warn(number, "this row answers none of the bank's questions; it is left out")
            return None
        role = answers.get(self.role_question.id) if self.role_question else None
        role = role or self.role
        if role is None and not any(e.row == number for e in self.errors):
            self.roleless_rows.append(number)
        if role is None:
            return None
        team = answers.get(self.team_question.id) if self.team_question else None
        return AnswerSet(bank=self.bank.bank, bank_version=self.bank.version,
                         respondent=Respondent(role=role, team=team if isinstance(team, str) else None),
                         answers=answers, source=f"{self.file} row {number}")

    def role_problems(self) -> list[Problem]:
        if not self.roleless_rows:
            return []
        roles = ", ".join(ROLES)
        if self.role_question is None or self.role_question.id not in self.columns:
            asked = f" ({self.role_question.text!r})" if self.role_question else ""
            return [Problem(self.file, "the form did not ask the respondents' role" + asked + ", so no row says "
                            "whose view it gives", row=self.roleless_rows[0],
                            hint=f"pass --role ROLE, one of {roles}, to give everyone in this file that role")]
        return [Problem(self.file, "this row gives no role", row=number,
                        hint=f"answer the role question, or pass --role ROLE, one of {roles}, for "
                             "respondents the form did not ask")
                for number in self.roleless_rows]

    def warn(self, number: int, message: str, hint: str | None = None) -> None:
        self.warnings.append(Problem(self.file, message, row=number, hint=hint, warning=True))

    def _answer(self, number: int, record: list[str], question: Question, plans: list[ColumnPlan]) -> AnswerValue | None:
        def cell(plan: ColumnPlan) -> str:
            return record[plan.header.index] if plan.header.index < len(record) else ""

        if question.type == "multi":
            return self._multi(number, question, [(plan, cell(plan)) for plan in plans])
        filled = [(plan, cell(plan)) for plan in plans if cell(plan).strip()]
        if not filled:
            return None
        plan, text = filled[0]
        if any(other.strip() != text.strip() for _, other in filled[1:]):
            self.warn(number, f"question {question.id!r} is answered differently in {len(filled)} columns; "
                              f"the first, column {plan.header.index + 1}, is used")
        where = f"column {plan.header.index + 1} {plan.header.shown()!r}"
        if question.type in ("single", "likert"):
            return self._choice(number, question, text, where)
        if question.type == "number":
            try:
                return normalise_answer(question, parse_number(text))
            except (ValueProblem, ValueError) as exc:
                self.warn(number, f"{where}: {exc}; this answer is left out")
                return None
        return text.strip()

    def _choice(self, number: int, question: Question, text: str, where: str) -> str | None:
        value = choice_from_cell(question, text, self.table)
        if question is self.role_question and value is not None and value not in ROLES:
            value = None
        if value is not None:
            return value
        if self.table.means_no_answer(text):
            return None
        labels = ", ".join(repr(c.label) for c in question.choices)
        if question is self.role_question:
            self.errors.append(Problem(self.file, f"{where}: unknown role {text.strip()!r}", row=number,
                                       hint=f"the role column must hold one of {labels}"))
        else:
            self.warn(number, f"{where}: {text.strip()!r} is not a choice of question {question.id!r}; "
                              "this answer is left out",
                      hint=f"its choices are {labels}; map other labels in a labels file shaped like "
                           "question_banks/imports/likert-labels.yaml")
        return None

    def _multi(self, number: int, question: Question, cells: list[tuple[ColumnPlan, str]]) -> list[str] | None:
        chosen: set[str] = set()
        for plan, text in cells:
            if not text.strip():
                continue
            where = f"column {plan.header.index + 1} {plan.header.shown()!r}"
            if plan.option is None:
                values, unknown = self.table.split_options(question, text)
                chosen.update(values)
                for piece in unknown:
                    if not self.table.means_no_answer(piece):
                        self.warn(number, f"{where}: {piece!r} is not an option of question {question.id!r}; "
                                          "it is left out",
                                  hint="its options are " + ", ".join(repr(c.label) for c in question.choices))
                continue
            ticked = _ticked(text, plan, question, self.table)
            if ticked is None:
                self.warn(number, f"{where}: {text.strip()!r} neither ticks nor leaves this option; it is left out",
                          hint="an option column holds the option's text, Y or 1 when ticked, and is empty otherwise")
            elif ticked:
                chosen.add(plan.option)
        # The bank's order, so the same ticks always give the same answer whatever the column order.
        return [c.value for c in question.choices if c.value in chosen] or None


def choice_from_cell(question: Question, text: str, table: LabelTable) -> str | None:
    """The choice a single or likert cell names: label, value, table entry, or 1..N on a linear scale."""
    value = table.choice_value(question, text)
    if value is not None:
        return value
    for pattern in (_NUMBER_FIRST, _NUMBER_LAST):
        if (numbered := pattern.match(text)) and (value := table.choice_value(question, numbered["label"])):
            return value
    # Linear scales export the point's number: 1 is the bank's first choice, N its last.
    if question.type == "likert" and (number := _WHOLE_NUMBER.match(text)):
        position = int(number.group(1))
        if 1 <= position <= len(question.choices):
            return question.choices[position - 1].value
    return None


def _ticked(text: str, plan: ColumnPlan, question: Question, table: LabelTable) -> bool | None:
    key = fold(text)
    if key in _TICKED:
        return True
    if key in _UNTICKED:
        return False
    if table.choice_value(question, text) == plan.option or key == fold(plan.header.option or plan.header.text):
        return True
    return None


