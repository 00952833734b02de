"""Judge a key result's wording the way an OKR coach does, and suggest an outcome rewrite.

The coach's test: "if this is done and nothing improves, did it succeed?" A key result that
starts with work to do (launch, complete, run) passes that test, so it is an activity, unless
it also names the change it should cause (from X to Y, a measure with a target).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from diagnose.content.settings import LanguageSettings
from diagnose.content.wording_model import WordingModel
from diagnose.review.close_calls import CloseCalls
from diagnose.review.coaching import LEADING_NOISE, Coach
from diagnose.review.measures import Measures
from diagnose.review.phrases import (
    EVIDENCED,
    LEADING_QUANTITY,
    LONGEST_JUDGED,
    NONE_OF,
    NOT_CHANGES,
    NUMBER,
    alternatives,
    leading_pattern,
    opening_pattern,
    phrase_set,
    states_from_to,
    word_runs,
)

# Verdicts the learned model is less sure of than this agreed with a coach barely more often than
# a coin in cross-validation (README): the report calls them close calls. Those from 0.6 to 0.7
# agreed no more often than those under 0.6, so the line is at 0.7.
BORDERLINE_CERTAINTY = 0.7


def is_close_call(certainty: float | None) -> bool:
    return certainty is not None and certainty < BORDERLINE_CERTAINTY


# Trailing owner handles and tags: "... - @alex", "... (ewd)".
_TRAILING_NOISE = re.compile(r"(\s+-\s+@[\w.-]+|\s*\((?:[a-z]{1,4})\))+\s*$", re.IGNORECASE)
_ENSURE = re.compile(r"^(make sure|ensure|see to it)( that)?\s+")
_SERVICE_LEVEL = re.compile(r"\b(all|every|each|any)\b")
_SUBJECT_WE = re.compile(r"^(we|the team|our team)( will| shall| must| have| has)?\s+([a-z]+ly\s+)?")
_WILL = re.compile(r"\b(will|always|never)\b")
_CAN_BUILD = re.compile(r"\bcan\s+(?:-?in browser-?\s+)?(\w+(?: \w+)?)")
_ONGOING = re.compile(r"\b(is|are)\s+(actively\s+|now\s+)?(?!being\b)\w+ing\b")


class Wording(NamedTuple):
    """How a key result is worded (a plain record: one is made for every key result judged)."""

    kind: str  # "outcome" or "activity"
    measurable: bool
    from_to: bool
    has_number: bool
    verb: str | None
    # The learned model's estimate that `kind` is right (0.5 to 1); None when the word rules decide.
    certainty: float | None = None
    health_metric: bool = False  # keeps a level rather than moves it (review/measures.py)

    @property
    def binary(self) -> bool:
        """A yes/no key result: work that is either done or not, with no number to move."""
        return self.kind == "activity" and not self.has_number


class KeyResultLanguage:
    def __init__(self, settings: LanguageSettings, model: WordingModel | None = None):
        self.settings = settings
        self.measures = Measures(settings)
        self.coach = Coach(settings)
        self.close_calls = CloseCalls(settings)
        # When a learned model is given it decides outcome or activity; the rules still find
        # the verb, the measure and the baseline, and their tests are among its inputs.
        self.model = model
        # Longest phrases first, so "roll out" wins over "roll".
        self._activity = sorted({v.lower() for v in settings.all_activity_verbs}, key=len, reverse=True)
        self._outcome = sorted({v.lower() for v in settings.outcome_verbs}, key=len, reverse=True)
        self._neutral = sorted({v.lower() for v in settings.neutral_verbs}, key=len, reverse=True)
        # Verbs that name a change even mid-sentence ("... to raise activation"); "be" or "keep" do not.
        self._change = [v for v in self._outcome if v not in NOT_CHANGES]
        self._change_forms = self._change + [v + "ing" for v in self._change if not v.endswith("e")] + \
            [v[:-1] + "ing" for v in self._change if v.endswith("e")] + ["higher", "lower", "more", "fewer"]
        # "Raise ", "Cut ": what a key result pushes up or down (for opposing metrics).
        self.increase_pattern = re.compile(leading_pattern([v.lower() for v in settings.increase_verbs]).pattern + " ")
        self.decrease_pattern = re.compile(leading_pattern([v.lower() for v in settings.decrease_verbs]).pattern + " ")
        # Units that make a number a rate or level rather than a count of work items; "%" alone
        # counts work as easily as people, so it does not make a key result about behaviour.
        self._rate_words = phrase_set(settings.rate_words)
        self._people_rates = phrase_set([word for word in settings.rate_words if word != "%"])
        self._threshold_words = phrase_set(settings.threshold_phrases)
        self._statistic = opening_pattern(settings.statistic_words)
        # Each word list as a set of phrases and each verb list as one regex, made once: a key
        # result is matched against a dozen lists, and 10,000 of them must be judged quickly.
        self._leading_activity = leading_pattern(self._activity)
        self._leading_outcome = leading_pattern(self._outcome)
        self._leading_neutral = leading_pattern(self._neutral)
        # "Completely replace the CI", "Publicly share the bylaws": judged by the verb after the adverb.
        verbs = alternatives(self._activity + self._outcome + self._neutral)
        # Not a frequency ("Quarterly review the roadmap"): quantity_words make a key result measurable.
        frequencies = alternatives(w.lower() for w in settings.quantity_words)
        self._manner = re.compile(rf"^(?!(?:{frequencies}) )[a-z]{{3,}}ly (?=(?:{verbs})(?:[ ,]|$))")
        phrases = {name: phrase_set(getattr(settings, name)) for name in (
            "metric_words", "artefact_nouns", "work_nouns", "result_phrases", "result_nouns",
            "deliverable_participles", "deliverable_nouns", "state_verbs")}
        self._metric_words = phrases["metric_words"]
        self._artefact_nouns = phrases["artefact_nouns"]
        self._work_nouns = phrases["work_nouns"]
        self._result_phrases = phrases["result_phrases"]
        self._result_nouns = phrases["result_nouns"]
        self._deliverable_participles = phrases["deliverable_participles"]
        self._deliverable_nouns = phrases["deliverable_nouns"]
        self._state_verbs = phrases["state_verbs"]
        self._activity_phrases = phrase_set(self._activity)
        self._change_phrases = phrase_set(self._change)
        self._change_form_phrases = phrase_set(self._change_forms)
        self._project_results = phrase_set(settings.result_phrases + settings.objective_result_words)

    def judge(self, text: str, has_target: bool = False) -> Wording:
        """Outcome or activity (the learned model, or the word rules without one); measurable and
        health metric by the rubric (review/measures.py), whatever decided the kind."""
        clean, grams = self._prepared(text)
        wording = self._learned(clean, grams) if self.model is not None else self._by_rules(clean, grams)
        measurable = has_target or self.measures.measurable(clean)
        padded = clean + " "
        moves = wording.from_to or bool(self.increase_pattern.match(padded) or self.decrease_pattern.match(padded))
        health = not moves and self.measures.health_metric(clean, measurable)
        kind, certainty = wording.kind, wording.certainty
        # Signals no learned weight may overrule: a level kept, a measure pushed up or down with
        # its numbers ("Lower refund requests from 60 a month to 25"), people certified or trained.
        obvious = health or (moves and wording.has_number) or self.measures.reach(clean) or \
            (measurable and self.measures.changes_anywhere(clean)) or \
            self.close_calls.states_a_result(clean, grams, measurable)
        if obvious and kind != "outcome":
            kind, certainty = "outcome", None
        elif not obvious and kind != "activity" and self.close_calls.names_only_work(clean, grams):
            kind, certainty = "activity", None
        return wording._replace(kind=kind, certainty=certainty, measurable=measurable, health_metric=health)

    def _by_rules(self, clean: str, grams: AbstractSet[str]) -> Wording:
        has_number = bool(NUMBER.search(clean))
        has_metric = not self._metric_words.isdisjoint(grams)
        from_to = states_from_to(clean)
        measurable = self._measurable(clean, grams)
        kind, verb = self._kind(clean, grams, measurable, has_number, has_metric, from_to)
        return Wording(kind, measurable, from_to, has_number, verb)

    def _learned(self, clean: str, grams: AbstractSet[str]) -> Wording:
        """The model's verdict; the number, measure and baseline come from the same tests it weighs."""
        assert self.model is not None  # judge() asks the model only when there is one
        tests = self._tests(clean, grams)
        kind, certainty = self.model.verdict(self._with_words(tests, clean))
        has_number, from_to, measurable = tests[_NUMBER_TEST], tests[_FROM_TO_TEST], tests[_MEASURABLE_TEST]
        # The verb the coaching starts from, found as _kind finds it.
        verb = None if _ENSURE.match(clean) else _leading(self._leading_outcome, clean) or \
            _leading(self._leading_neutral, clean) or _leading(self._leading_activity, clean)
        return Wording(kind, measurable, from_to, has_number, verb, certainty)

    def features(self, text: str) -> set[str]:
        """What the learned wording model weighs (see diagnose/wording_model.py)."""
        clean, grams = self._prepared(text)
        return self._with_words(self._tests(clean, grams), clean)

    def _tests(self, clean: str, grams: AbstractSet[str]) -> tuple:
        # The rules' own tests, but not their verdict: a model given the verdict learns to copy it.
        # Each unanchored pattern is searched only when a word it needs is in the text: 10,000
        # key results are judged per report.
        return (  # in the order of _TEST_FEATURES
            bool(NUMBER.search(clean)), not self._metric_words.isdisjoint(grams), states_from_to(clean),
            not self._threshold_words.isdisjoint(grams), self._measurable(clean, grams),
            self._leading_activity.match(clean), self._leading_outcome.match(clean),
            self._leading_neutral.match(clean),
            not self._artefact_nouns.isdisjoint(grams), not self._work_nouns.isdisjoint(grams),
            not self._result_nouns.isdisjoint(grams), not self._result_phrases.isdisjoint(grams),
            not self._deliverable_nouns.isdisjoint(grams), not self._deliverable_participles.isdisjoint(grams),
            clean.split(" ", 1)[0] in self._deliverable_participles,
            not self._state_verbs.isdisjoint(grams), not self._change_phrases.isdisjoint(grams),
            not self._change_form_phrases.isdisjoint(grams), not self._rate_words.isdisjoint(grams),
            self._statistic.match(clean), NONE_OF.match(clean), _ENSURE.match(clean),
            ("as " in clean or "so that" in clean) and EVIDENCED.search(clean),
            "within" in clean and _SERVICE_LEVEL.search(clean),
            ("will" in clean or "always" in clean or "never" in clean) and _WILL.search(clean),
            LEADING_QUANTITY.match(clean),
            "ing" in clean and ("is" in clean or "are" in clean) and _ONGOING.search(clean),
            "can" in clean and _CAN_BUILD.search(clean),
        )

    @staticmethod
    def _with_words(tests: tuple, clean: str) -> set[str]:
        features = {name for name, passed in zip(_TEST_FEATURES, tests) if passed}
        words = _model_words(clean)
        features.update(map("word:".__add__, words))
        features.update(map("pair:{} {}".format, ("<s>",) + words, words))
        return features

    def _kind(self, clean: str, grams: AbstractSet[str], measurable: bool, has_number: bool, has_metric: bool,
              from_to: bool) -> tuple[str, str | None]:
        def mentions(phrases: frozenset[str]) -> bool:
            return not phrases.isdisjoint(grams)

        # "Make sure that 70% of reps are at quota": judge what is to be made sure of.
        ensured = _ENSURE.match(clean)
        if ensured:
            rest = clean[ensured.end():]
            return self._kind(rest, word_runs(rest), measurable, has_number, has_metric, from_to)[0], None
        outcome_verb = _leading(self._leading_outcome, clean)
        if outcome_verb:
            if mentions(self._artefact_nouns):
                return "activity", outcome_verb
            return "outcome", outcome_verb
        neutral = _leading(self._leading_neutral, clean)
        if neutral:
            work = mentions(self._work_nouns)
            rate = mentions(self._rate_words)
            result = mentions(self._result_phrases) or (
                has_number and (rate or mentions(self._result_nouns) or not work))
            return ("outcome" if result and not (work and not measurable) else "activity"), neutral
        activity_verb = _leading(self._leading_activity, clean)
        if activity_verb:
            # "Launch X to raise activation from 20% to 35%" names its outcome after all, and
            # "triage every bug within a week" is a service level, not a one-off task.
            names_change = from_to or (measurable and mentions(self._change_phrases))
            evidenced = bool(EVIDENCED.search(clean))
            service_level = bool(_SERVICE_LEVEL.search(clean)) and "within" in clean
            return ("outcome" if names_change or evidenced or service_level else "activity"), activity_verb
        # No leading verb: a noun phrase or a sentence about the world.
        if self._statistic.match(clean):
            return "outcome", None  # "Median of 1.22 messages per day", "Average handling time"
        first_word = clean.split(" ", 1)[0]
        if first_word in self._deliverable_participles:
            return "activity", None  # "Documented the process", "Identified five areas"
        if mentions(self._result_phrases):
            return "outcome", None
        if NONE_OF.match(clean):
            return "outcome", None  # "No inquiry waits more than a day": a standard held, not a task
        can_build = _CAN_BUILD.search(clean)
        if can_build and not self._activity_phrases.isdisjoint(word_runs(can_build.group(1))) and \
                not self.close_calls.people_can(clean):
            return "activity", None  # "the portal can create branches" describes a feature to build
        if _ONGOING.search(clean) or (measurable and mentions(self._change_form_phrases)):
            return "outcome", None  # "is actively engaging 70 contributors", "... leading to higher ..."
        work_noun = mentions(self._deliverable_nouns)
        if LEADING_QUANTITY.match(clean):
            # "90% of offers are completed without edits" is a result; "4 cofounder posts" is output.
            # A behaviour of people counted ("70% of students answer the survey") stays a result.
            behaviour = mentions(self._state_verbs) or mentions(self._people_rates)
            return ("activity" if work_noun and not behaviour else "outcome"), None
        if work_noun or mentions(self._deliverable_participles):
            return "activity", None
        if mentions(self._state_verbs) or _WILL.search(clean):
            return "outcome", None
        return ("outcome" if measurable and has_metric else "activity"), None

    def is_project(self, text: str) -> bool:
        """Starts with work to do and names no result: "Deliver the ERP migration", but not "Run the
        network at lower cost"."""
        clean, grams = self._prepared(text)
        return bool(_leading(self._leading_activity, clean)) and self._project_results.isdisjoint(grams)

    def is_metric(self, text: str) -> bool:
        """Names a number with a measure or threshold: "NPS 45", "Churn below 3%"."""
        return self._measurable(*self._prepared(text))

    def _measurable(self, clean: str, grams: AbstractSet[str]) -> bool:
        """From X to Y, or a number with a metric word or a threshold ("at least 40")."""
        return states_from_to(clean) or (bool(NUMBER.search(clean)) and (
            not self._metric_words.isdisjoint(grams) or not self._threshold_words.isdisjoint(grams)))

    def _prepared(self, text: str) -> tuple[str, AbstractSet[str]]:
        """The text cleaned for judging, and its word runs."""
        clean = self._manner.sub("", _clean(text), count=1)
        return clean, word_runs(clean)

    def coaching(self, text: str, wording: Wording, serves: str | None = None) -> tuple[str | None, str | None]:
        """A question for the KR clinic, and the outcome an activity should become (review/coaching.py)."""
        return self.coach.coaching(text, wording, serves)


