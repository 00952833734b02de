"""Does a key result name a number, threshold or target, and does it keep a level rather than move it?

The rubric's `measurable` (DOMAIN.md, "Judging a key result") is a question apart from outcome
or activity: "Run 6 webinars" is a measurable activity, "Improve customer satisfaction" an
unmeasurable outcome. Counts, percentages, written numbers, multipliers, ranks, frequencies, an
explicit zero and placeholders all count; numbers that only date the work ("by 30 June",
"in Q3 2026") or name something ("Python 3.12", "ISO 27001", "Web3") do not. A health metric
(a KPI written as a key result) keeps a level: "Keep payroll accuracy at or above 99.9%".
The word lists are key_result_language's in curricula/settings.yaml.
"""

from __future__ import annotations

import re

from diagnose.content.settings import LanguageSettings

_MONTHS = ("jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|"
           "nov(ember)?|dec(ember)?"
           # and in the other languages the word lists know: "fin mars 2025", "30 de junio", "März 2026"
           "|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
           "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
           "|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro"
           "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
           "|januar|februar|märz|juni|juli|oktober|dezember")
# What dates the work rather than measures it, removed before numbers are looked for.
_DATES = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th|\.)?\s+(of\s+|de\s+)?({_MONTHS})\b((\s+de)?\s+\d{{4}})?"  # 30 June, 30 de junio
    rf"|\b({_MONTHS})\s+\d{{1,2}}(st|nd|rd|th)?\b(,?\s+\d{{4}})?"      # June 30(, 2026)
    rf"|\b({_MONTHS})\s+\d{{4}}\b"                                     # June 2026
    # 30/06/2026, 2026-06-30, 2020-12; one separator throughout, so that a score ("4.5/5") is no date
    r"|\b\d{1,4}(?P<sep>[/.-])\d{1,2}(?P=sep)\d{1,4}\b|\b(19|20)\d{2}-\d{2}\b"
    r"|\b(1st|2nd|first|second)\s+half\b"                               # the first half of 2019
    r"|\b(fy|cy)\s?'?\d{2,4}\b|\b\d{4}\s?[-/]?\s?(q|h)[1-4]\b|\b(q|h)[1-4]\b(\s?'?\d{2,4})?"  # FY26, Q3, H2 2025
    r"|(?<![\d,.])\b(19|20)\d{2}\b(?![\d,%]|[.,]\d|\s*(%|percent))",  # 2025 (or "2025.") as a year, not 2025 users
    re.IGNORECASE)
# A number glued to letters ("web3", "v2", "p2p", "mp3") names a thing, and so does a version
# ("1.0", "2.4.1"); a percentage off names an offer ("a 20% discount").
# Letters are matched as ASCII, so that "P2" glued to Chinese text ("设计和迭代P2") is a name too.
_GLUED = re.compile(r"(?<![a-z\d])[a-z]+\d+[a-z\d]*(?![a-z\d])|\b\d+[a-z]+\d+[a-z\d]*\b|\b\d+\.\d+\.\d+\b"
                    r"|\b\d+\s?%\s+(discount|off|coupon|rebate)\b"
                    r"|\(?#\s?\d+\)?|\{[\d,\s]+\}")  # issue references (#2378), code ({1,2})
# "OpenEBS 1.0" is a version, "CSAT above 9.0" a threshold.
_VERSION = re.compile(r"\b([a-z][\w+-]*)\s+(\d+\.0)\b(?!\s*%)")
# "Clusters are upgraded to 1.29": the release a thing is moved to, however it is numbered.
_UPGRADED_TO = re.compile(r"\b(upgrad\w*|updat\w*|bump\w*)\s+to\s+v?\d+(?:\.\d+)+\b(?!\s*%)")
_THRESHOLD_BEFORE = {"above", "below", "under", "over", "at", "of", "to", "from", "than", "least", "most", "by",
                     "is", "are", "be", "reach", "hit", "exceed"}
_DIGIT = re.compile(r"\d")
# An explicit zero at the start: "No customer data is lost", "Zero sev-1 incidents".
_NONE_AT_START = re.compile(r"^(no|zero|none of the)\s+(?!one\b|longer\b|later\b)\w+")
# Placeholders a template leaves for the numbers: "from X to Y", "N%", "[target]".
_PLACEHOLDER = re.compile(r"\b(from\s+x+\s+to\s+y+|[xn]+\s?%|[xn]#|[xn]\s+[a-z]{2,}|tbd)"
                          r"|\[[^\]]*\b(x|y|n|target|value|baseline|metric|tbd)\b[^\]]*\]", re.IGNORECASE)
