"""Coaching for a key result, as a coach would write it: the question for the KR clinic, and the
outcome an activity should become.

An activity beside the outcome it serves is coached as that outcome's initiative. Otherwise the
rewrite is built from the key result's own verb and object, with a measure fitted to the kind of
work (curricula/settings.yaml, key_result_language.rewrites), in English that agrees with what
it acts on: "After publishing 60 help articles, cut the questions or tickets they should answer".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from diagnose.content.settings import LanguageSettings

if TYPE_CHECKING:
    from diagnose.review.wording import Wording

# Numbering and bullets before a key result's text: "KR2:", "3.", "- ".
LEADING_NOISE = re.compile(r"^\s*(kr\s*\d*[:.)-]?|\d+[.)]\s|[-*•])\s*", re.IGNORECASE)


class Coach:
    def __init__(self, settings: LanguageSettings):
        self.settings = settings
        self._finishing = {verb.lower() for verb in settings.finishing_verbs}
        nouns = "|".join(re.escape(noun.lower()) for noun in settings.named_work) or "(?!)"
        self._named_work = re.compile(rf"^(?:the\s+)?({nouns})\s+of\s+(.+)$", re.IGNORECASE)

    def coaching(self, text: str, wording: Wording, serves: str | None = None) -> tuple[str | None, str | None]:
        """A question for the KR clinic, and the outcome an activity should become.

        `serves`: an outcome key result beside this one (same objective, same subject) that the
        activity is the work behind; then the coaching says so instead of inventing a measure.
        """
        if wording.kind == "outcome":
            if not wording.measurable:
                return ("How will you know this has happened? Name the measure, where it stands today and "
                        "where it must be by the end of the cycle.",
                        f"{_sentence(text)}: from [today's value] to [target] by [date]")
            return None, None
        if serves:
            return (f"\u201c{text.strip()}\u201d is the work behind \u201c{_sentence(serves)}\u201d: is that the change "
                    "it is for? If so, list it as that key result's initiative and keep the outcome as the key result.",
                    f"List as an initiative of \u201c{_sentence(serves)}\u201d")
        verb, obj = self.verb_and_object(text, wording)
        hints = self.settings.metric_hints
        prompt = (f"If \u201c{text.strip()}\u201d is done and nothing improves, did it succeed? "
                  f"Name the change it should cause: {hints.get(verb, hints['default'])}.")
        kind_of_text = "default" if verb else "state" if _FINITE_VERB.search(f" {obj.lower()} ") else "thing"
        templates = self.settings.rewrites.get(verb) or self.settings.rewrites[kind_of_text]
        words = dict(_PRONOUNS[_plural(obj)], object=obj, doing=_doing(verb) if verb else "doing")
        return prompt, "; or: ".join(re.sub(r"\{(\w+)\}", lambda m: words.get(m.group(1), m.group(0)), template)
                                     for template in templates)

    def verb_and_object(self, text: str, wording: Wording) -> tuple[str, str]:
        """The activity's verb and what it acts on: "Go live with the API sandbox" is ("go live",
        "the API sandbox"); a verb no list names is the first word, if it reads as one. A key
        result that states a state ("Every employee has a training plan") has no verb: ("", the
        whole sentence)."""
        rest = _sentence(LEADING_NOISE.sub("", text).strip())
        verb = wording.verb or ""
        if verb and rest.lower().startswith(verb):
            obj = rest[len(verb):]
        else:
            first, _, obj = rest.partition(" ")
            if obj and _reads_as_a_verb(first, obj):
                verb = first.lower()
            else:
                verb, obj = "", rest
        obj = re.sub(r"^(with|on|of|to|for|the work on)\s+", "", obj.strip(" ,:-"), flags=re.IGNORECASE)
        # "Complete the migration of the billing system" is the work of migrating it.
        named = self._named_work.match(obj) if verb in self._finishing else None
        if named:
            verb, obj = self.settings.named_work[named.group(1).lower()], named.group(2)
        first_word = obj.split(" ", 1)[0] if obj else ""
        acronym = len(first_word) > 1 and first_word.isupper()
        obj = obj[:1].lower() + obj[1:] if obj and not acronym else obj
        return verb, obj or "this work"



def _sentence(text: str) -> str:
    return text.strip().rstrip(".")


_PRONOUNS = {False: {"it": "it", "its": "its", "them": "it", "is": "is", "causes": "causes"},
             True: {"it": "they", "its": "their", "them": "them", "is": "are", "causes": "cause"}}
_OBJECT_HEAD = re.compile(r"^(.*?)(\s+(for|to|with|of|on|in|across|at|from|into|by|about)\b.*)?$")


def _plural(obj: str) -> bool:
    """Whether what a key result acts on is plural: "60 new help-centre articles", "v2 endpoints
    for bookings" (its head noun, before any preposition, ends in s)."""
    head = _OBJECT_HEAD.match(obj.lower())
    words = (head.group(1) if head else obj.lower()).split()
    last = words[-1] if words else ""
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _reads_as_a_verb(first: str, rest: str) -> bool:
    """Whether a key result's first word is the verb of an instruction ("Stabilize the API") rather
    than the start of a statement ("Every employee has...", "Mechanisms to...", "2017 report...")."""
    word = first.lower()
    if (len(first) > 1 and first.isupper()) or not word.isalpha() or word in _NOT_VERBS or (word.endswith("s") and not word.endswith("ss")) \
            or word.endswith(_NOUN_ENDINGS):
        return False
    return not _FINITE_VERB.search(" " + rest.lower() + " ")


# "Documentation of...", "Improvement to...": a noun, not an instruction.
_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism")
_NOT_VERBS = {"every", "each", "all", "no", "our", "the", "a", "an", "this", "these", "those", "we", "they", "it",
              "new", "more", "most", "first", "one", "some", "any", "team", "customer", "customers", "users"}
# A statement's own verb later on ("... has an annual training plan", "... are determined").
_FINITE_VERB = re.compile(r" (is|are|has|have|was|were|contains|includes|becomes|exists|exist|\w+ed|complete|live) ")


def _doing(verb: str) -> str:
    """The -ing form of a verb phrase's first word: "rewrite the" -> "rewriting the", "set up" -> "setting up"."""
    first, _, rest = verb.partition(" ")
    if first.endswith("ing"):
        doing = first  # written as a gerund already: "hiring 2 developers"
    elif first.endswith("ie"):
        doing = first[:-2] + "ying"
    elif first.endswith("e") and not first.endswith(("ee", "ye", "oe")):
        doing = first[:-1] + "ing"
    elif (len(first) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", first)):
        doing = first + first[-1] + "ing"  # one syllable ending consonant-vowel-consonant: ship, run, set
    else:
        doing = first + "ing"
    return f"{doing} {rest}".strip()