def _leading(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.match(text)
    return match.group(1) if match else None


def _clean(text: str) -> str:
    text = LEADING_NOISE.sub("", text[:LONGEST_JUDGED])
    # The trailing pattern is tried at every position, so only texts that can end in a tag pay for it.
    if text.rstrip().endswith(")") or "@" in text:
        text = _TRAILING_NOISE.sub("", text)
    text = text.strip().lower()
    if text.startswith("["):
        text = re.sub(r"^\[[^\]]*\]\s*", "", text)  # "[Q3-Q4] ..." quarter or owner tags
    # "We will proactively reach out..." is judged by its verb, "reach out".
    return _SUBJECT_WE.sub("", text)


_TEST_FEATURES = tuple("test:" + name for name in (
    "number", "metric", "from_to", "threshold", "measurable", "leading_activity_verb", "leading_outcome_verb",
    "leading_neutral_verb", "artefact_noun", "work_noun", "result_noun", "result_phrase", "deliverable_noun",
    "deliverable_participle", "first_word_deliverable_participle", "state_verb", "change_verb", "change_form",
    "rate_word", "statistic", "none_of", "ensure", "evidenced", "service_level", "will", "leading_quantity",
    "ongoing", "can"))
_NUMBER_TEST, _FROM_TO_TEST, _MEASURABLE_TEST = (_TEST_FEATURES.index("test:" + name)
                                                 for name in ("number", "from_to", "measurable"))
# The learned model's words: numbers become NUM, so "3 posts" and "12 posts" are one pattern. Unlike
# WORD_TOKEN it keeps a unit letter on a number ("10k", "3x"): the shipped weights were learnt so.
_MODEL_TOKEN = re.compile(r"[a-z][a-z0-9'&+\-]*|\d[\d,.]*[kmx]?\b|[£$€%#]")
_SUFFIXES = ("ing", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    """A crude stem, so "launch", "launched" and "launches" are one word to the model."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _model_words(clean: str) -> tuple[str, ...]:
    words = []
    for token in _MODEL_TOKEN.findall(clean):
        if token[0].isdigit():
            words.append("NUM")
        elif token := token.strip("-'"):
            words.append(_stem(token))
    return tuple(words)



