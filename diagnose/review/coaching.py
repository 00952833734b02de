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
from diagnose.review.phrases import LONGEST_JUDGED, alternatives

if TYPE_CHECKING:
    from diagnose.review.wording import Wording

# Numbering and bullets before a key result's text: "KR2:", "3.", "- "; not the "Kr" of "Kratix".
LEADING_NOISE = re.compile(r"^\s*(kr(?![^\W\d_])\s*\d*\s*[:.)-]?|\d+[.)]\s|[-*•])\s*", re.IGNORECASE)
# "Key Result 2: Launch the portal": a label a rewrite leaves out (the judgement reads it as written).
_KEY_RESULT_LABEL = re.compile(r"^\s*key result\s*\d*(?:\.\d+)?\s*[:.)-]\s*", re.IGNORECASE)


class Coach:
    def __init__(self, settings: LanguageSettings):
        self.settings = settings
        self._finishing = {verb.lower() for verb in settings.finishing_verbs}
        self._doing = {verb.lower() for verb in settings.doing_verbs}
        # The verbs a rewrite may start from: every verb list, and the instructions that name no kind.
        lists = (settings.activity_verbs, settings.neutral_verbs, settings.outcome_verbs, settings.finishing_verbs,
                 settings.instruction_verbs, list(settings.rewrites))
        self._verbs = {verb.lower() for words in lists for verb in words}
        self._english = {word.lower() for word in settings.english_words}
        self._frequencies = {word.lower() for word in settings.quantity_words}
        self._experiences = {word.lower() for word in settings.experience_verbs}  # "Early adopters love the app"
        self._made = {noun.lower() for noun in settings.artefact_nouns + settings.deliverable_nouns if " " not in noun}
        joined = [v for v in self._verbs if v.replace(" ", "").isalpha()]
        # "Create a blog and write 10 posts": the second verb takes the -ing form as the first does.
        # A verb that is also a noun only where an object, a preposition or the end follows: "a
        # model and process consistent with ..." joins two nouns.
        follows = r"(?= (?:(?:" + _OBJECT_STARTS + r")\b|\d)|$)"
        verbs = alternatives(v for v in joined if v not in _ALSO_NOUNS)
        also_nouns = alternatives(v for v in joined if v in _ALSO_NOUNS)
        # "and implement/update the patterns": each verb of the pair.
        self._and_verb = re.compile(rf"(?:\band|&) ((?:{verbs})(?:/(?:{verbs}))*(?= |$)|(?:{also_nouns}){follows})")
        named_work = alternatives(noun.lower() for noun in settings.named_work)
        self._named_work = re.compile(rf"^(?:the\s+)?({named_work})\s+of\s+(.+)$", re.IGNORECASE)

    def coaching(self, text: str, wording: Wording, serves: str | None = None) -> tuple[str | None, str | None]:
        """A question for the KR clinic, and the outcome an activity should become.

        `serves`: an outcome key result beside this one (same objective, same subject) that the
        activity is the work behind; then the coaching says so instead of inventing a measure.
        """
        if len(text) > LONGEST_JUDGED:
            text = text[:LONGEST_JUDGED].rstrip() + "\u2026"
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
        manner, from_the_verb = self._manner(text)
        verb, obj = self.verb_and_object(from_the_verb, wording)
        hints = self.settings.metric_hints
        prompt = (f"If \u201c{text.strip()}\u201d is done and nothing improves, did it succeed? "
                  f"Name the change it should cause: {hints.get(verb, hints['default'])}.")
        if verb:
            obj = self._and_verb.sub(lambda m: m.group(0) if _ends_a_list(m.string[:m.start()]) else
                                     m.group(0).split(" ")[0] + " " + "/".join(map(_doing, m.group(1).split("/"))), obj)
        shape = "default" if verb else self._shape(obj)
        if shape == "quoted":
            obj = _as_written(text)
        words = dict(_PRONOUNS[_plural(obj)], object=obj, doing=_doing(verb) if verb else "doing")
        templates = self._templates(verb, obj, shape)
        if manner and verb:  # "After launching ..." and "After {doing} ..." alike: "After steadily releasing"
            templates = [re.sub(r"^After ", f"After {manner} ", template) for template in templates]
        return prompt, "; or: ".join(re.sub(r"\{(\w+)\}", lambda m: words.get(m.group(1), m.group(0)), template)
                                     for template in templates)

    def _manner(self, text: str) -> tuple[str, str]:
        """An adverb before the instruction's verb, and the text from the verb: "Completely replace
        the CI" is ("completely", "replace the CI"), so the rewrite reads "After completely replacing"."""
        first, _, rest = _as_written(text).partition(" ")
        verb = rest.lower().replace(",", " ").split(" ")
        if self._is_manner(first.lower()) and (self._knows_verb(verb[0]) or " ".join(verb[:2]) in self._verbs):
            return first.lower(), rest  # also "Fully go live with ..."
        return "", text

    def _is_manner(self, word: str) -> bool:
        """An adverb of manner ("completely", "fully"), not a frequency ("quarterly"), which makes a
        key result measurable."""
        return len(word) >= 5 and word.endswith("ly") and word not in self._frequencies

    def _shape(self, text: str) -> str:
        """Which rewrite a key result with no verb gets: "state" for a sentence ("once every employee
        has a plan"), "thing" for a noun phrase ("once mechanisms to track progress are in place"),
        "quoted" for what neither fits (another language, a verb no list knows)."""
        if self._instruction_no_list_knows(text.split()):
            return "quoted"
        if (_FINITE_VERB.search(f" {text.lower()} ") or _SUBJECT_THEN_MODAL.match(text)) and \
                self._reads_as_english(text) and not self._done_or_timed(text):
            return "state"
        return "thing" if self._reads_as_a_name(text) else "quoted"

    def _templates(self, verb: str, obj: str, shape: str) -> list[str]:
        # The work named wins over a verb that only says it is done: "Complete the design review",
        # "Run the staff survey" are coached as a review and a survey, by templates for any verb.
        rewrites = self.settings.rewrites
        # A verb whose rewrite is a noun's ("Plan a campaign") gives way to the noun it acts on, too.
        of_the_work = rewrites.get(_head_noun(obj)) if verb in self._doing or verb not in rewrites or \
            "{doing}" in rewrites[verb][0] else None
        if verb and of_the_work and "{doing}" in of_the_work[0]:
            return of_the_work
        return rewrites.get(verb) or rewrites.get(shape) or rewrites["thing"]

    def verb_and_object(self, text: str, wording: Wording) -> tuple[str, str]:
        """The activity's verb and what it acts on: "Go live with the API sandbox" is ("go live",
        "the API sandbox"); a verb no list names is the first word, if it reads as one. A key
        result that states a state ("Every employee has a training plan") has no verb: ("", the
        whole sentence)."""
        rest = _as_written(text)
        # A verb of activity_verbs_other_languages judged the key result, but is built into no English.
        verb = wording.verb if wording.verb and self._knows_verb(wording.verb) else ""
        if rest.lower().startswith(f"{verb} of ") or (not verb and re.match(r"^\S+ of ", rest)) or \
                self._names_a_thing(rest):
            verb, obj = "", rest  # "Use of scheduling tools", "Blog posts and talks": a noun, not an instruction
        elif verb and rest.lower().startswith(verb):
            obj = rest[len(verb):]
        elif not verb and " ".join(rest.split(" ", 2)[:2]).lower() in self._verbs:
            verb = " ".join(rest.split(" ", 2)[:2]).lower()  # "Roll up the data", "Check in with 2 teams"
            obj = rest[len(verb):]
        else:
            first, _, obj = rest.partition(" ")
            if obj and _reads_as_a_verb(first, obj) and self._knows_verb(first.lower()):
                verb = first.lower()
            else:
                verb, obj = "", rest
        obj = _FURTHER_SENTENCES.sub("", obj).strip(" ,:-")  # "Add 3 pages. At least two of which ...": the first
        if " " in verb and verb in self.settings.rewrites:  # "Go live with the sandbox", but "Check in with" keeps it
            obj = re.sub(r"^(with|on|of|to|for|the work on)\s+", "", obj, flags=re.IGNORECASE)
        # "Complete the migration of the billing system" is the work of migrating it.
        named = self._named_work.match(obj) if verb in self._finishing else None
        if named:
            verb, obj = self.settings.named_work[named.group(1).lower()], named.group(2)
        # A whole sentence goes mid-sentence ("once every employee has ..."); what a verb acts on is
        # already there, as its author wrote it ("Include Indian clubs").
        first_word = obj.split(" ", 1)[0] if obj else ""
        obj = obj[:1].lower() + obj[1:] if obj and not verb and self._common_word(first_word) else obj
        return verb, obj or "this work"

    def _names_a_thing(self, text: str) -> bool:
        """"Blog posts, tutorials and talks", "Design docs for every service": a word that is also a
        noun, before a thing made; not "Design 3 courses", nor "Write docs"."""
        words = [word.lower().strip(",;:") for word in text.split(" ", 2)[:2]]
        return len(words) == 2 and words[0] in _ALSO_NOUNS and words[1] in self._made

    def _common_word(self, word: str) -> bool:
        """A word that opens a sentence with a capital only because it opens it ("The", "Plans",
        "Documentation"), not a name ("GDPR", "ReportStream", "Rust", "Peerpad")."""
        word = re.split(r"['\u2019]", word.rstrip(",;:"))[0]  # "We’ve", "Diversity,"
        lower = word.lower()
        if len(word) > 1 and not word[1:].islower():
            return False
        return lower in self._english or lower in _SENTENCE_OPENINGS or lower in _NOT_VERBS or \
            self._knows_verb(lower) or lower.endswith(_COMMON_ENDINGS) or \
            (lower.endswith("s") and not lower.endswith(("ss", "us", "is")))

    def _knows_verb(self, word: str) -> bool:
        """On a verb list, or its -ing form: "capturing" (capture), "attending" (attend); a listed
        verb done again ("renegotiate"); a word made a verb by its ending ("digitise", "simplify")."""
        if word in self._verbs or (word.startswith("re") and word[2:] in self._verbs) or \
                (word.endswith(_VERB_ENDINGS) and len(word) > 6 and word not in _NOUNS_ENDING_AS_VERBS):
            return True
        stem = word[:-3] if word.endswith("ing") else ""
        return bool(stem) and (stem in self._verbs or stem + "e" in self._verbs or
                               (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self._verbs))

    def _reads_as_english(self, text: str) -> bool:
        """Latin letters and at least one common English word: "Wir unterstützen bestehende
        Kunden-Projekte" and "完成所有硬件的安装" are not built into an English sentence."""
        words = re.findall(r"[^\W\d_]+", text.lower())
        return all(word.isascii() or _LATIN_LETTERS.fullmatch(word) for word in words) and \
            not self._english.isdisjoint(words)

    def _done_or_timed(self, text: str) -> bool:
        """"Identified 1 key measure that is ...", "Each quarter, ensure a session is held": work
        reported done, or an instruction after its time, which "once ..." would not read."""
        first = text.split(" ", 1)[0].lower()
        if first.endswith("ed") and not self._knows_verb(first):
            return True
        timed = _ADVERBIAL_THEN_WORK.match(text)
        return timed is not None and not _FINITE_VERB.search(f" {timed.group(0).lower()}")

    def _instruction_no_list_knows(self, words: list[str]) -> bool:
        """"Reboot the specs repo", "Const qualify the tables", "Source 25 candidates", "Independently
        scan ...": an instruction whose verb no list has, which no "once ..." can carry."""
        lower = [word.lower().strip(",;:") for word in words[:3]]
        if not lower or lower[0] in _SENTENCE_OPENINGS or lower[0] in _NOT_VERBS:
            return False
        if self._is_manner(lower[0]) or lower[0] in ("don't", "don\u2019t") or \
                (not lower[0].endswith("s") and lower[1:2] != ["of"] and
                 any(part in self._verbs for part in lower[0].split("/"))):
            return True  # an adverb, then the verb; a prohibition; a verb ("Talk to users before ...")
        if len(lower) > 1 and lower[0].isalpha() and not lower[0].endswith("s") and \
                (lower[1][:1].isdigit() or lower[1] in self._frequencies) and \
                not (len(lower) > 2 and _FINITE_VERB.search(f" {lower[2]} ")):  # not "multistream 2.0 is implemented"
            return True  # a verb, then how many
        return any(lower[i] in _DETERMINERS and lower[i - 1] not in _LINKS and
                   not _FINITE_VERB.search(f" {lower[i - 1]} ") and not lower[i - 1].endswith(("s", "ed"))
                   for i in (1, 2) if i < len(lower))

    def _reads_as_a_name(self, text: str) -> bool:
        """A noun phrase that "... is in place" can follow: "mechanisms to easily track progress",
        not a sentence whose verb no list knows ("The team publishes monthly summaries", "100 test
        cases running in CI") nor another language."""
        words = text.split()
        if not words or not self._reads_as_english(text) or self._done_or_timed(text):
            return False
        if self._instruction_no_list_knows(words) or any(words[i].lower() in _DETERMINERS and words[i - 1].lower()
                                                        not in _LINKS for i in (1, 2) if i < len(words)):
            return False  # no noun phrase has a determiner after a word that is no preposition: "Reboot the specs"
        if words[0].lower() in _SENTENCE_OPENINGS or words[0][0].isdigit() or _PREDICATE.search(text.lower()) \
                or _VERB_THEN_OBJECT.search(" ".join(words[:5]).lower()):
            return False
        # "Instructors receive ...", "The team publishes ...": a verb it knows, second or third.
        return not any(self._knows_verb(word) or word in self._experiences or
                       (word.endswith("s") and self._knows_verb(word.rstrip("s")))
                       or (word.endswith("es") and self._knows_verb(word[:-2]))
                       for word in (w.lower() for w in words[1:3]) if word not in _LINKS)



