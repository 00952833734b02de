"""The word runs, word lists and shared patterns that the wording judge and its close calls read
a key result by. A key result is judged "clean": lower case, list markers and tags removed
(review/wording.py)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from diagnose.content.settings import WORD_TOKEN

# The longest key result seen in ten labelled sets is under 400 characters. Wording is judged on
# at most this many, so that a hostile cell of 100,000 characters costs milliseconds, not minutes:
# some patterns are tried from every position of the text.
LONGEST_JUDGED = 1000
NUMBER = re.compile(r"\d")
FROM_TO = re.compile(r"\bfrom\s+[^\s]*\d[^\s]*.*?\bto\s+[^\s]*\d", re.IGNORECASE)
# "Activation 24 → 38%", "NPS 30 -> 45": a baseline and a target written with an arrow.
ARROW_FROM_TO = re.compile(r"\d[\d,.]*\s*(?:%|k|m|x)?\s*(?:→|->|=>|⇒|➔|➝)\s*[$£€]?\d")
LEADING_QUANTITY = re.compile(r"^((at least|over|more than|fewer than|under|x)\s*)?(#|(?!(19|20)\d\d\b)\d[\d,.]*\s*"
                              r"(%|x|k|m)?|one|two|three|four|five|ten)(?=\W|$)")
NONE_OF = re.compile(r"^(no|zero)\s+(?!longer\b)\w+")
EVIDENCED = re.compile(r"\bas (indicated|measured|shown|evidenced) by\b|\bso that\b")
# Outcome verbs that name a change even mid-sentence ("... to raise activation"); "be" or "keep" do not.
NOT_CHANGES = ("be", "stay", "remain", "keep", "hit", "move", "get")


def alternatives(words) -> str:
    """A word list as one regex alternation, longest first so "roll out" wins over "roll"; an empty
    list matches nothing, not every text."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def leading_pattern(words: list[str]) -> re.Pattern:
    """One regex for the word of a list a text opens with."""
    return re.compile(rf"^({alternatives(words)})(?=[ ,]|$)")


def verb_pattern(words: list[str]) -> re.Pattern:
    """A verb list as written in settings.yaml, as one regex for the verb a key result opens with."""
    return leading_pattern(sorted({word.lower() for word in words}))


def opening_pattern(words: list[str]) -> re.Pattern:
    """A word list as one regex for the word a key result opens with ("Median ...", "Share of ...")."""
    return re.compile(r"^(" + "|".join(re.escape(word.lower()) for word in words) + r")\b")


def states_from_to(clean: str) -> bool:
    # FROM_TO is tried at every position, so texts without "from" skip it.
    return ("from" in clean and bool(FROM_TO.search(clean))) or bool(ARROW_FROM_TO.search(clean))


def tokens(text: str) -> list[str]:
    """Words, numbers and the symbols that name units, apart: "35%" is "35" and "%"."""
    return WORD_TOKEN.findall(text)


def word_runs(text: str) -> AbstractSet[str]:
    """Every run of one to settings.LONGEST_PHRASE (three) words in the text, joined by spaces (read only)."""
    words = tokens(text)
    runs = set(words)
    runs.update(map(" ".join, zip(words, words[1:])))
    runs.update(map(" ".join, zip(words, words[1:], words[2:])))
    return runs


def phrase_set(words: list[str] | tuple[str, ...]) -> frozenset[str]:
    # LanguageSettings refuses entries longer than settings.LONGEST_PHRASE words, which no text could match.
    return frozenset(" ".join(tokens(w.lower())) for w in words)