# A target named rather than numbered: "achieve the volume target", "hiring to plan". Searched in
# two steps, a verb and then the word after it, so that a long text is read once, not once a verb.
_TARGET_VERB = re.compile(r"\b(achieve|hit|meet|reach|exceed|beat)\w*\b")
_TARGET_WORD = re.compile(r"\btargets?\b")
_TO_PLAN = re.compile(r"\b(to|of|against) plan\b")


def _names_a_target(clean: str) -> bool:
    if _TO_PLAN.search(clean):
        return True
    if "target" not in clean:
        return False
    for sentence in re.split(r"[.;]", clean):
        verb = _TARGET_VERB.search(sentence)
        if verb and _TARGET_WORD.search(sentence, verb.end()):
            return True
    return False


class Measures:
    def __init__(self, settings: LanguageSettings):
        self.settings = settings
        words = [w.lower() for w in settings.quantity_words]
        self._quantity = _words_pattern(words)
        # "Python 3.12", "lessons 3, 4 and 5": the name takes the list of numbers after it.
        names = "|".join(re.escape(w.lower()) for w in settings.names_before_numbers)
        self._named = re.compile(rf"\b({names})[\s-]?v?\d+([.,]\d+)*[a-z]?\b"
                                 r"((\s*,\s*|\s+and\s+|\s*&\s*)\d+[a-z]?\b)*") if names else None
        # A threshold before them makes them count again: "at least one of our values".
        self._not_quantities = _words_pattern([w.lower() for w in settings.not_quantities],
                                              not_after=("least ", "most ", "than "))
        self._keep = re.compile(r"^(" + "|".join(re.escape(w.lower()) for w in settings.keep_verbs) + r")\b")
        self._stays = re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in settings.stay_verbs) + r")\b")
        self._levels = _words_pattern([w.lower() for w in settings.level_phrases])
        self._reach = _words_pattern([w.lower() for w in settings.reach_words])
        self._counted = _counted_pattern(settings.numeral_characters, settings.counter_characters)
        self._change_anywhere = _anywhere_pattern([w.lower() for w in settings.change_words_anywhere])

    def without_dates_and_names(self, clean: str) -> str:
        text = _DATES.sub(" ", clean)
        if self._named is not None:
            text = self._named.sub(" ", text)
        text = _VERSION.sub(lambda m: m.group(0) if m.group(1) in _THRESHOLD_BEFORE else m.group(1), text)
        text = _UPGRADED_TO.sub(r"\1", text)
        return _GLUED.sub(" ", text)

    def measurable(self, clean: str) -> bool:
        """The rubric's measurable: a number, threshold or target of any kind (`clean` is lower case)."""
        if _PLACEHOLDER.search(clean) or _NONE_AT_START.match(clean) or _names_a_target(clean):
            return True
        text = self.without_dates_and_names(clean)
        if _DIGIT.search(text):
            return True
        if self._counted.search(text):
            return True
        text = self._not_quantities.sub(" ", text)
        return bool(self._quantity.search(text))

    def changes_anywhere(self, clean: str) -> bool:
        """A verb that pushes a measure, where the language puts it last or writes no spaces."""
        return bool(self._change_anywhere.search(clean))

    def reach(self, clean: str) -> bool:
        """A count of people certified, enrolled or trained: the rubric's reach, an outcome."""
        return bool(self._reach.search(clean)) and bool(_DIGIT.search(self.without_dates_and_names(clean)))

    def health_metric(self, clean: str, measurable: bool) -> bool:
        """Keeps a level rather than moves it: "Maintain uptime at 99.95%", "Month-end close stays
        within 5 days", "Stay within budget"."""
        keeps = bool(self._keep.match(clean)) or bool(self._stays.search(clean))
        return keeps and (measurable or bool(self._levels.search(clean)))


def _counted_pattern(numerals: list[str], counters: list[str]) -> re.Pattern:
    if not numerals or not counters:
        return re.compile(r"(?!)")
    return re.compile(f"[{re.escape(''.join(numerals))}]+[{re.escape(''.join(counters))}]")


def _anywhere_pattern(words: list[str]) -> re.Pattern:
    """Words of scripts without spaces match inside a run of text; the others as whole words."""
    spaced = [w for w in words if w.isascii() or any(c.isalpha() and c.lower() != c.upper() for c in w)]
    unspaced = [w for w in words if w not in spaced]
    parts = [_words_pattern(spaced).pattern] if spaced else []
    parts += [re.escape(w) for w in sorted(unspaced, key=len, reverse=True)]
    return re.compile("|".join(parts) or r"(?!)")


def _words_pattern(words: list[str], not_after: tuple[str, ...] = ()) -> re.Pattern:
    if not words:
        return re.compile(r"(?!)")  # an empty list matches nothing
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    guards = "".join(f"(?<!{re.escape(word)})" for word in not_after)
    return re.compile(rf"(?<![\w-]){guards}({alternatives})(?![\w-])")
