"""The data that flows between stages: inputs read, what they show, and the diagnosis."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

from diagnose.core.vocabulary import SEVERITY_RANK, Area, Maturity, Role, Scope, Severity, TeamType


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- inputs: people

AnswerValue = str | float | int | list[str]


class Respondent(Model):
    role: Role
    name: str | None = None
    team: str | None = None


class AnswerSet(Model):
    """One respondent's answers: what `survey` writes and `report --answers` reads."""

    bank: str
    bank_version: int
    respondent: Respondent
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    # Questions the respondent chose to skip: not asked again on resuming (only with --review).
    skipped: list[str] = Field(default_factory=list)
    source: str = Field(default="", exclude=True)


# A profile that names no team types is planned for these.
DEFAULT_TEAM_TYPES: tuple[TeamType, ...] = ("product", "operations")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


class Profile(Model):
    """What the consultant knows about the organisation; shapes the programme."""

    organisation: str = "Your organisation"
    prepared_by: str = "okr-diagnose"
    team_types: list[TeamType] = Field(default_factory=lambda: list(DEFAULT_TEAM_TYPES))
    cycles_run: int | None = Field(default=None, ge=0)
    maturity: Maturity | None = None
    scope: Scope = "everyone"
    # Named teams: the programme is for these teams alone (names as the export writes them);
    # the review reads only their objectives and the company's, the survey only their people.
    teams: list[str] = Field(default_factory=list)
    org_size: int | None = Field(default=None, ge=1)
    start_date: dt.date | None = None
    session_minutes: int = Field(default=210, ge=60, le=480)
    max_sessions: int | None = Field(default=None, ge=1)
    checkin_cadence: Literal["weekly", "biweekly"] = "weekly"
    # The month (1-12) the fiscal year starts, for cycles named by it ("Q3 FY26"); FY26 ends in 2026.
    fiscal_year_start: int | None = Field(default=None, ge=1, le=12)
    accent_colour: str = Field(default="#1f5f8b", pattern=r"^#[0-9a-fA-F]{6}$")
    # A PNG, JPEG or SVG file for the cover, relative to the profile file.
    logo: str | None = None
    locale: Literal["en-GB", "en-US"] = "en-GB"
    # Public holidays to plan around: a country of the `holidays` package ("GB", "US", "DE"), by
    # default the locale's; "none" for none. Blackout weeks: any day of each week to keep free.
    holiday_calendar: str | None = None
    blackout_weeks: list[dt.date] = Field(default_factory=list)
    # The calendar's time zone (IANA, "Europe/London"); by default the locale's.
    time_zone: str | None = None

    @field_validator("accent_colour", mode="before")
    @classmethod
    def _colour_written(cls, value: object) -> object:
        if value is None:
            raise ValueError('is empty: write the colour in quotes, accent_colour: "#1f5f8b", because # starts a '
                             "comment in YAML")
        return value

    @field_validator("start_date")
    @classmethod
    def _plausible_start(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise ValueError(f"{value} is too far off to plan a programme for: give a date between 2000 and 2100")
        return value

    @field_validator("blackout_weeks")
    @classmethod
    def _plausible_weeks(cls, value: list[dt.date]) -> list[dt.date]:
        for day in value:
            if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
                raise ValueError(f"{day} is too far off to plan around: give dates between 2000 and 2100")
        return value

    @field_validator("holiday_calendar")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is None or value.lower() == "none":
            return value
        import holidays

        countries = holidays.list_supported_countries()
        if value.upper() not in countries:
            raise ValueError(f"{value!r} is no country the holidays package knows; use a code such as GB, US, DE "
                             "or FR, or none")
        return value.upper()

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            from zoneinfo import ZoneInfo

            try:
                ZoneInfo(value)
            except (ValueError, KeyError, OSError):
                raise ValueError(f"{value!r} is no time zone; use one such as Europe/London or America/New_York") \
                    from None
        return value

    def holiday_country(self) -> str | None:
        if self.holiday_calendar is not None:
            return None if self.holiday_calendar.lower() == "none" else self.holiday_calendar
        return {"en-GB": "GB", "en-US": "US"}[self.locale]

    def zone(self) -> str:
        return self.time_zone or {"en-GB": "Europe/London", "en-US": "America/New_York"}[self.locale]

    def resolved_maturity(self) -> Maturity:
        if self.maturity:
            return self.maturity
        cycles = self.cycles_run or 0
        return "first_cycle" if cycles <= 1 else "developing" if cycles <= 3 else "experienced"


# ---------------------------------------------------------------- inputs: the last cycle

Level = Literal["company", "department", "team", "individual"]


class CheckIn(NamedTuple):
    """One check-in, its values already read and checked by the importer (confidence in 0-1).

    A plain record rather than a model: an export brings 100,000 of them, and they never leave
    the review, so validating each again would only cost time.
    """

    key_result_id: str
    date: dt.date
    value: float | None = None
    confidence: float | None = None
    comment: str | None = None
    row: int | None = None


class KeyResult(Model):
    id: str
    objective_id: str
    text: str
    owner: str | None = None
    start_value: float | None = None
    target_value: float | None = None
    current_value: float | None = None
    unit: str | None = None
    score: float | None = Field(default=None, ge=0, le=1.5)
    confidence: float | None = Field(default=None, ge=0, le=1)
    status: str | None = None
    due_date: dt.date | None = None
    last_updated: dt.date | None = None
    checkins: list[CheckIn] = Field(default_factory=list)
    row: int | None = Field(default=None, exclude=True)


class Objective(Model):
    id: str
    title: str
    team: str | None = None
    level: Level | None = None
    parent: str | None = None
    owner: str | None = None
    key_results: list[KeyResult] = Field(default_factory=list)
    row: int | None = Field(default=None, exclude=True)


class Cycle(Model):
    """One OKR cycle as exported, plus which optional fields the export carried at all."""

    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    objectives: list[Objective] = Field(default_factory=list)
    fields: set[str] = Field(default_factory=set)
    source: str = ""
    warnings: list[str] = Field(default_factory=list)

    def key_results(self) -> list[KeyResult]:
        return [kr for objective in self.objectives for kr in objective.key_results]


# ---------------------------------------------------------------- what the inputs show

EvidenceSource = Literal["survey", "okrs", "checkins"]


class Evidence(Model):
    source: EvidenceSource
    ref: str
    text: str


class Signal(Model):
    """A named, typed measurement that rules test; `None` means the inputs could not show it."""

    name: str
    value: float | str | list[str] | None
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = ""


class KeyResultCheck(Model):
    """What the review concluded about one key result, as listed in diagnosis.json."""

    id: str
    objective_id: str
    text: str
    kind: Literal["outcome", "activity"]
    # The objective it belongs to, and that objective's team, as the export gives them.
    objective: str | None = None
    team: str | None = None
    # The learned model's estimate that `kind` is right (0.5 to 1); None when the word rules decide.
    kind_certainty: float | None = None
    # Who decided `kind`: the learned model, the word rules (no model file) or a person (--kinds).
    kind_by: Literal["model", "rules", "hand"] = "rules"
    measurable: bool
    has_baseline_and_target: bool
    binary: bool
    # Keeps a level rather than moves it ("Keep payroll accuracy at or above 99.9%"): a KPI
    # written as a key result, left out of the "too safe" and score-spread analyses.
    health_metric: bool = False
    owner: str | None
    checkins: int
    on_time: int | None = None
    late: int | None = None
    missed: int | None = None
    on_time_share: float | None
    stale: bool | None
    confidence_updated: bool | None
    score: float | None
    zone: Literal["fail", "commit", "target", "stretch"] | None = None
    issues: list[str] = Field(default_factory=list)
    coaching_prompt: str | None = None
    rewrite: str | None = None


class AreaScore(Model):
    score: float | None
    survey: float | None = None
    review: float | None = None
    respondents: int = 0
    note: str = ""


# ---------------------------------------------------------------- the diagnosis

class RuleTrace(Model):
    rule: str
    fired: bool
    values: dict[str, Any]


class Finding(Model):
    id: str
    area: Area
    severity: Severity
    title: str
    rationale: str
    training_need: bool
    evidence: list[Evidence]
    actions: list[str] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict)
    behaviour: str = ""
    # How strong the evidence is: who said it, how far past the threshold, what the last cycle shows.
    strength: str = ""