def _ends_a_list(before_and: str) -> bool:
    """"the web app, mobile app and help centre": "and" joins the last noun of a list, not a verb;
    but not after a comma of its own (", and send the release") or one inside brackets."""
    text = re.sub(r"\([^)]*\)", "", before_and)
    return ", " in text and not text.rstrip().endswith(",")


def _sentence(text: str) -> str:
    return text.strip().rstrip(".")


# Owners, priorities and progress after a key result: "[p1]", "(n)", "(Zach)", "[0/150]", "- @alex".
_TRAILING_TAG = re.compile(r"(\[[^\]]{0,12}\]|\((?:[a-z]{1,4}|[A-Z][a-z]{1,20})\)|-\s{1,3}@[\w.-]{1,40}|\d+/\d+\])$")
_LONGEST_TAG = 48
_LATIN_LETTERS = re.compile(r"[a-zà-ÿ]+")
# "... running successfully in CI", "... deployed to production": a participle as the predicate.
_PREDICATE = re.compile(r"\w(ing|ed) (successfully|in|on|at|by|to|for|with|from|into|across|within)\b|\w(ing|ed)$")
# "ReportStream stores all reportable data": a verb in -s before what it acts on.
_VERB_THEN_OBJECT = re.compile(r"^\S+( \S+)? \w+[^s\W]s (?:(?:all|the|a|an|every|each|our|its|their|no)\b|\d)")
# A second sentence after the work named, which a rewrite does not carry: ". At least two of which ...".
_FURTHER_SENTENCES = re.compile(r"(?<=[a-z0-9_)])(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)\. [A-Z].*$", re.DOTALL)
# Words more often nouns than verbs after "and" ("a model and process"): verbs only before an object.
_ALSO_NOUNS = frozenset({"process", "model", "tool", "program", "programme", "package", "profile", "project", "work",
                         "study", "map", "design", "research", "survey", "audit", "report", "record", "change",
                         "blog"})
