"""A learned outcome-or-activity judgement: logistic-regression weights kept as data.

The word rules in krtext.py agree with a coach on about 82% of key results from organisations
they were not written against; a linear model over the rules' own tests plus the key result's
stemmed words and word pairs does better (research/kr_model/README.md). Its weights live in
curricula/wording_model.json beside the word lists, and are made by
tools/train_wording_model.py from the labelled key results in tests/fixtures/. Scoring is a
sum of weights, in pure Python.

The weights were learnt against particular word lists: the file records a fingerprint of
them, and `okr-diagnose check` (and the tests) say when the lists changed since training.
"""

from __future__ import annotations

import hashlib
import json
import math
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError

from diagnose.core.errors import InputError, Problem
from diagnose.core.spec import Strict

if TYPE_CHECKING:
    from diagnose.content.settings import LanguageSettings

WORDING_MODEL_FILE = "wording_model.json"
# The word lists whose tests the model weighs; a change to any of them calls for retraining.
FINGERPRINTED_LISTS = ("activity_verbs", "activity_verbs_other_languages", "outcome_verbs", "neutral_verbs",
                       "metric_words", "result_nouns", "result_phrases", "work_nouns", "artefact_nouns", "state_verbs",
                       "deliverable_participles", "deliverable_nouns", "rate_words", "threshold_phrases",
                       "statistic_words")


class WordingModel(Strict):
    about: str = ""
    trained_on: list[str] = Field(default_factory=list)
    language_fingerprint: str
    bias: float
    weights: dict[str, float]

    def margin(self, features: set[str]) -> float:
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))

    def verdict(self, features: set[str]) -> tuple[str, float]:
        """Outcome or activity, and the model's own estimate (0.5 to 1) that this is right.

        Cross-validated on the labelled sets, verdicts at 0.9 or more agree with the coach about
        nineteen times in twenty, those under 0.7 barely more often than a coin (README).
        """
        margin = self.margin(features)
        return ("outcome" if margin > 0 else "activity"), round(1 / (1 + math.exp(-abs(margin))), 2)


def language_fingerprint(language: LanguageSettings) -> str:
    lists = {name: sorted(getattr(language, name)) for name in FINGERPRINTED_LISTS}
    return hashlib.sha256(json.dumps(lists, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def load_wording_model(path: Path) -> WordingModel:
    file = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Problem(file, f"cannot be read: {exc.strerror}")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(Problem(file, f"is not valid JSON: {getattr(exc, 'msg', exc)}", line=line,
                                 hint="retrain it with tools/train_wording_model.py, or delete it to "
                                      "judge wording by the word rules alone")) from None
    try:
        return WordingModel.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'top level'}: {e['msg']}" for e in exc.errors()[:3])
        raise InputError(Problem(file, f"is not a wording model: {details}",
                                 hint="retrain it with tools/train_wording_model.py")) from None