class Quote(Model):
    """A free-text answer, word for word, attributed only to a role group big enough to hide in."""

    question: str
    said_by: str
    text: str


class Recommendation(Model):
    module: str
    title: str
    areas: list[Area]
    because: list[str]
    reason: str
    priority: int = 0
    session: int | None = None
    # The team types a role module is for ("product"), when it is for some teams only.
    teams: list[TeamType] = Field(default_factory=list)
    # Kept when sessions run short: it answers a high finding, or is a team type's role module.
    essential: bool = False
    # The modules of this programme it must follow: its prerequisites, or the modules chosen that
    # answer the same need as one of them.
    after: list[str] = Field(default_factory=list)


class NextCycleItem(Model):
    """A module the findings call for that this programme cannot hold, and why."""

    module: str
    title: str
    because: list[str]
    reason: str


class Session(Model):
    number: int
    date: dt.date
    minutes: int
    audience: list[str]
    modules: list[str]
    # The modules run at the same time in separate rooms, one for each type of team.
    parallel: bool = False


class CalendarEvent(Model):
    title: str
    start: dt.date
    description: str
    minutes: int = 60
    rrule: dict[str, Any] | None = None
    phase: Literal["pre-work", "leadership", "workshop", "first-month", "cadence", "reset"]
    time: dt.time = dt.time(9, 30)  # its start, in the profile's time zone
    exdates: list[dt.date] = Field(default_factory=list)  # occurrences left out: not working days