# What can follow a verb: its object's first word or a preposition.
_OBJECT_STARTS = (r"the|a|an|our|their|its|his|her|all|every|each|new|more|at|with|to|for|on|in|across|amongst|"
                  r"among|into|from|by|about|them|it|this|these|those|some|any|up|out")
_LINKS = {"to", "of", "for", "and", "or", "with", "in", "on", "at", "the", "a", "an"}
# "Each quarter, ensure a session is held", "By 31 March, DSD has ...": a time first, then the rest.
_ADVERBIAL_THEN_WORK = re.compile(r"^[^,]{1,40}, [a-z]+ ", re.IGNORECASE)
_DETERMINERS = {"the", "a", "an", "our", "their", "its", "every", "each", "all"}
_SENTENCE_OPENINGS = {"the", "our", "a", "an", "every", "each", "all", "this", "these", "those", "we", "it", "at",
                      "by", "in", "on", "for", "only", "no", "there", "both", "any", "most", "many", "some"}


def _as_written(text: str) -> str:
    """The key result as its author wrote it, without numbering, a "Key Result 2:" label or tags."""
    return _without_tags(_sentence(_KEY_RESULT_LABEL.sub("", LEADING_NOISE.sub("", text)).strip()))


def _without_tags(text: str) -> str:
    # One tag at a time, looked for only near the end: a regex anchored at the end alone is still
    # tried from every position, which a cell of 100,000 characters makes minutes of work.
    text = text.rstrip(" .")
    while (tag := _TRAILING_TAG.search(text, max(0, len(text) - _LONGEST_TAG))) is not None:
        text = text[:tag.start()].rstrip(" .")
    return text


