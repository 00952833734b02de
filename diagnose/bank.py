"""Question banks: the questions people are asked, who is asked them, and how answers score."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from diagnose.errors import InputError, Problem
from diagnose.resources import content_dir
from diagnose.vocabulary import ROLES, Area, Role
from diagnose.yamlload import LoadedYaml, read_yaml, validate

QuestionType = Literal["single", "multi", "likert", "number", "text"]
# Answers to these questions fill in the organisation profile instead of (or as well as) scoring.
ProfileField = Literal["role", "team", "team_types", "cycles_run", "org_size", "start_date",
                       "training_days", "organisation"]
IDENT = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(Strict):
    value: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    label: str
    score: float | None = Field(default=None, ge=0, le=100)


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

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[Question]) -> list[Question]:
        seen: set[str] = set()
        for question in questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice")
            seen.add(question.id)
        return questions

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
    return validate(loaded, Bank, context={"scales": scales if isinstance(scales, dict) else {}})


def bundled_bank_paths() -> list[Path]:
    return sorted(content_dir("question_banks").glob("*.yaml"))


def load_bundled_bank(bank_id: str | None = None) -> Bank:
    """The bundled bank `bank_id`, or the default bank when none is named."""
    banks = {p.stem: p for p in bundled_bank_paths()}
    wanted = bank_id or "okr-training-needs"
    if wanted not in banks:
        raise InputError(Problem("--bank", f"no bundled question bank {wanted!r}",
                                 hint="bundled banks: " + ", ".join(sorted(banks))))
    return load_bank(banks[wanted])
