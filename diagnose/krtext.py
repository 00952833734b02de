"""Judge a key result's wording the way an OKR coach does, and suggest an outcome rewrite.

The coach's test: "if this is done and nothing improves, did it succeed?" A key result that
starts with work to do (launch, complete, run) passes that test, so it is an activity, unless
it also names the change it should cause (from X to Y, a measure with a target).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from diagnose.settings import LanguageSettings

_FROM_TO = re.compile(r"\bfrom\s+[^\s]*\d[^\s]*.*?\bto\s+[^\s]*\d", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
# Units that make a number a rate or level rather than a count of work items.
_RATES = ("%", "percent", "rate", "ratio", "cr", "nps", "score")
_STATISTIC = re.compile(r"^(median|average|mean|number|share|percentage|proportion|ratio|rate)\b")
_THRESHOLDS = ("at least", "at most", "no more than", "fewer than", "less than", "more than", "above", "below",
               "under", "over", "within", "or more", "or less", "or higher", "or lower", "or better")
_LEADING_NOISE = re.compile(r"^\s*(kr\s*\d*[:.)-]?|\d+[.)]\s|[-*•])\s*", re.IGNORECASE)
# Trailing owner handles and tags: "... - @alex", "... (ewd)".
_TRAILING_NOISE = re.compile(r"(\s+-\s+@[\w.-]+|\s*\((?:[a-z]{1,4})\))+\s*$", re.IGNORECASE)
_ENSURE = re.compile(r"^(make sure|ensure|see to it)( that)?\s+")
_EVIDENCED = re.compile(r"\bas (indicated|measured|shown|evidenced) by\b|\bso that\b")
_SERVICE_LEVEL = re.compile(r"\b(all|every|each|any)\b")
_SUBJECT_WE = re.compile(r"^(we|the team|our team)( will| shall| must| have| has)?\s+([a-z]+ly\s+)?")
_WILL = re.compile(r"\b(will|always|never)\b")
_LEADING_QUANTITY = re.compile(r"^((at least|over|more than|fewer than|under|x)\s*)?(#|(?!(19|20)\d\d\b)\d[\d,.]*\s*(%|x|k|m)?|"
                               r"one|two|three|four|five|ten)(?=\W|$)")
_NONE_OF = re.compile(r"^(no|zero)\s+(?!longer\b)\w+")
_CAN_BUILD = re.compile(r"\bcan\s+(?:-?in browser-?\s+)?(\w+(?: \w+)?)")
_ONGOING = re.compile(r"\b(is|are)\s+(actively\s+|now\s+)?(?!being\b)\w+ing\b")


@dataclass(frozen=True)
class Wording:
    kind: str  # "outcome" or "activity"
    measurable: bool
    from_to: bool
    binary: bool
    verb: str | None


class KeyResultLanguage:
    def __init__(self, settings: LanguageSettings):
        self.settings = settings
        # Longest phrases first, so "roll out" wins over "roll".
        self._activity = sorted({v.lower() for v in settings.activity_verbs}, key=len, reverse=True)
        self._outcome = sorted({v.lower() for v in settings.outcome_verbs}, key=len, reverse=True)
        self._neutral = sorted({v.lower() for v in settings.neutral_verbs}, key=len, reverse=True)
        # Verbs that name a change even mid-sentence ("... to raise activation"); "be" or "keep" do not.
        self._change = [v for v in self._outcome if v not in ("be", "stay", "remain", "keep", "hit", "move", "get")]
        self._change_forms = self._change + [v + "ing" for v in self._change if not v.endswith("e")] + \
            [v[:-1] + "ing" for v in self._change if v.endswith("e")] + ["higher", "lower", "more", "fewer"]
        self.increase = sorted({v.lower() for v in settings.increase_verbs}, key=len, reverse=True)
        self.decrease = sorted({v.lower() for v in settings.decrease_verbs}, key=len, reverse=True)
        self._metric_words = tuple(settings.metric_words)

    def _leading(self, text: str, verbs: list[str]) -> str | None:
        match = _leading_pattern(tuple(verbs)).match(text)
        return match.group(1) if match else None

    def _mentions(self, text: str, words: list[str]) -> bool:
        # Word sequences rather than one regex per list: a key result is judged against a dozen
        # lists, and set lookups keep 10,000 key results fast.
        return not _phrase_set(tuple(words)).isdisjoint(_grams(text))

    @functools.lru_cache(maxsize=65536)
    def judge(self, text: str, has_target: bool = False) -> Wording:
        clean = _clean(text)
        has_number = bool(_NUMBER.search(clean))
        has_metric = self._mentions(clean, self._metric_words)
        from_to = bool(_FROM_TO.search(clean))
        measurable = has_target or from_to or (has_number and (has_metric or self._mentions(clean, _THRESHOLDS)))
        kind, verb = self._kind(clean, measurable, has_number, has_metric, from_to)
        binary = kind == "activity" and not has_number
        return Wording(kind, measurable, from_to, binary, verb)

    def _kind(self, clean: str, measurable: bool, has_number: bool, has_metric: bool,
              from_to: bool) -> tuple[str, str | None]:
        settings = self.settings
        # "Make sure that 70% of reps are at quota": judge what is to be made sure of.
        ensured = _ENSURE.match(clean)
        if ensured:
            return self._kind(clean[ensured.end():], measurable, has_number, has_metric, from_to)[0], None
        outcome_verb = self._leading(clean, self._outcome)
        if outcome_verb:
            if self._mentions(clean, settings.artefact_nouns):
                return "activity", outcome_verb
            return "outcome", outcome_verb
        neutral = self._leading(clean, self._neutral)
        if neutral:
            work = self._mentions(clean, settings.work_nouns)
            rate = self._mentions(clean, _RATES)
            result = self._mentions(clean, settings.result_phrases) or (
                has_number and (rate or self._mentions(clean, settings.result_nouns) or not work))
            return ("outcome" if result and not (work and not measurable) else "activity"), neutral
        activity_verb = self._leading(clean, self._activity)
        if activity_verb:
            # "Launch X to raise activation from 20% to 35%" names its outcome after all, and
            # "triage every bug within a week" is a service level, not a one-off task.
            names_change = from_to or (measurable and self._mentions(clean, self._change))
            evidenced = bool(_EVIDENCED.search(clean))
            service_level = bool(_SERVICE_LEVEL.search(clean)) and "within" in clean
            return ("outcome" if names_change or evidenced or service_level else "activity"), activity_verb
        # No leading verb: a noun phrase or a sentence about the world.
        if _STATISTIC.match(clean):
            return "outcome", None  # "Median of 1.22 messages per day", "Average handling time"
        first_word = clean.split(" ", 1)[0]
        if first_word in settings.deliverable_participles:
            return "activity", None  # "Documented the process", "Identified five areas"
        if self._mentions(clean, settings.result_phrases):
            return "outcome", None
        if _NONE_OF.match(clean):
            return "outcome", None  # "No inquiry waits more than a day": a standard held, not a task
        if _CAN_BUILD.search(clean) and self._mentions(_CAN_BUILD.search(clean).group(1), self._activity):
            return "activity", None  # "users can create branches" describes a feature to build
        if _ONGOING.search(clean) or (measurable and self._mentions(clean, self._change_forms)):
            return "outcome", None  # "is actively engaging 70 contributors", "... leading to higher ..."
        work_noun = self._mentions(clean, settings.deliverable_nouns)
        if _LEADING_QUANTITY.match(clean):
            # "90% of offers are completed without edits" is a result; "4 cofounder posts" is output.
            # A behaviour of people counted ("70% of students answer the survey") stays a result.
            behaviour = self._mentions(clean, settings.state_verbs) or self._mentions(clean, _RATES[1:])
            return ("activity" if work_noun and not behaviour else "outcome"), None
        if work_noun or self._mentions(clean, settings.deliverable_participles):
            return "activity", None
        if self._mentions(clean, settings.state_verbs) or _WILL.search(clean):
            return "outcome", None
        return ("outcome" if measurable and has_metric else "activity"), None

    def is_project(self, text: str) -> bool:
        """Starts with work to do and names no result: "Deliver the ERP migration"."""
        clean = _clean(text)
        return bool(self._leading(clean, self._activity)) and not self._mentions(
            clean, self.settings.result_phrases + ["faster", "better", "more", "fewer", "easier"])

    def coaching(self, text: str, wording: Wording) -> tuple[str | None, str | None]:
        """A question for the KR clinic, and a pattern that turns the activity into an outcome."""
        if wording.kind == "outcome":
            if not wording.measurable:
                return ("How will you know this has happened? Name the measure, where it stands today and "
                        "where it must be by the end of the cycle.",
                        f"{_sentence(text)}: from [today's value] to [target] by [date]")
            return None, None
        verb = wording.verb or ""
        hints = self.settings.metric_hints
        hint = hints.get(verb, hints["default"])
        rest = _LEADING_NOISE.sub("", text).strip()
        obj = rest[len(verb):].strip(" ,:") if verb and rest.lower().startswith(verb) else rest
        obj = obj[:1].lower() + obj[1:] if obj else "this work"
        prompt = (f"If \u201c{text.strip()}\u201d is done and nothing improves, did it succeed? "
                  f"Name the change it should cause: {hint}.")
        rewrite = f"Raise (or cut) [{hint.split(',')[0].split(' or ')[0]}] through {obj}, from [X] to [Y]"
        return prompt, rewrite


@functools.lru_cache(maxsize=256)
def _leading_pattern(words: tuple[str, ...]) -> re.Pattern:
    """One regex for a word list, longest first so "roll out" wins over "roll"."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^({alternatives})(?=[ ,]|$)")