_PRONOUNS = {False: {"it": "it", "its": "its", "them": "it", "is": "is", "causes": "causes"},
             True: {"it": "they", "its": "their", "them": "them", "is": "are", "causes": "cause"}}
_OBJECT_HEAD = re.compile(r"^(.*?)(\s+(for|to|with|of|on|in|across|at|from|into|by|about|around|within|before|after|"
                          r"via|through|during|between|among|against|every|each|per)\b.*)?$")


def _head_noun(obj: str) -> str:
    """The last word before any preposition: "the API v2 design review with the top 10 carriers" -> "review"."""
    head = _OBJECT_HEAD.match(obj.lower())
    words = (head.group(1) if head else obj.lower()).split()
    if len(words) > 1 and words[-1].endswith("ed"):
        words.pop()  # "5 documents aimed at ...": the participle describes the head noun before it
    return words[-1] if words else ""


def _plural(obj: str) -> bool:
    """Whether what a key result acts on is plural: "60 new help-centre articles", "v2 endpoints
    for bookings" (its head noun, before any preposition, ends in s)."""
    last = _head_noun(obj)
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _reads_as_a_verb(first: str, rest: str) -> bool:
    """Whether a key result's first word is the verb of an instruction ("Stabilize the API") rather
    than the start of a statement ("Every employee has...", "Mechanisms to...", "2017 report...")."""
    word = first.lower()
    if (len(first) > 1 and first.isupper()) or not word.isalpha() or word in _NOT_VERBS or \
            (word.endswith("s") and not word.endswith("ss")) or word.endswith(_NOUN_ENDINGS):
        return False
    return not _FINITE_VERB.search(" " + rest.lower() + " ")


# Endings of common English words rather than names: a sentence that opens with one lowercases it
# mid-sentence ("once documentation of ... is in place"); one that opens with "Rust" keeps it.
_COMMON_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "al", "able", "ible", "ive",
                   "ous", "ful", "ic", "ary", "ory", "age", "dge", "ing", "ed", "ure", "ant", "ent", "ar", "cy", "ly")
_VERB_ENDINGS = ("ise", "ize", "ify")
_NOUNS_ENDING_AS_VERBS = frozenset({"enterprise", "expertise", "franchise", "premise", "promise", "exercise",
                                    "merchandise", "compromise", "otherwise"})
# "Documentation of...", "Improvement to...": a noun, not an instruction.
_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism")
_NOT_VERBS = {"every", "each", "all", "no", "our", "the", "a", "an", "this", "these", "those", "we", "they", "it",
              "new", "more", "most", "first", "one", "some", "any", "team", "customer", "customers", "users"}
# A statement's own verb later on ("... has an annual training plan", "... are determined").
_FINITE_VERB = re.compile(r" (is|are|has|have|was|were|contains|includes|becomes|exists|exist) ")
# "SimpleReport can send ...", "Our own team can search ...": a subject and its "can" or "will",
# not the "that can be reused" of a clause inside an instruction.
_SUBJECT_THEN_MODAL = re.compile(r"^(?:(?!(?:that|which|who|how|what|when|where) )\S+ ){1,6}(?:can|will) ",
                                 re.IGNORECASE)


_WRITTEN_AS_ONE = {"setup": "set", "rollout": "roll", "signup": "sign", "checkin": "check"}
# Longer verbs stressed on their last syllable double its consonant too: "submitting"; and "speccing".
_STRESSED_LAST = {"submit", "commit", "admit", "permit", "omit", "refer", "prefer", "transfer", "control", "begin",
                  "forget", "regret", "equip", "compel", "patrol", "occur", "recur", "deter", "embed", "spec"}


def _doing(verb: str) -> str:
    """The -ing form of a verb phrase's first word: "rewrite the" -> "rewriting the", "set up" -> "setting up"."""
    first, _, rest = verb.partition(" ")
    if first in _WRITTEN_AS_ONE:  # "Setup the metrics": the verb "set up", written as its noun
        first, rest = _WRITTEN_AS_ONE[first], f"up {rest}".strip()
    if first.endswith("ing"):
        doing = first  # written as a gerund already: "hiring 2 developers"
    elif first.endswith("ie"):
        doing = first[:-2] + "ying"
    elif first.endswith("e") and not first.endswith(("ee", "ye", "oe")):
        doing = first[:-1] + "ing"
    elif (len(first) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", first)) or first in _STRESSED_LAST:
        doing = first + first[-1] + "ing"  # one syllable ending consonant-vowel-consonant: ship, run, set
    else:
        doing = first + "ing"
    return f"{doing} {rest}".strip()
