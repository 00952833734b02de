"""The rubric's close calls (DOMAIN.md, "Judging a key result") that no learned weight may overrule.

The learned model weighs words from other organisations' key results, and so can misread a plain
shape: "Zero sev-1 incidents" or "Revenue" look like nothing it has seen, "Add 3 full-time
developers" looks like "Add 30 customers". These tests read the shape itself. An outcome shape
wins first (review/wording.py, KeyResultLanguage.judge); an activity shape only where no outcome
shape is found. The word lists are key_result_language's in curricula/settings.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from diagnose.content.settings import LanguageSettings
from diagnose.review.phrases import (
    EVIDENCED,
    LEADING_QUANTITY,
    NONE_OF,
    NOT_CHANGES,
    NUMBER,
    alternatives,
    leading_pattern,
    opening_pattern,
    phrase_set,
    states_from_to,
    tokens,
    verb_pattern,
    word_runs,
)

# A count others must reach, joined to the work it judges: "with 500 sign-ups", "that gets 100+
# reads", "and have 100 views", "to include 30+ attendees", "influence 200 developers".
# Also a count a few words on, after "of": "with a minimum of 500 sign-ups", "con una asistencia
# mínima de 5 jóvenes" (Spanish, Portuguese and French join with "con", "com", "avec"); not the
# scope of the work, "with the top 10 carriers". Or after a colon ("Launch the referral page: 500
# sign-ups"), or a few words after a verb of criterion_verbs ("involving at least 20 young people").
_CRITERION_OPENINGS = (r"\b(?:with|w/?|reaching|that \w+|and (?:have|has|get|gets|reach|reaches)|"
                       r"to (?:include|includes|reach|get)|influenc\w*|has|have|gets|get)\s+"
                       r"(?:at least |over |more than |>|≥)?"
                       r"|\b(?:with|con|com|avec)\s+(?:[\w-]+\s+){1,3}?(?:of|de|di)\s+"
                       r"|:\s*(?:at least |over |more than |>|≥)?")
_AT_LEAST = r"(?:at least |al menos |pelo menos |au moins |almeno |over |more than |>|≥)?"
# A count ("500", "2-3", "10k+", "2x") and the one to three words after it, which say what is counted.
_COUNT_THEN_WORDS = r"\d[\d,.]*(?:[-–]\d[\d,.]*)?\s*[kmx+]*\s+((?:[\w-]+ ){0,2}[\w-]+)"
# "Circulation—2,900,000 checkouts", "Finish the video: >50 RT", "Nuevos clientes = 13": a measure
# named, then its target.
_LABELLED_TARGET = re.compile(r"^[^\d:=—–]{2,40}(?::|=|—|–)\s*"
                              r"(?:at least |over |more than |[<>≤≥]\s*)?[\d$£€]")
# "APDEX ≥ 0.90", "Churn < 2%": a measure named, then the threshold it must meet.
_NAMED_THRESHOLD = re.compile(r"^[^\W\d][^<>≤≥]{1,40}?\s(?:[<>]=?|≤|≥)\s*[$£€]?\d")
# "visits—the number of people who come in": a measure named, then defined.
_LABELLED_STATISTIC = re.compile(r"^[^\d:—–]{2,40}(?::|—|–)\s*(?:the )?")
# "95% of permits issued on time", "Ninety-five percent of forms answered within 5 minutes": a
# service level, which the rubric calls an outcome whatever the work behind it.
_SERVICE_LEVEL_SHARE = re.compile(r"^[\w-]+\s*(?:%|percent|per cent)\s+of\b.*\b(?:within|on time|on-time|in time)\b")
# "The new portal is live by 30 June", "Live in all regions": done or not, whatever the date.
# "Live by 30 June", "The portal is live", but not "Live sport streams handle ...", a kind of stream.
_GOES_LIVE = re.compile(r"^(?:go |goes |is |are )?live(?:$|[,.;:]| (?:by|in|on|for|with|at|to|across|from|before|"
                        r"after|and)\b)|\b(?:is|are|goes|go|be) live\b")
# "Roll out the app to 100% of stores", "Add class documentation to all layout classes": how far
# the work reaches, not what it changes.
_ROLLED_OUT_TO = re.compile(r"(?<!\bup )\bto (?:\d[\d,.]*\s*%|100 percent|all|every|each)\s")  # not "rate up to 22%"
# "The API serves 5,000 requests a second": a system's throughput or a rate of use.
_PER_PERIOD = re.compile(r"\d[\d,.]*\s*[k+]*\s+[\w-]+(?: [\w-]+)? "
                         r"(?:a|per|each|every) (?:second|minute|hour|day|week|month)\b")
# A metric named by itself ("App load time", "Revenue") is a result to track, not work.
_LONGEST_METRIC_NAME = 5
_FOR_SOMEONE = frozenset({"for", "to", "with", "on", "about", "into", "from", "by"})
# "Users can export their data", "Instructors are able to register units": a capability people have.
_CAN = re.compile(r"^((?:[\w/+&-]+ ){1,5}?)(?:can|could|is able to|are able to|will be able to)\s")
# "Add new quickstarts: 25 per quarter", "Publish 2 posts a week": the team's own output, per period.
_COUNT_PER_PERIOD = re.compile(r"\d[\d,.]*\+?\s+(?:[\w-]+\s+){0,3}?(?:a|per|each|every) "
                               r"(?:day|week|month|quarter|year)\b"
                               r"|\b(?:per|a|each|every) (?:day|week|month|quarter|year)\s*:\s*\d")
# "60 unique reps have run an event", "10 active DAOs have been built on the protocol": counted
# things others do or use are reach or adoption, not the team's own finished work.
_DONE_BY_OTHERS = re.compile(r"\b(have|has|unique|active|by (users|customers|partners|teams))\b")
# "60 reps ...", "All WG chairs ...", "75% of student leaders ...": people or things counted first,
# or after "have" or "get" ("Have 3 analysts cite our report").
_COUNTED = re.compile(r"^(?P<causing>(?:have|get|help)\s+)?(?:(?:at least|over|more than|>|≥)\s*)?"
                      r"(?:\d[\d,.]*(?:[-–]\d[\d,.]*)?\s*(?:%|percent|per cent)?\+?|all|every|each)"
                      r"\s+(?:of\s+)?(?:the\s+|our\s+|their\s+)?")
# "100% of ...", "All ...": a share, which a count of the team's own things ("3 services") is not.
_SHARE = re.compile(r"^(?:\d[\d,.]*\s*(?:%|percent|per cent)|all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?")
# "RT is not full of spam", "David doesn't complain about spam anymore": a problem gone is a state of
# the world, the rubric's "Customers can get a refund without calling us", not work.
_PROBLEM_GONE = re.compile(r"\b(?:is|are|was|were|does|do) not\b|\b(?:isn|aren|doesn|don)['’]t\b|\bno longer\b"
                           r"|\banymore\b")
# "The summit being the leading event of its field", "PRs being filed for every group": a state of
# affairs after a short subject, even one that opens like a verb ("Open Source Summit being ...").
_BEING = re.compile(r"^(?:[\w.&'-]+\s+){1,4}being\s")
# "... and people are happy with the replacement": people in a state, counted or not.
_COPULAS = frozenset({"are", "is", "feel", "feels", "remain", "remains", "stay", "stays", "become", "becomes"})
_MODALS = frozenset({"will", "can", "must", "should", "may", "would", "could"})
# Words that join a noun to what qualifies it, so that the noun after them is not the subject:
# "25 collaborations with partners".
_JOINING = frozenset({"with", "for", "to", "in", "on", "at", "from", "and", "or", "of", "who", "that", "which",
                      "per", "across", "by", "the", "a", "an", "into", "about", "within", "behind", "under",
                      "over", "after", "before", "between", "without", "via", "through", "like", "as", "than",
                      *_MODALS})
_SKIPPED = frozenset({"now", "also", "still", "will", "already", "more", "all"})
# Participles that do not end in -ed or -en: "have run", "have met", "have done".
_IRREGULAR_PARTICIPLES = frozenset({"run", "done", "made", "met", "built", "won", "begun", "led", "held", "read",
                                    "spoken", "taught", "bought", "brought", "sold", "sent", "set", "put", "got",
                                    "had"})
_LONGEST_SUBJECT = 4
# "in under 48h", "within 2 days": a time limit, which a count of finished work does not have.
_TIME_LIMIT = re.compile(r"\b(?:under|below|within|less than)\s+\d")
# "Customers can get a refund without calling us", "Patients book a follow-up without phoning
# reception", "A daemon runs for 10 days without a crash": a state reached, the rubric's own example.
_WITHOUT_HELP = re.compile(r"\bwithout (?:\w+ing\b|(?:a|an|any|our|their|us|help|manual|staff)\b)")
# A number that measures rather than counts: "an incident-free time of 99.8%", "under 2 days".
_MEASURED = re.compile(r"\d[\d,.]*\s*(?:%|percent|per cent|ms|seconds|minutes|hours|days|weeks)(?!\w)"
                       r"|\b(?:of|at|under|below|above|than|to|within)\s+\d")


class CloseCalls:
    def __init__(self, settings: LanguageSettings):
        self._leading_activity = verb_pattern(settings.all_activity_verbs)
        self._leading_outcome = verb_pattern(settings.outcome_verbs)
        self._leading_neutral = verb_pattern(settings.neutral_verbs)
        self._leading_hiring = verb_pattern(settings.hiring_verbs)
        self._leading_upkeep = verb_pattern(settings.upkeep_verbs)
        self._statistic = opening_pattern(settings.statistic_words)
        # "Decrease percentage of documented poor practices": a statistic moved, whether or not a number says how far.
        moves = alternatives(verb.lower() for verb in settings.increase_verbs + settings.decrease_verbs)
        statistics = alternatives(settings.statistic_words)
        self._statistic_moved = re.compile(rf"^(?:{moves}) (?:the |our )?(?:{statistics})\b")
        self._metric_words = phrase_set(settings.metric_words)
        self._deliverable_participles = phrase_set(settings.deliverable_participles)
        self._deliverable_nouns = phrase_set(settings.deliverable_nouns)
        # Those a criterion counts, and those whose "can" is a capability people have.
        self._criterion_nouns = phrase_set(settings.criterion_nouns)
        capacity_verbs = alternatives(verb.lower() for verb in settings.capacity_verbs)
        self._capacity = re.compile(rf"\b(?:{capacity_verbs})\s+(?:up to )?{_AT_LEAST}{_COUNT_THEN_WORDS}")
        self._load_nouns = phrase_set(settings.load_nouns)
        after_verb = rf"\b(?:{alternatives(v.lower() for v in settings.criterion_verbs)})\s+(?:[\w-]+\s+){{0,4}}?"
        self._criterion_count = re.compile(f"(?:{_CRITERION_OPENINGS}|{after_verb}{_AT_LEAST}){_COUNT_THEN_WORDS}")
        results = f"{alternatives(v.lower() for v in settings.result_verbs)}|{moves}"
        self._result_clause = re.compile(rf"\b(?:and|that|which|to) (?:{results}) (?:\S+ ){{0,6}}?(?:by )?{_AT_LEAST}"
                                         rf"(?:\d|(?:a |one )?(?:third|quarter|half)\b)")
        self._staff_words = phrase_set(settings.staff_words)
        self._people = self._criterion_nouns | self._staff_words | phrase_set(settings.people_nouns)
        self._people_states = phrase_set(settings.people_states)
        self._experience_verbs = phrase_set(settings.experience_verbs)
        self._coverage = leading_pattern(settings.coverage_verbs)
        self._better = phrase_set(settings.objective_result_words)  # "have a faster transaction time"
        self._counted_openings = phrase_set(settings.quantity_words + ["a", "an", "new"])
        self._rate_words = phrase_set(settings.rate_words)
        self._result_nouns = phrase_set(settings.result_nouns)
        self._result_phrases = phrase_set(settings.result_phrases)
        self._change_phrases = phrase_set([v for v in settings.outcome_verbs if v.lower() not in NOT_CHANGES])

    def states_a_result(self, clean: str, grams: AbstractSet[str], measurable: bool) -> bool:
        """The rubric's plain outcome shapes, however the learned weights read them: an explicit zero
        ("Zero sev-1 incidents"), a statistic ("Median time to first reply under 2 days"), a service
        level ("95% of invoices paid within 30 days"), a measure and its target ("Visits—1,900,000
        visits"), a metric named alone ("App load time"), a rate per period ("The API serves 5,000
        requests a second"), a statistic moved ("Reduce the number of re-run tests"), and a deliverable
        with an outcome criterion ("Launch the referral scheme with 500 sign-ups")."""
        if NONE_OF.match(clean) or EVIDENCED.search(clean) or self.people_can(clean) or self.people_act(clean):
            return True
        instruction = self._leading_activity.match(clean) or self._leading_neutral.match(clean)
        if self._people_are(clean) or _BEING.match(clean) or (not instruction and (
                self._people_experience(clean) or self._problem_gone(clean) or _WITHOUT_HELP.search(clean))):
            return True
        if instruction and self._result_clause.search(clean):
            return True  # "Launch the bug bounty and receive 20 valid reports"
        if _SERVICE_LEVEL_SHARE.match(clean) or self._opens_with_statistic(clean, measurable) or \
                self._statistic_moved.match(clean):
            return True
        # "Blog: 4 posts", "2 posts a week": the team's own output counted, which stays the model's call.
        own_output = not (self._deliverable_participles.isdisjoint(grams) and self._deliverable_nouns.isdisjoint(grams))
        if (_LABELLED_TARGET.match(clean) or _NAMED_THRESHOLD.match(clean)) and not own_output and not instruction:
            return True  # but "Add quickstarts: 25" is work
        label = _LABELLED_STATISTIC.match(clean)
        if label and self._opens_with_statistic(clean[label.end():], measurable):
            return True
        if self._names_a_metric(clean):
            return True
        if any(not self._load_nouns.isdisjoint(word_runs(found.group(1))) for found in self._capacity.finditer(clean)):
            return True  # "The portal handles 500 concurrent users": a system's scale threshold
        if _PER_PERIOD.search(clean) and not self._leading_activity.match(clean) and not own_output:
            return True
        return any(not self._criterion_nouns.isdisjoint(word_runs(found.group(1)))
                   for found in self._criterion_count.finditer(clean))

    def people_can(self, clean: str) -> bool:
        """"Customers can get a refund without calling us": the rubric's stated state, a capability
        people have; "The portal can send reports" is a feature, left to the model."""
        found = _CAN.match(clean)
        return found is not None and not self._people.isdisjoint(tokens(found.group(1)))

    def people_act(self, clean: str) -> bool:
        """"60 unique reps have run an event", "250 people participate", "75% of student leaders are
        active": people counted who do something, or are in a state such as trained or active, are
        the rubric's reach or adoption. People the team acts on ("10 customers interviewed", "are
        contacted") and people given something ("have access") are left to the model."""
        counted = _COUNTED.match(clean)
        if not counted:
            return False
        words = [word.strip(",.;:()\"'“”") for word in clean[counted.end():].split()[:_LONGEST_SUBJECT + 4]]
        for index, word in enumerate(words[:_LONGEST_SUBJECT + 1]):
            if word in _JOINING:
                return False
            if word in self._people or word + "s" in self._people:  # "every school", "all schools"
                predicate = words[index + 1:]
                while predicate[:1] in (["or"], ["and"]) and predicate[1:2] and predicate[1] in self._people:
                    predicate = predicate[2:]  # "3 analysts or influencers cite ..."
                if counted.group("causing") and predicate[:1] == ["to"]:  # "Get 50 customers to try it"
                    predicate = predicate[1:]
                return self._acts(predicate)
        return False

    def _people_are(self, clean: str) -> bool:
        """"Customers are satisfied", "people are happy with the replacement": people in one of
        people_states, wherever they stand in the key result."""
        words = [word for word in tokens(clean) if word not in _SKIPPED and word != "not"]
        return any(word in self._people and verb in _COPULAS and state in self._people_states
                   for word, verb, state in zip(words, words[1:], words[2:]))

    def _people_experience(self, clean: str) -> bool:
        """"Users understand how the app works", "New editors find the right template": people, the
        subject a key result opens with, doing one of experience_verbs."""
        words = tokens(clean)[:_LONGEST_SUBJECT + 1]
        for index, word in enumerate(words[:-1]):
            if word in _JOINING and index > 0:
                return False  # "Docs for users find ...": the people are not the subject
            if word in self._people:
                return words[index + 1] in self._experience_verbs
        return False

    @staticmethod
    def _problem_gone(clean: str) -> bool:
        """A short subject, then a negation: not "The copy in the portal doesn't refer to a batch",
        a page the team writes, nor a "not" deep in a clause."""
        found = _PROBLEM_GONE.search(clean)
        return found is not None and 0 < len(clean[:found.start()].split()) <= _LONGEST_SUBJECT

    def _acts(self, predicate: list[str]) -> bool:
        """The words after the people counted: "have run ...", "are using ...", "participate in ..."."""
        words = [word for word in predicate if word not in _SKIPPED and not word.endswith("ly")]
        if not words:
            return False
        verb, rest = words[0], words[1:]
        if verb in ("have", "has", "had"):
            if rest[:1] == ["been"]:
                return len(rest) > 1 and rest[1] in self._people_states
            return bool(rest) and _is_participle(rest[0])
        if verb in ("are", "is", "were", "was", "become", "becomes"):
            return bool(rest) and (rest[0].endswith("ing") and rest[0] != "being" or rest[0] in self._people_states)
        if verb in _JOINING or verb in self._people or NUMBER.search(verb) or verb.endswith("ed"):
            return False
        return not verb.endswith("s") or verb.endswith("ss")

    def covers_own_setup(self, clean: str, grams: AbstractSet[str]) -> bool:
        """"100% of our key services have SLAs", "All components include an accessibility rating":
        a share of the team's own things that has something is coverage of its own set-up, which the
        rubric decides as it does "Roll out the new app to 100% of stores". People counted who have
        done something ("All reps have completed the course"), a measure with a number ("have an
        incident-free time of 99.8%") or people a criterion counts are not."""
        share = _SHARE.match(clean)  # people counted doing something were judged outcomes before this
        if not share:
            return False
        words = clean[share.end():].split()
        for index in range(1, min(len(words), _LONGEST_SUBJECT + 2)):
            if words[index - 1] in _MODALS:  # "All engineers will have ...": a state foreseen, not set up
                return False
            verb = self._coverage.match(" ".join(words[index:index + 3]))
            if not verb:
                continue
            after = " ".join(words[index:])[verb.end():]
            after_words = tokens(after)
            if verb.group(1) in ("have", "has") and after_words and _is_participle(after_words[0]):
                return False
            return not _MEASURED.search(after) and not self._counts_people(after_words) and \
                self._better.isdisjoint(word_runs(after))
        return False

    def _counts_people(self, words: list[str]) -> bool:
        """"... has at least three active contributors": people a criterion counts, after the verb."""
        return any((word[0].isdigit() or word in self._counted_openings) and
                   not self._people.isdisjoint(words[index + 1:index + 4])
                   for index, word in enumerate(words))

    def _opens_with_statistic(self, clean: str, measurable: bool) -> bool:
        """"Share of ...", "Average time to ...", but not the verb in "Share 3 case studies"."""
        statistic = self._statistic.match(clean)
        if not statistic:
            return False
        after = tokens(clean[statistic.end():])
        return bool(after) and (after[0] == "of" or (measurable and after[0] in self._metric_words))

    def _names_a_metric(self, clean: str) -> bool:
        """"App load time", "Monthly active users": a measure's name, with no thing made for someone
        ("Docs for new users", "Webinar series for customers")."""
        words = tokens(clean.rstrip(". "))
        if not words or len(words) > _LONGEST_METRIC_NAME or NUMBER.search(clean):
            return False
        if not _FOR_SOMEONE.isdisjoint(words) or not self._deliverable_nouns.isdisjoint(word_runs(clean)):
            return False
        if self._leading_activity.match(clean) or self._leading_outcome.match(clean) or \
                self._leading_neutral.match(clean):
            return False
        return words[-1] in self._metric_words

    def names_only_work(self, clean: str, grams: AbstractSet[str]) -> bool:
        """The rubric's activities that a number or a percentage can make look like results: work
        sized by a count, a rollout sized by its reach ("Roll out the new app to 100% of stores"),
        something made live, the team's own output per period ("Publish 2 posts a week"), and
        hiring ("Add 3 full-time developers")."""
        if self._counts_finished_work(clean, grams) or self.covers_own_setup(clean, grams):
            return True
        if _GOES_LIVE.search(clean) and not LEADING_QUANTITY.match(clean):  # "80% of merchants are live": adoption
            return True
        if self._leading_activity.match(clean) and _ROLLED_OUT_TO.search(clean) and not states_from_to(clean) \
                and self._change_phrases.isdisjoint(grams):
            return True
        if (self._leading_activity.match(clean) or self._leading_neutral.match(clean)) and \
                _COUNT_PER_PERIOD.search(clean) and self._criterion_nouns.isdisjoint(grams) and \
                self._result_nouns.isdisjoint(grams) and self._rate_words.isdisjoint(grams):
            return True
        if self._upkeep(clean, grams):
            return True
        return self._hires(clean, grams)

    def _upkeep(self, clean: str, grams: AbstractSet[str]) -> bool:
        """"Maintain the onboarding checklist": looking after the team's own things, with no level,
        measure or state of people named (judge() has found no number or level before this)."""
        return bool(self._leading_upkeep.match(clean)) and not NUMBER.search(clean) and \
            self._metric_words.isdisjoint(grams) and self._better.isdisjoint(grams) and \
            self._people_states.isdisjoint(grams) and self._rate_words.isdisjoint(grams)

    def _hires(self, clean: str, grams: AbstractSet[str]) -> bool:
        """"Hire two SREs", "Add 3 full-time developers", but not "Hiring managers report ..." nor
        "Hiring at 90% of plan"."""
        verb = self._leading_hiring.match(clean)
        if not verb or self._staff_words.isdisjoint(grams) or "plan" in grams:
            return False
        after = tokens(clean[verb.end():])
        return bool(after) and (after[0][0].isdigit() or after[0] in self._counted_openings)

    def _counts_finished_work(self, clean: str, grams: AbstractSet[str]) -> bool:
        """"15 accessibility audits done", "5 technical meetups spoken at": a number that only sizes
        the team's own finished work, with no rate, result or person counted (the rubric's sized
        deliverable, an activity however the sentence is ordered)."""
        if not LEADING_QUANTITY.match(clean) or _DONE_BY_OTHERS.search(clean) or _TIME_LIMIT.search(clean):
            return False  # "100-year ensemble run finishes in under 48h" is a system's threshold
        opening = word_runs(" ".join(clean.split(" ")[1:7]))  # the participle that closes the counted phrase
        return not self._deliverable_participles.isdisjoint(opening) and self._rate_words.isdisjoint(grams) \
            and self._result_nouns.isdisjoint(grams) and self._result_phrases.isdisjoint(grams) \
            and not EVIDENCED.search(clean)


def _is_participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES
