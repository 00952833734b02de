"""Thresholds and wording from curricula/settings.yaml, so a consultant can tune them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, field_validator, model_validator

from diagnose.content.rulebook import signal_type
from diagnose.content.wording_model import WORDING_MODEL_FILE, WordingModel, load_wording_model
from diagnose.core.errors import InputError, Problem
from diagnose.core.limits import Limits
from diagnose.core.resources import content_dir
from diagnose.core.spec import Strict
from diagnose.core.vocabulary import MODULE_KINDS, Area, ModuleKind, TeamType
from diagnose.core.yamlload import load_model, read_yaml, validate

# How key-result wording is split into words. krtext matches the word lists below as runs of at
# most LONGEST_PHRASE of these, so the lists are checked with the same split: "£1m revenue" is
# four (£, 1, m, revenue).
WORD_TOKEN = re.compile(r"[a-z][a-z0-9'&+\-]*|\d[\d,.]*|[£$€%#]")
LONGEST_PHRASE = 3
# What a rewrite template may name (review/wording.py fills them in).
REWRITE_WORDS = {"object", "doing", "it", "its", "them", "is", "causes"}


# Values the review computes from several signals, which an area's score may weigh like a signal.
DerivedMeasure = Literal["company_objective_support", "score_calibration"]
DERIVED_MEASURES: tuple[str, ...] = get_args(DerivedMeasure)


class ScorePart(Strict):
    """One part of an area's review score: a share the export shows (0-1), and its weight."""

    signal: str | None = Field(None, pattern=r"^review\.[a-z_]+$")
    measure: DerivedMeasure | None = None
    weight: float = Field(gt=0, le=1)
    inverse: bool = False  # the share's opposite counts (0.2 of key results are tasks: 0.8 towards the score)

    @model_validator(mode="after")
    def _one_source(self):
        if (self.signal is None) == (self.measure is None):
            raise ValueError("give either a signal or a measure (" + ", ".join(DERIVED_MEASURES) + ")")
        if self.signal is not None and signal_type(self.signal) != "number":
            raise ValueError(f"{self.signal!r} is not a review signal with a number (okr-diagnose check --signals)")
        return self


class ReviewSettings(Strict):
    krs_per_objective: tuple[int, int] = (2, 5)
    objectives_per_team: tuple[int, int] = (1, 5)
    alignment_healthy: float = Field(0.9, ge=0, le=1)
    alignment_watch: float = Field(0.8, ge=0, le=1)
    stale_days: int = Field(21, ge=1)
    late_grace_days: int = Field(3, ge=0)
    confidence_high: float = Field(0.7, ge=0, le=1)
    confidence_low: float = Field(0.4, ge=0, le=1)
    owner_overload: int = Field(6, ge=1)
    late_window_days: int = Field(21, ge=1)
    score_commit: float = Field(0.3, ge=0, le=1)
    score_target: float = Field(0.7, ge=0, le=1)
    score_too_safe_share: float = Field(0.5, ge=0, le=1)
    score_healthy_mean: float = Field(0.65, ge=0, le=1)
    # Each area's score from the last cycle: a weighted mean of what the export shows. An area
    # left out (leadership consistency) is not shown by an export.
    area_scores: dict[Area, list[ScorePart]]
    # Status words: a key result marked done is not stale; one marked on track should be moving.
    done_words: list[str] = Field(default_factory=lambda: ["done", "complete", "completed", "achieved", "closed"])
    on_track_words: list[str] = Field(default_factory=lambda: ["on_track", "on track", "green", "ontrack", "good"])
    # Words two key results share without being about the same thing: a task is coached as the
    # initiative of the outcome beside it only when they share another word.
    sibling_ignored_words: list[str] = Field(default_factory=list)
    # Words in a team's name that say what type of team it is (review/team_types.py).
    team_type_words: dict[TeamType, list[str]] = Field(default_factory=dict)
    # Phrases in a key result or check-in comment that say it waits on someone else.
    dependency_phrases: list[str] = Field(min_length=1)


class ScoringSettings(Strict):
    # Where both halves show an area: the last cycle's share of its score, the survey's the rest.
    review_weight: float = Field(0.5, ge=0, le=1)