class Indicator(Model):
    id: str
    layer: Literal["quality", "rhythm", "outcome"]
    kirkpatrick: int = Field(ge=1, le=4)
    kind: Literal["leading", "lagging"]
    title: str
    baseline: float | None
    target: float
    unit: str
    reassess_on: dt.date
    lower_is_better: bool = False
    when: str = "end of the next cycle"
    # The baseline already meets the plan's target: the target becomes holding the baseline.
    already_met: bool = False


# diagnosis.json's layout: `compare` refuses files of another version.
DIAGNOSIS_SCHEMA_VERSION = 1


class Diagnosis(Model):
    schema_version: int = DIAGNOSIS_SCHEMA_VERSION
    organisation: str
    generated_on: dt.date
    # The last cycle this diagnosis read, when it read one: comparisons are ordered by it.
    cycle: str | None = None
    cycle_end: dt.date | None = None
    profile: Profile
    headline: str
    # What the diagnosis rests on (who answered, whether the last cycle was given), and how to
    # widen it when it is narrow.
    evidence_base: str = ""
    must_do: list[str]
    areas: dict[str, AreaScore]
    findings: list[Finding]
    recommendations: list[Recommendation]
    sessions: list[Session]
    next_cycle: list[NextCycleItem] = Field(default_factory=list)
    rollout: list[CalendarEvent]
    measurement: list[Indicator]
    key_results: list[KeyResultCheck]
    signals: dict[str, Any]
    rule_trace: list[RuleTrace]
    respondents: dict[str, int]
    role_scores: dict[str, dict[str, dict[str, float]]]
    not_shown: list[str]
    notes: list[str]
    # The free-text answers ("anything else", the interview prompts, the consultant's notes).
    verbatim: list[Quote] = Field(default_factory=list)
    # What each input held (the import summary the commands print).
    inputs_read: list[str] = Field(default_factory=list)
    inputs: list[str]
    # Which question bank, modules, rules and settings made it: the bundled set, or a
    # consultant's folder over it (`--content`) and what that folder changed.
    content: str = "the bundled question bank, modules, rules and settings"
    # The organisation's own orphan objectives and stale key results, for the workshops.
    material: dict[str, list[str]] = Field(default_factory=dict)
    # Columns, labels and headers the importers could not use: said, never silently dropped.
    input_warnings: list[str] = Field(default_factory=list)

    @property
    def training_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.training_need]

    @property
    def leadership_actions(self) -> list[Finding]:
        """Problems training cannot fix: what leaders must do instead."""
        return [f for f in self.findings if not f.training_need]


def top_findings(diagnosis: Diagnosis, count: int = 3) -> list[Finding]:
    """The findings the summary and the command line lead with: the most severe, training first."""
    ranked = sorted(diagnosis.findings, key=lambda f: (SEVERITY_RANK[f.severity], not f.training_need))
    return ranked[:count]
