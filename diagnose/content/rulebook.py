"""The rules file (curricula/rules.yaml) as data: conditions over typed signals, each rule a finding.

A condition is `all`, `any` or `not` over leaves `{signal, op, value}`. Signals the inputs
could not show are unknown, and a rule fires only when its condition is surely true, so
missing data never produces a finding (diagnose/rules/engine.py evaluates them). No eval: the
vocabulary of signals lives here, and every rule is checked against it.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationError, model_validator

from diagnose.content.placeholders import check_placeholders
from diagnose.core.errors import InputError, Problem
from diagnose.core.resources import content_dir
from diagnose.core.spec import Strict, combinator_tag
from diagnose.core.vocabulary import AREAS, ROLES, TEAM_TYPES, Area, Severity
from diagnose.core.yamlload import LoadedYaml, read_yaml, validation_problems

SignalType = Literal["number", "text", "list"]
_AREA = "(" + "|".join(AREAS) + ")"
_ROLE = "(" + "|".join(ROLES) + ")"

# The vocabulary rules may test: a pattern for each family of signals, and its type.
VOCABULARY: list[tuple[str, SignalType, str]] = [
    (rf"area\.{_AREA}", "number", "combined area score, 0-100, higher is healthier"),
    (rf"survey\.area\.{_AREA}", "number", "area score from survey answers, 0-100"),
    (rf"review\.area\.{_AREA}", "number", "area score from the last cycle's export, 0-100"),
    (rf"gap\.{_AREA}", "number", "leaders' score minus managers' and team members', in points"),
    (rf"disagreement\.{_AREA}", "number", "survey score minus last-cycle score, in points"),
    (rf"survey\.role\.{_ROLE}\.{_AREA}", "number", "one role group's area score, 0-100"),
    (r"survey\.question\.[a-z][a-z0-9_]*", "number", "one question's average score, 0-100"),
    (r"survey\.respondents", "number", "number of respondents"),
    (r"review\.kr_count", "number", "key results in the export"),
    (r"review\.(activity|measurable|baseline_target|binary|kr_count_outside_range|health_metric)_share", "number",
     "share of key results (0-1)"),
    (r"review\.(alignment_coverage|owner_coverage|checkin_on_time_share|stale_share|confidence_updated_share|"
     r"green_then_missed_share|score_mean|score_perfect_share)", "number", "share or mean, 0-1"),
    (r"review\.(unsupported_company_objectives|max_krs_per_owner|flat_but_on_track_count|opposing_metric_pairs|"
     r"dependency_count|crowded_team_count|company_objective_count)", "number", "a count"),
    (r"review\.(carry_over_share|task_objective_share|metric_objective_share|score_fail_share|score_commit_share|"
     r"score_target_share|score_stretch_share)", "number", "share, 0-1"),
    (rf"review\.team\.({'|'.join(TEAM_TYPES)})\.(activity_share|alignment_coverage)", "number",
     "share among one type of team's own key results or objectives, 0-1 (review/team_types.py)"),
    (r"profile\.maturity", "text", "first_cycle, developing or experienced"),
    (r"profile\.team_types", "list", "team types present"),
    (r"profile\.cycles_run", "number", "OKR cycles completed"),
    (r"inputs\.cycle_given", "number", "1 when the last cycle's export was given, else 0"),
    (r"inputs\.role_groups", "number", "how many role groups answered (leaders, managers, team members, HR)"),
]
OPERATORS: dict[SignalType, set[str]] = {
    "number": {"<", "<=", ">", ">=", "==", "!="},
    "text": {"==", "!=", "in"},
    "list": {"contains"},
}


# The values a number signal can take, where bounded: how far a finding's evidence lies from
# its threshold is measured against the distance to the worst value (rules/strength.py).
_RANGES: list[tuple[str, tuple[float, float]]] = [
    (r"(gap|disagreement)\..*", (-100.0, 100.0)),
    (r"(area|survey\.area|review\.area|survey\.role\..*|survey\.question)\..*", (0.0, 100.0)),
    (r"review\..*(_share|_coverage|score_mean)", (0.0, 1.0)),
]


def signal_range(name: str) -> tuple[float, float] | None:
    """(lowest, highest) a number signal can be; None for a count, which has no ceiling."""
    for pattern, bounds in _RANGES:
        if re.fullmatch(pattern, name):
            return bounds
    return None


def signal_type(name: str) -> SignalType | None:
    for pattern, kind, _ in VOCABULARY:
        if re.fullmatch(pattern, name):
            return kind
    return None


class Leaf(Strict):
    signal: str
    op: Literal["<", "<=", ">", ">=", "==", "!=", "in", "contains"]
    value: float | str | list[str]

    @model_validator(mode="after")
    def _known(self):
        kind = signal_type(self.signal)
        if kind is None:
            close = difflib.get_close_matches(self.signal, known_signal_names(), n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]!r}?" if close else "; run `okr-diagnose check --signals` for the list"
            raise ValueError(f"unknown signal {self.signal!r}{hint}")
        if self.op not in OPERATORS[kind]:
            raise ValueError(f"operator {self.op!r} does not apply to {kind} signal {self.signal!r}; "
                             f"use one of {', '.join(sorted(OPERATORS[kind]))}")
        if kind == "number" and not isinstance(self.value, (int, float)):
            raise ValueError(f"{self.signal!r} is a number; compare it with a number, not {self.value!r}")
        return self


class All(Strict):
    all: list[Condition] = Field(min_length=1)


class Any_(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str:
    return combinator_tag(value, {All: "All", Any_: "Any", Not: "Not"}, "Leaf")


Condition = Annotated[
    Annotated[Leaf, Tag("Leaf")] | Annotated[All, Tag("All")] | Annotated[Any_, Tag("Any")]
    | Annotated[Not, Tag("Not")],
    Discriminator(_condition_kind),
]
All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9\-]*$")
    area: Area
    severity: Severity
    title: str = Field(min_length=1, max_length=120)  # a finding's headline, on the summary's first page
    rationale: str
    # What people must do differently afterwards: the report's headline is built from these.
    behaviour: str = ""
    training_need: bool = True
    when: Condition
    modules: list[str] = Field(default_factory=list)
    # first: the first listed module that suits the organisation answers it (modules are
    # alternatives); all: every listed module that suits it does (a programme in itself).
    take: Literal["first", "all"] = "first"
    actions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self):
        if self.training_need and not self.modules:
            raise ValueError("a training need names the modules that address it (modules: [...])")
        if not self.training_need and not self.actions:
            raise ValueError("a problem training cannot fix names what leaders must do instead (actions: [...])")
        if self.training_need and not self.behaviour:
            raise ValueError("a training need says what people must do differently afterwards (behaviour: ...)")
        check_placeholders(self)
        return self


class RuleBook(Strict):
    rules: list[Rule] = Field(min_length=1)


def rules_path() -> Path:
    return content_dir("curricula") / "rules.yaml"


def load_rules(path: Path | None = None, module_ids: set[str] | None = None) -> RuleBook:
    book, problems = check_rules(read_yaml(path or rules_path()), module_ids)
    if problems or book is None:
        raise InputError(problems)
    return book


def check_rules(loaded: LoadedYaml, module_ids: set[str] | None) -> tuple[RuleBook | None, list[Problem]]:
    """Validate rule by rule, so one bad rule does not hide the problems of the others."""
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        return None, [Problem(loaded.file, "expected a mapping with a non-empty 'rules' list", line=1)]
    problems: list[Problem] = []
    unknown = [key for key in data if key != "rules"]
    for key in unknown:
        problems.append(Problem(loaded.file, f"unknown key {key!r}", line=loaded.line_of((key,)), hint="remove it"))
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, item in enumerate(data["rules"]):
        try:
            rule = Rule.model_validate(item)
        except ValidationError as exc:
            problems.extend(validation_problems(loaded, Rule, exc, prefix=("rules", index)))
            rule = None
        if rule is not None:
            if rule.id in seen:
                problems.append(Problem(loaded.file, f"rule id {rule.id!r} is used twice",
                                        line=loaded.line_of(("rules", index, "id")), hint="give each rule its own id"))
            seen.add(rule.id)
            rules.append(rule)
        modules = item.get("modules") if isinstance(item, dict) else None
        for m_index, module in enumerate(modules if isinstance(modules, list) else []):
            if module_ids is not None and isinstance(module, str) and module not in module_ids:
                close = difflib.get_close_matches(module, sorted(module_ids), n=1)
                problems.append(Problem(loaded.file, f"module {module!r} does not exist",
                                        line=loaded.line_of(("rules", index, "modules", m_index)),
                                        path=loaded.path_text(("rules", index, "modules", m_index)),
                                        hint=f"did you mean {close[0]!r}?" if close else "see curricula/modules/"))
    return (RuleBook(rules=rules) if not problems else None), problems


def known_signal_names() -> list[str]:
    """Every concrete signal name the vocabulary allows (patterns over question ids excepted)."""
    names: list[str] = []
    for pattern, _, _ in VOCABULARY:
        if "[" in pattern:
            continue
        parts = re.split(r"(\([^)]*\))", pattern.replace("\\", ""))
        options = [part[1:-1].split("|") if part.startswith("(") else [part] for part in parts]
        names.extend("".join(combo) for combo in itertools.product(*options))
    return names


def vocabulary_listing() -> list[str]:
    return [f"{pattern.replace(chr(92), '')}  ({kind}) {text}" for pattern, kind, text in VOCABULARY]