class SeveritySettings(Strict):
    """How the strength of a finding's evidence moves its rule's severity (rules/strength.py)."""

    strong_depth: float = Field(0.5, gt=0, le=1)
    worst_depth: float = Field(0.85, gt=0, le=1)
    weak_depth: float = Field(0.1, ge=0, lt=1)
    fewest_respondents: int = Field(3, ge=1)


class LanguageSettings(Strict):
    activity_verbs: list[str]
    # Work verbs in other languages: judged as activity_verbs are, but never built into an English
    # rewrite ("After implementaring ..."), which is why they are a list apart.
    activity_verbs_other_languages: list[str] = Field(default_factory=list)
    outcome_verbs: list[str]
    metric_words: list[str]
    metric_hints: dict[str, str]
    neutral_verbs: list[str] = Field(default_factory=list)
    result_nouns: list[str] = Field(default_factory=list)
    result_phrases: list[str] = Field(default_factory=list)
    work_nouns: list[str] = Field(default_factory=list)
    artefact_nouns: list[str] = Field(default_factory=list)
    state_verbs: list[str] = Field(default_factory=list)
    deliverable_participles: list[str] = Field(default_factory=list)
    deliverable_nouns: list[str] = Field(default_factory=list)
    increase_verbs: list[str] = Field(default_factory=list)
    decrease_verbs: list[str] = Field(default_factory=list)
    rate_words: list[str] = Field(min_length=1)
    threshold_phrases: list[str] = Field(min_length=1)
    statistic_words: list[str] = Field(min_length=1)
    # The rubric's measurable and health metric (review/measures.py); not the learned model's.
    quantity_words: list[str] = Field(min_length=1)
    not_quantities: list[str] = Field(default_factory=list)
    names_before_numbers: list[str] = Field(default_factory=list)
    reach_words: list[str] = Field(default_factory=list)
    # What others do or become that a deliverable can be required to reach ("with 500 sign-ups").
    criterion_nouns: list[str] = Field(default_factory=list)
    # Upkeep with no level named is work, not a health metric: "Maintain the onboarding checklist".
    upkeep_verbs: list[str] = Field(default_factory=list)
    # A system's scale threshold, an outcome by the rubric: "The portal handles 500 concurrent users".
    capacity_verbs: list[str] = Field(default_factory=list)
    load_nouns: list[str] = Field(default_factory=list)
    # Verbs after which people counted are such a criterion, a few words on: "involving at least 20".
    criterion_verbs: list[str] = Field(default_factory=list)
    # Verbs of a clause that names a counted result after a deliverable: "... and receive 20 reports".
    result_verbs: list[str] = Field(default_factory=list)
    # Others who may be counted doing something, besides criterion_nouns and staff_words.
    people_nouns: list[str] = Field(default_factory=list)
    # People who open a key result doing one of these are a state of the world: "Users understand ...".
    experience_verbs: list[str] = Field(default_factory=list)
    # People counted are reach when they are in one of these states ("70 reps are active").
    people_states: list[str] = Field(default_factory=list)
    # A share of the team's own things that has something is coverage of its own set-up, an
    # activity like "roll out to 100% of stores": "All services have runbooks".
    coverage_verbs: list[str] = Field(default_factory=list)
    # Hiring is an activity (the rubric), in whatever words: "Add 3 full-time developers".
    hiring_verbs: list[str] = Field(default_factory=list)
    staff_words: list[str] = Field(default_factory=list)
    # Scripts written without spaces (Chinese): a numeral followed by a counter is a quantity.
    numeral_characters: list[str] = Field(default_factory=list)
    counter_characters: list[str] = Field(default_factory=list)
    # Words that push a measure up or down wherever they stand, for languages that put the verb
    # last or write without spaces ("Anzahl der Nutzer auf 500 steigern", "月活跃用户提升至5000").
    change_words_anywhere: list[str] = Field(default_factory=list)
    # An objective that opens with work ("Run", "Deliver") is no task when it names a result too.
    objective_result_words: list[str] = Field(default_factory=list)
    keep_verbs: list[str] = Field(min_length=1)
    stay_verbs: list[str] = Field(min_length=1)
    level_phrases: list[str] = Field(min_length=1)

    rewrites: dict[str, list[str]]
    # "Complete the migration of X" is the work of migrating X: finishing verbs, and the nouns
    # that name work with the verb whose rewrite fits it.
    finishing_verbs: list[str] = Field(default_factory=list)
    instruction_verbs: list[str] = Field(default_factory=list)
    doing_verbs: list[str] = Field(default_factory=list)
    english_words: list[str] = Field(default_factory=list)
    named_work: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_default_hint(self):
        if "default" not in self.metric_hints:
            raise ValueError("metric_hints needs a 'default' entry")
        missing = {"default", "state", "thing"} - set(self.rewrites)
        if missing:
            raise ValueError("rewrites needs " + " and ".join(f"a {name!r} entry" for name in sorted(missing)))
        return self

    @property
    def all_activity_verbs(self) -> list[str]:
        """The work verbs of every language, for judging (a rewrite starts only from English ones)."""
        return self.activity_verbs + self.activity_verbs_other_languages

    @field_validator("rewrites")
    @classmethod
    def _templates_fill_in(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for verb, templates in value.items():
            if not 1 <= len(templates) <= 2:
                raise ValueError(f"{verb}: give one or two rewrites")
            if templates[0].count("{object}") != 1:
                raise ValueError(f"{verb}: {templates[0]!r} needs {{object}} once")
            for template in templates:
                unknown = set(re.findall(r"\{(\w*)\}", template)) - REWRITE_WORDS
                if unknown:
                    raise ValueError(f"{verb}: {template!r} names {', '.join(sorted(unknown))}; the rewrite knows "
                                     + ", ".join("{" + w + "}" for w in sorted(REWRITE_WORDS)))
                if "[X]" not in template or "[Y]" not in template:
                    raise ValueError(f"{verb}: {template!r} needs [X] and [Y] for the team to fill in")
        return value

    @field_validator("*")
    @classmethod
    def _short_phrases(cls, value):
        if isinstance(value, list):
            long = [item for item in value if isinstance(item, str)
                    and len(WORD_TOKEN.findall(item.lower())) > LONGEST_PHRASE]
            if long:
                raise ValueError(f"entries of at most {LONGEST_PHRASE} words (a number, a symbol such as £ or % "
                                 "and a unit letter each count as one), please: " + ", ".join(long))
        return value


MonthDay = tuple[int, int]


class PlanSettings(Strict):
    days_between_sessions: int = Field(2, ge=0, le=20)
    default_max_sessions: int = Field(6, ge=1, le=30)
    prework_days_before: int = Field(5, ge=1, le=30)
    session_time: dt.time = dt.time(9, 30)  # when workshops start, HH:MM
    monthly_reviews: int = Field(3, ge=1, le=12)
    weekly_checkins: int = Field(12, ge=1, le=52)
    champions_from_areas: int = Field(3, ge=1, le=5)
    # Periods of every year with no session or review, written "12-24 to 01-01" (month-day to
    # month-day) and read as ((12, 24), (1, 1)).
    closed_periods: list[tuple[MonthDay, MonthDay]] = Field(default_factory=lambda: [((12, 24), (1, 1))])
    kind_order: list[ModuleKind] = Field(default_factory=lambda: list(MODULE_KINDS), min_length=len(MODULE_KINDS))
    # Findings in these areas put the leaders' modules before any team is trained.
    leaders_first_areas: list[Area] = Field(default_factory=lambda: list[Area](["leadership_consistency"]))
    # When one of these findings fires, no session with teams in it starts until this many working
    # days after the leaders' decisions: teams cannot draft against a strategy nobody has settled.
    teams_wait_for: list[str] = Field(default_factory=list)
    teams_wait_days: int = Field(10, ge=0, le=60)
    # Working days before the first workshop that leaders meet on the problems training cannot fix.
    decisions_days_before: int = Field(3, ge=1, le=30)

    @field_validator("closed_periods", mode="before")
    @classmethod
    def _month_day_ranges(cls, value: object) -> object:
        if not isinstance(value, list):
            return value
        periods = []
        for period in value:
            if not isinstance(period, str):
                periods.append(period)
                continue
            if not re.fullmatch(r"\s*\d{2}-\d{2}\s+to\s+\d{2}-\d{2}\s*", period):
                raise ValueError(f"{period!r}: write a closed period as MM-DD to MM-DD, e.g. 12-24 to 01-01")
            ends = []
            for end in period.split("to"):
                month, day = (int(part) for part in end.strip().split("-"))
                try:
                    dt.date(2024, month, day)  # a leap year: 02-29 is a date
                except ValueError:
                    raise ValueError(f"{period!r}: {end.strip()} is not a day of the year") from None
                ends.append((month, day))
            periods.append(tuple(ends))
        return periods

    @field_validator("kind_order")
    @classmethod
    def _every_kind_once(cls, value):
        if sorted(value) != sorted(MODULE_KINDS):
            raise ValueError("list every module kind once: " + ", ".join(MODULE_KINDS))
        return value


class RolloutEvent(Strict):
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    minutes: int = Field(gt=0, le=480)
    time: dt.time = dt.time(9, 30)  # its start, HH:MM
    week: int = Field(0, ge=0, le=26)  # weeks after the first Monday after the last workshop


class RolloutSettings(Strict):
    """The calendar around the workshops (DOMAIN.md: the first-month pattern and the cadence)."""

    prework: RolloutEvent
    # Each problem training cannot fix becomes a leaders' meeting before the workshops; its title
    # and description hold {finding} and {actions}.
    leadership_decision: RolloutEvent | None = None
    first_month: list[RolloutEvent] = Field(min_length=1)  # one a week, from the week after the workshops
    checkin: RolloutEvent
    monthly_review: RolloutEvent
    champions: RolloutEvent
    reset: RolloutEvent


class Measure(Strict):
    id: str
    layer: Literal["quality", "rhythm", "outcome"]
    kirkpatrick: int = Field(ge=1, le=4)
    kind: Literal["leading", "lagging"]
    title: str
    unit: str
    target: float
    signal: str | None = None
    inverse: bool = False
    lower_is_better: bool = False
    when: str | None = None
    # The most one cycle can be asked to move it: a target further from the baseline than this
    # is brought to baseline + step (or - step), so that it is worth aiming at.
    step: float | None = Field(None, gt=0)


class Settings(Strict):
    review: ReviewSettings
    key_result_language: LanguageSettings
    scoring: ScoringSettings = ScoringSettings()
    severity: SeveritySettings = SeveritySettings()
    plan: PlanSettings = PlanSettings()
    rollout: RolloutSettings
    measurement: list[Measure] = Field(min_length=1)
    limits: Limits = Limits()
    # Read from wording_model.json beside the settings file, not from the YAML; None when there
    # is no such file, and then the word rules alone judge outcome or activity.
    wording_model: WordingModel | None = Field(None, exclude=True)


def settings_path() -> Path:
    return content_dir("curricula") / "settings.yaml"


def settings_over(own: Path, bundled: Path) -> tuple[Settings, list[str]]:
    """A content folder's settings.yaml over the bundled one, section by section (a file that
    holds only `limits:` changes only the limits), and the sections it gave. The wording model
    beside it is used if there is one, else the bundled model."""
    loaded = read_yaml(own)
    if loaded.data is None:
        loaded.data = {}
    if not isinstance(loaded.data, dict):
        raise InputError(Problem(str(own), "expected a mapping of settings sections (review:, limits:, ...)", line=1))
    sections = list(loaded.data)
    # Filled in place, so that a problem in the file's own sections keeps its line.
    for section, value in read_yaml(bundled).data.items():
        loaded.data.setdefault(section, value)
    settings = validate(loaded, Settings)
    model_path = next((path for path in (own.parent / WORDING_MODEL_FILE, bundled.parent / WORDING_MODEL_FILE)
                       if path.is_file()), None)
    if model_path:
        settings = settings.model_copy(update={"wording_model": load_wording_model(model_path)})
    return settings, sections


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    settings = load_model(path, Settings)
    model_path = Path(path).parent / WORDING_MODEL_FILE
    if model_path.is_file():
        settings = settings.model_copy(update={"wording_model": load_wording_model(model_path)})
    return settings
