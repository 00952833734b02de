"""Question banks: the questions people are asked, who is asked them, and how answers score."""

from __future__ import annotations

import difflib
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag, ValidationInfo, model_validator

from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.spec import Strict, combinator_tag
from diagnose.core.vocabulary import ROLES, Area, Role
from diagnose.core.yamlload import LoadedYaml, read_yaml, validate

QuestionType = Literal["single", "multi", "likert", "number", "text"]
# Answers to these questions fill in the organisation profile instead of (or as well as) scoring.
ProfileField = Literal["role", "team", "team_types", "cycles_run", "org_size", "start_date",
                       "training_days", "organisation"]
IDENT = r"^[a-z][a-z0-9_]*$"
DEFAULT_BANK = "okr-training-needs"


class Choice(Strict):
    value: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    label: str
    score: float | None = Field(default=None, ge=0, le=100)


class AnswerTest(Strict):
    """A test on an earlier answer: `{question: q, in: [...]}`, `not_in`, `min`/`max` or `answered`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    question: str
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    min: float | None = None
    max: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_test(self):
        tests = [name for name in ("in_", "not_in", "min", "max", "answered") if getattr(self, name) is not None]
        if not tests:
            raise ValueError("say what to test: in, not_in, min, max or answered")
        return self


class WhenAll(Strict):
    all: list[When] = Field(min_length=1)


class WhenAny(Strict):
    any: list[When] = Field(min_length=1)


class WhenNot(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    not_: When = Field(alias="not")


def _when_kind(value) -> str:
    return combinator_tag(value, {WhenAll: "All", WhenAny: "Any", WhenNot: "Not"}, "Test")


When = Annotated[
    Annotated[AnswerTest, Tag("Test")] | Annotated[WhenAll, Tag("All")] | Annotated[WhenAny, Tag("Any")]
    | Annotated[WhenNot, Tag("Not")],
    Discriminator(_when_kind),
]
WhenAll.model_rebuild()
WhenAny.model_rebuild()
WhenNot.model_rebuild()


def when_holds(when, answers: dict) -> bool:
    """Skip logic over earlier answers. An unanswered question matches no `in` and every `not_in`."""
    if isinstance(when, WhenAll):
        return all(when_holds(w, answers) for w in when.all)
    if isinstance(when, WhenAny):
        return any(when_holds(w, answers) for w in when.any)
    if isinstance(when, WhenNot):
        return not when_holds(when.not_, answers)
    value = answers.get(when.question)
    if when.answered is not None:
        return (value not in (None, "", [])) == when.answered
    chosen = {str(v) for v in value} if isinstance(value, list) else ({str(value)} if value is not None else set())
    if when.in_ is not None:
        return bool(chosen & set(when.in_))
    if when.not_in is not None:
        return not chosen & set(when.not_in)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return (when.min is None or value >= when.min) and (when.max is None or value <= when.max)


def when_questions(when) -> list[str]:
    if isinstance(when, WhenAll):
        return [q for w in when.all for q in when_questions(w)]
    if isinstance(when, WhenAny):
        return [q for w in when.any for q in when_questions(w)]
    if isinstance(when, WhenNot):
        return when_questions(when.not_)
    return [when.question]


class Question(Strict):
    id: str = Field(pattern=IDENT)
    text: str = Field(min_length=3)
    type: QuestionType
    area: Area | None = None
    roles: list[Role] = Field(default_factory=lambda: list(ROLES))
    choices: list[Choice] = Field(default_factory=list)
    # A reverse-worded item ("Our check-ins are mostly status updates"): agreeing is unhealthy.
    reverse: bool = False
    required: bool = True
    help: str | None = None
    min: float | None = None
    max: float | None = None
    profile: ProfileField | None = None
    # Free-text questions whose answers are quoted as evidence for an area.
    evidence_for: Area | None = None
    # Skip logic: ask only when this holds over earlier answers.
    when: When | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand_scale(cls, data, info: ValidationInfo):
        """`scale: agree5` is short for that scale's choices; `reverse` flips their scores."""
        if not isinstance(data, dict) or "scale" not in data:
            return data
        scales = (info.context or {}).get("scales", {})
        name = data["scale"]
        if name not in scales:
            known = ", ".join(sorted(scales)) or "none defined"
            raise ValueError(f"unknown scale {name!r} (scales in this bank: {known})")
        data = {k: v for k, v in data.items() if k != "scale"}
        choices = [dict(choice) for choice in scales[name]]
        if data.get("reverse"):
            for choice in choices:
                if choice.get("score") is not None:
                    choice["score"] = 100 - choice["score"]
        data["choices"] = choices
        return data

    @model_validator(mode="after")
    def _consistent(self):
        if self.type in ("single", "multi", "likert") and not self.choices:
            raise ValueError(f"a {self.type} question needs choices (or a scale)")
        if self.type in ("number", "text") and self.choices:
            raise ValueError(f"a {self.type} question takes no choices")
        if self.area and self.type in ("single", "likert", "multi"):
            unscored = [c.value for c in self.choices if c.score is None]
            if unscored:
                raise ValueError(
                    f"question {self.id!r} is scored for {self.area} but these choices have no score: "
                    + ", ".join(unscored))
        values = [c.value for c in self.choices]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError("duplicate choice values: " + ", ".join(duplicates))
        return self

    @property
    def scored(self) -> bool:
        return self.area is not None and self.type in ("single", "multi", "likert")

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