# Words, numbers and the symbols that name units, apart: "35%" is "35" and "%".
_TOKEN = re.compile(r"[a-z][a-z0-9'&+\-]*|\d[\d,.]*|[£$€%#]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


LONGEST_PHRASE = 3  # words; _phrase_set refuses longer entries so none is silently missed


@functools.lru_cache(maxsize=4096)
def _grams(text: str) -> frozenset[str]:
    """Every run of one to LONGEST_PHRASE words in the text, joined by spaces."""
    words = _tokens(text)
    return frozenset(" ".join(words[i:i + n]) for n in range(1, LONGEST_PHRASE + 1)
                     for i in range(len(words) - n + 1))


@functools.lru_cache(maxsize=256)
def _phrase_set(words: tuple[str, ...]) -> frozenset[str]:
    phrases = [_tokens(w.lower()) for w in words]
    too_long = [" ".join(p) for p in phrases if len(p) > LONGEST_PHRASE]
    if too_long:
        raise ValueError(f"phrases longer than {LONGEST_PHRASE} words cannot be matched: {', '.join(too_long)}")
    return frozenset(" ".join(p) for p in phrases)


def _clean(text: str) -> str:
    text = _TRAILING_NOISE.sub("", _LEADING_NOISE.sub("", text)).strip().lower()
    text = re.sub(r"^\[[^\]]*\]\s*", "", text)  # "[Q3-Q4] ..." quarter or owner tags
    # "We will proactively reach out..." is judged by its verb, "reach out".
    return _SUBJECT_WE.sub("", text)


def _sentence(text: str) -> str:
    return text.strip().rstrip(".")
