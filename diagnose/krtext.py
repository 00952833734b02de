"""Judge a key result's wording the way an OKR coach does, and suggest an outcome rewrite.

The coach's test: "if this is done and nothing improves, did it succeed?" A key result that
starts with work to do (launch, complete, run) passes that test, so it is an activity, unless
it also names the change it should cause (from X to Y, a measure with a target).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diagnose.settings import LanguageSettings

_FROM_TO = re.compile(r"\bfrom\s+[^\s]*\d[^\s]*.*?\bto\s+[^\s]*\d", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
_THRESHOLD = re.compile(r"\b(at least|at most|no more than|fewer than|less than|more than|above|below|under|over|"
                        r"within|or (more|less|higher|lower|better))\b", re.IGNORECASE)
_LEADING_NOISE = re.compile(r"^\s*(kr\s*\d*[:.)-]?|\d+[.)]|[-*•])\s*", re.IGNORECASE)


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
        self.increase = sorted({v.lower() for v in settings.increase_verbs}, key=len, reverse=True)
        self.decrease = sorted({v.lower() for v in settings.decrease_verbs}, key=len, reverse=True)
        words = sorted({w.lower() for w in settings.metric_words}, key=len, reverse=True)
        self._metric = re.compile("|".join(
            (r"\b" + re.escape(w) + r"\b") if w[0].isalnum() else re.escape(w) for w in words))

    def _leading(self, text: str, verbs: list[str]) -> str | None:
        for verb in verbs:
            if text == verb or text.startswith(verb + " ") or text.startswith(verb + ","):
                return verb
        return None

    def judge(self, text: str, has_target: bool = False) -> Wording:
        clean = _LEADING_NOISE.sub("", text).strip().lower()
        has_number = bool(_NUMBER.search(clean))
        has_metric = bool(self._metric.search(clean))
        from_to = bool(_FROM_TO.search(clean))
        measurable = has_target or from_to or (has_number and (has_metric or bool(_THRESHOLD.search(clean))))
        activity_verb = self._leading(clean, self._activity)
        outcome_verb = self._leading(clean, self._outcome)
        if outcome_verb:
            kind = "outcome"
        elif activity_verb:
            # "Launch X to raise activation from 20% to 35%" names its outcome after all.
            names_change = from_to or any(f" {verb} " in f" {clean} " for verb in self._outcome) and measurable
            kind = "outcome" if names_change else "activity"
        else:
            # Noun phrases: "NPS of 45 or above" is a result; "Weekly stakeholder updates" is not.
            kind = "outcome" if measurable and has_metric else "activity"
        binary = kind == "activity" and not has_number
        return Wording(kind, measurable, from_to, binary, activity_verb or outcome_verb)

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


def _sentence(text: str) -> str:
    return text.strip().rstrip(".")