class Bank(Strict):
    bank: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$")
    version: int = Field(ge=1)
    title: str
    description: str = ""
    scales: dict[str, list[Choice]] = Field(default_factory=dict)
    questions: list[Question] = Field(min_length=1)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, qid: str) -> Question | None:
        return self.by_id.get(qid)

    def for_role(self, role: str) -> list[Question]:
        return [q for q in self.questions if role in q.roles]


def load_bank(path: Path) -> Bank:
    return bank_from_yaml(read_yaml(path))


def bank_from_yaml(loaded: LoadedYaml) -> Bank:
    data = loaded.data
    scales = data.get("scales", {}) if isinstance(data, dict) else {}
    bank = validate(loaded, Bank, context={"scales": scales if isinstance(scales, dict) else {}})
    problems = bank_problems(loaded, bank)
    if problems:
        raise InputError(problems)
    return bank


def bank_problems(loaded: LoadedYaml, bank: Bank) -> list[Problem]:
    """What the schema alone cannot see: repeated ids, skip logic naming unknown or later questions."""
    problems = []
    position: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        if question.id in position:
            problems.append(Problem(loaded.file, f"question id {question.id!r} is used twice",
                                    line=loaded.line_of(("questions", index, "id")),
                                    hint="give each question its own id"))
            continue
        position[question.id] = index
    for index, question in enumerate(bank.questions):
        if question.when is None:
            continue
        for named in when_questions(question.when):
            line = loaded.line_of(("questions", index, "when"))
            if named not in position:
                close = difflib.get_close_matches(named, list(position), n=1)
                problems.append(Problem(loaded.file, f"'when' names unknown question {named!r}", line=line,
                                        path=f"questions[{question.id}].when",
                                        hint=f"did you mean {close[0]!r}?" if close else "use an earlier question's id"))
            elif position[named] >= index:
                problems.append(Problem(loaded.file, f"'when' names {named!r}, which is asked later", line=line,
                                        path=f"questions[{question.id}].when",
                                        hint="skip logic can only look at earlier answers"))
    return problems


def bundled_bank_paths() -> list[Path]:
    return sorted(content_dir("question_banks").glob("*.yaml"))


def load_bundled_bank(bank_id: str | None = None) -> Bank:
    """The bundled bank `bank_id`, or the default bank when none is named."""
    banks = {p.stem: p for p in bundled_bank_paths()}
    wanted = bank_id or DEFAULT_BANK
    if wanted not in banks:
        raise InputError(Problem("--bank", f"no bundled question bank {wanted!r}",
                                 hint="bundled banks: " + ", ".join(sorted(banks))))
    return load_bank(banks[wanted])
