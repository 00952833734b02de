"""Read the last cycle like an OKR coach: per key result checks, then signals with evidence.

Whatever the export lacks (no owners, no check-ins, no scores) gives signals whose value is
None and a "not shown by this export" note: missing data never reads as a low score.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from statistics import fmean
from typing import NamedTuple

from diagnose.content.settings import ReviewSettings, Settings, load_settings
from diagnose.core.models import Cycle, Evidence, KeyResult, KeyResultCheck, Objective, Signal
from diagnose.review.area_scores import area_scores
from diagnose.review.links import carry_over, dependencies, objective_shapes, opposing_metrics, served_outcomes
from diagnose.review.team_types import team_type_signals
from diagnose.review.verdicts import KindVerdicts
from diagnose.review.wording import KeyResultLanguage, Wording

EVIDENCE_LIMIT = 12  # per signal: the report shows examples, the JSON holds every key result


@dataclass
class Review:
    checks: list[KeyResultCheck]
    signals: dict[str, Signal]
    area_scores: dict[str, float | None]
    not_shown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def review_cycle(cycle: Cycle, settings: Settings | None = None, cadence_days: int = 7,
                 as_of: dt.date | None = None, previous: Cycle | None = None,
                 kinds: KindVerdicts | None = None) -> Review:
    """`kinds`: a person's outcome-or-activity verdicts, which override the tool's."""
    settings = settings or load_settings()
    return _Reviewer(cycle, settings, cadence_days, as_of, previous, kinds).run()


class _Numbers(NamedTuple):
    stale: bool | None
    confidence_updated: bool | None
    counts: tuple[int, int, int] | None  # cadence windows on time, late and missed
    on_time_share: float | None
    score: float | None


def _kr_ref(kr: KeyResult) -> str:
    return f"KR {kr.id}"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class _Reviewer:
    def __init__(self, cycle: Cycle, settings: Settings, cadence_days: int, as_of: dt.date | None,
                 previous: Cycle | None, kinds: KindVerdicts | None):
        self.cycle = cycle
        self.previous = previous
        self.kinds = kinds
        # Parents named by some objective: lets company objectives be found without a level column.
        self.parents_named = {o.parent for o in cycle.objectives if o.parent}
        self.limits: ReviewSettings = settings.review
        self.done_words = {word.lower() for word in settings.review.done_words}
        self.on_track_words = {word.lower() for word in settings.review.on_track_words}
        self.sibling_ignored = {word.lower() for word in settings.review.sibling_ignored_words}
        self.language = KeyResultLanguage(settings.key_result_language, settings.wording_model)
        self.cadence_days = cadence_days
        self.krs = cycle.key_results()
        self.objectives = {o.id: o for o in cycle.objectives}
        self.objective_of = {o.id: o for o in cycle.objectives}
        end = cycle.end or max((c.date for kr in self.krs for c in kr.checkins), default=None)
        self.end = min(end, as_of) if end and as_of else (end or as_of)
        self.signals: dict[str, Signal] = {}
        self.not_shown: list[str] = []
        self.shows_checkins = self.has("checkins")
        self.shows_updates = self.shows_checkins or self.has("last_updated")
        self.shows_owners = self.has("owner")
        self.windows_of_date: dict[dt.date, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def has(self, name: str) -> bool:
        return name in self.cycle.fields

    def signal(self, name: str, value, evidence: Iterable[Evidence] = (), note: str = "") -> None:
        # Evidence comes as a generator, so only the examples kept are ever built.
        self.signals[name] = Signal(name=name, value=value, evidence=list(islice(evidence, EVIDENCE_LIMIT)),
                                    note=note)

    def missing(self, name: str, what: str) -> None:
        self.signals[name] = Signal(name=name, value=None, note="not shown by this export")
        if what not in self.not_shown:
            self.not_shown.append(what)

    def run(self) -> Review:
        verdicts = [self.verdict(kr) for kr in self.krs]
        serves = served_outcomes(self.krs, [wording for wording, _ in verdicts], self.sibling_ignored)
        checks = [self.check(kr, wording, kind_by, self.numbers(kr), serves.get(kr.id))
                  for kr, (wording, kind_by) in zip(self.krs, verdicts)]
        self.goal_quality(checks)
        self.alignment()
        if self.has("team"):
            company = {o.id for o in self.cycle.objectives if self._is_company(o)}
            for name, value, evidence in team_type_signals(self.cycle, checks, self.limits.team_type_words, company):
                self.signal(name, value, evidence, note="" if value is not None else "no such team in this export")
        self.accountability(checks)
        self.confidence(checks)
        self.links()
        self.signal("review.kr_count", float(len(self.krs)))
        warnings = []
        unmatched = self.kinds.unmatched(self.krs) if self.kinds is not None else 0
        if unmatched and self.kinds is not None:
            one = unmatched == 1
            warnings.append(f"{self.kinds.source}: {unmatched} verdict{'' if one else 's'} (of {len(self.kinds.kinds)}) "
                            f"name{'s' if one else ''} no key result in this export (check the text or id)")
        return Review(checks=checks, signals=self.signals, area_scores=area_scores(self.signals, self.company_count(), self.limits), not_shown=self.not_shown,
                      warnings=warnings)

    # ------------------------------------------------------------ per key result

    def numbers(self, kr: KeyResult) -> _Numbers:
        """What a key result's values, dates and check-ins show, whatever its wording."""
        stale = self.is_stale(kr) if self.shows_updates else None
        confidences = [c.confidence for c in kr.checkins if c.confidence is not None]
        updated = len(set(confidences)) > 1 if len(confidences) >= 3 else None
        counts = self.discipline(kr) if self.shows_checkins else None
        share = None
        if counts:
            # A late check-in still keeps the key result alive: it earns half the credit.
            share = round((counts[0] + 0.5 * counts[1]) / sum(counts), 4)
        return _Numbers(stale, updated, counts, share, self.final_score(kr))

    def verdict(self, kr: KeyResult) -> tuple[Wording, str]:
        """How the key result is worded, and who decided its kind: the model, the word rules, or a
        person (--kinds), whose verdict wins and carries no certainty."""
        wording = self.language.judge(kr.text, kr.target_value is not None)
        by_hand = self.kinds.kind_for(kr) if self.kinds is not None else None
        if by_hand:
            return wording._replace(kind=by_hand, certainty=None), "hand"
        return wording, "rules" if wording.certainty is None else "model"

    def check(self, kr: KeyResult, wording: Wording, kind_by: str, numbers: _Numbers,
              serves: str | None) -> KeyResultCheck:
        """`serves`: the outcome beside it that an activity is the work behind (served_outcomes)."""
        has_target = kr.target_value is not None
        prompt, rewrite = self.language.coaching(kr.text, wording, serves)
        baseline = (kr.start_value is not None and has_target) or wording.from_to
        issues = []
        if wording.kind == "activity":
            issues.append("describes an activity, not an outcome")
        if not wording.measurable:
            issues.append("has no measure or threshold")
        elif not baseline and not wording.health_metric:
            issues.append("states no baseline and target")
        if wording.binary:
            issues.append("is done or not done (yes/no)")
        if wording.health_metric:
            issues.append("keeps a level: a health metric (KPI), not a goal to stretch")
        stale, updated, counts, share, score = numbers
        if stale:
            issues.append("went silent before the end of the cycle")
        if self.shows_owners and not kr.owner:
            issues.append("has no owner")
        return KeyResultCheck(
            id=kr.id, objective_id=kr.objective_id, text=kr.text, kind=wording.kind, kind_certainty=wording.certainty,
            objective=self.objectives[kr.objective_id].title, team=self.objectives[kr.objective_id].team,
            kind_by=kind_by,
            measurable=wording.measurable, has_baseline_and_target=baseline, binary=wording.binary,
            health_metric=wording.health_metric,
            owner=kr.owner, checkins=len(kr.checkins),
            on_time=counts[0] if counts else None, late=counts[1] if counts else None,
            missed=counts[2] if counts else None, on_time_share=share,
            stale=stale, confidence_updated=updated, score=score, zone=self.zone(score),
            issues=issues, coaching_prompt=prompt, rewrite=rewrite)

    def final_score(self, kr: KeyResult) -> float | None:
        if kr.score is not None:
            return kr.score
        start, target, current = kr.start_value, kr.target_value, kr.current_value
        if start is not None and target is not None and current is not None and target != start:
            progress = (current - start) / (target - start)
            return round(max(0.0, min(progress, 1.0)), 2)
        return None

    def last_seen(self, kr: KeyResult) -> dt.date | None:
        # Check-ins are sorted by date on import, so the last one is the latest.
        latest = kr.checkins[-1].date if kr.checkins else None
        if kr.last_updated and (latest is None or kr.last_updated > latest):
            return kr.last_updated
        return latest

    def is_stale(self, kr: KeyResult) -> bool:
        if (kr.status or "").strip().lower() in self.done_words:
            return False  # people rightly stop updating a key result once it is achieved
        seen = self.last_seen(kr)
        if seen is None or self.end is None:
            return seen is None
        return (self.end - seen).days > self.limits.stale_days

    def discipline(self, kr: KeyResult) -> tuple[int, int, int] | None:
        """Cadence windows with a check-in on time, late (within the grace days after) and missed."""
        if not self.cycle.start or not self.end or self.end <= self.cycle.start:
            return None
        windows = max(1, (self.end - self.cycle.start).days // self.cadence_days)
        on_time: set[int] = set()
        late: set[int] = set()
        # Check-ins fall on the same few dates across key results: each date's windows are worked out once.
        spans = self.windows_of_date
        for checkin in kr.checkins:
            span = spans.get(checkin.date)
            if span is None:
                span = spans[checkin.date] = self.windows_of(checkin.date, windows)
            on_time.update(span[0])
            late.update(span[1])
        late -= on_time
        return len(on_time), len(late), windows - len(on_time) - len(late)

    def windows_of(self, date: dt.date, windows: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The cadence window a check-in on `date` is on time for, and those it is late for."""
        assert self.cycle.start is not None  # discipline() asks only when the cycle has a start
        cadence, grace = self.cadence_days, self.limits.late_grace_days
        day = date.toordinal() - self.cycle.start.toordinal()
        on_time: tuple[int, ...] = (day // cadence,) if day >= 0 else ()
        late: tuple[int, ...]
        # A window is late when it has no check-in of its own but one follows within the grace days.
        if grace <= cadence:
            late = (day // cadence - 1,) if day >= cadence and day % cadence < grace else ()
        else:
            late = tuple(window - 1 for window in range(max(1, (day - grace) // cadence + 1), day // cadence + 1))
        return tuple(w for w in on_time if w < windows), tuple(w for w in late if w < windows)

    def zone(self, score: float | None) -> str | None:
        if score is None:
            return None
        if score >= 1.0:
            return "stretch"
        if score >= self.limits.score_target:
            return "target"
        return "commit" if score >= self.limits.score_commit else "fail"

    # ------------------------------------------------------------ areas

    def goal_quality(self, checks: list[KeyResultCheck]) -> None:
        total = len(checks)
        activity = [c for c in checks if c.kind == "activity"]
        unmeasurable = [c for c in checks if not c.measurable]
        # A health metric keeps a level: it has a threshold, and needs no baseline to move from.
        no_baseline = [c for c in checks if c.measurable and not c.has_baseline_and_target and not c.health_metric]
        binary = [c for c in checks if c.binary]
        kept_levels = [c for c in checks if c.health_metric]
        self.signal("review.activity_share", _share(len(activity), total),
                    (Evidence(source="okrs", ref=f"KR {c.id}", text=c.text) for c in activity))
        # One finding may cite both, so each piece of evidence says which is missing.
        self.signal("review.measurable_share", _share(total - len(unmeasurable), total),
                    (Evidence(source="okrs", ref=f"KR {c.id}", text=f"{c.text}: has no measure or threshold")
                     for c in unmeasurable))
        self.signal("review.baseline_target_share", _share(total - len(no_baseline) - len(unmeasurable), total),
                    (Evidence(source="okrs", ref=f"KR {c.id}", text=f"{c.text}: states no baseline and target")
                     for c in no_baseline))
        self.signal("review.health_metric_share", _share(len(kept_levels), total),
                    (Evidence(source="okrs", ref=f"KR {c.id}", text=f"{c.text}: keeps a level (a KPI)")
                     for c in kept_levels))
        self.signal("review.binary_share", _share(len(binary), total),
                    (Evidence(source="okrs", ref=f"KR {c.id}", text=c.text) for c in binary))
        low, high = self.limits.krs_per_objective
        odd = [o for o in self.cycle.objectives if not low <= len(o.key_results) <= high]
        self.signal("review.kr_count_outside_range_share", _share(len(odd), len(self.cycle.objectives)),
                    (Evidence(source="okrs", ref=f"Objective {o.id}",
                              text=f"{o.title} ({len(o.key_results)} key results; {low} to {high} is usual)")
                     for o in odd))

    def alignment(self) -> None:
        if not self.has("parent"):
            self.missing("review.alignment_coverage", "which objectives support which (no parent column)")
            self.missing("review.unsupported_company_objectives", "which objectives support which (no parent column)")
            return
        company = [o for o in self.cycle.objectives if self._is_company(o)]
        below = [o for o in self.cycle.objectives if not self._is_company(o)]
        orphans = [o for o in below if not o.parent]
        self.signal("review.alignment_coverage", _share(len(below) - len(orphans), len(below)),
                    (Evidence(source="okrs", ref=f"Objective {o.id}",
                              text=f"{o.title} ({o.team or 'no team'}) supports no higher objective")
                     for o in orphans))
        self.signal("review.company_objective_count", float(len(company)) if company else None,
                    (Evidence(source="okrs", ref=f"Objective {o.id}", text=f"company objective: {o.title}")
                     for o in company))
        supported = {o.parent for o in below}
        lonely = [o for o in company if o.id not in supported]
        self.signal("review.unsupported_company_objectives", float(len(lonely)) if company else None,
                    (Evidence(source="okrs", ref=f"Objective {o.id}", text=f"{o.title}: no team objective supports it")
                     for o in lonely))

    def company_count(self) -> int:
        return sum(1 for o in self.cycle.objectives if self._is_company(o))

    def _is_company(self, objective: Objective) -> bool:
        if objective.level:
            return objective.level == "company"
        return not objective.parent and objective.id in self.parents_named

    def accountability(self, checks: list[KeyResultCheck]) -> None:
        """`checks`: one per key result, in the order of self.krs."""
        if self.has("owner"):
            unowned = [kr for kr in self.krs if not kr.owner]
            self.signal("review.owner_coverage", _share(len(self.krs) - len(unowned), len(self.krs)),
                        (Evidence(source="okrs", ref=_kr_ref(kr), text=f"{kr.text}: no owner") for kr in unowned))
            load = Counter(kr.owner for kr in self.krs if kr.owner)
            busiest = [(owner, n) for owner, n in load.most_common() if n > self.limits.owner_overload]
            self.signal("review.max_krs_per_owner", float(max(load.values(), default=0)),
                        (Evidence(source="okrs", ref=owner, text=f"owns {n} key results") for owner, n in busiest))
        else:
            self.missing("review.owner_coverage", "who owns each key result (no owner column)")
            self.missing("review.max_krs_per_owner", "who owns each key result (no owner column)")
        if not (self.has("checkins") or self.has("last_updated")):
            for name in ("review.checkin_on_time_share", "review.stale_share"):
                self.missing(name, "check-ins during the cycle (no check-ins file or last-updated column)")
            return
        timed = sorted(((c.on_time_share, c) for c in checks if c.on_time_share is not None), key=lambda pair: pair[0])
        shares = [share for share, _ in timed]
        # fmean sums exactly, so the order the shares come in does not change the mean.
        self.signal("review.checkin_on_time_share", round(fmean(shares), 4) if shares else None,
                    (Evidence(source="checkins", ref=f"KR {c.id}",
                              text=f"{c.text}: {c.checkins} check-ins, {share:.0%} of weeks on time")
                     for share, c in timed if share < 0.5),
                    note="" if shares else "not shown by this export")
        stale = [kr for kr, check in zip(self.krs, checks) if check.stale]
        self.signal("review.stale_share", _share(len(stale), len(self.krs)),
                    (Evidence(source="checkins", ref=_kr_ref(kr),
                              text=f"{kr.text}: last update {self.last_seen(kr) or 'never'}") for kr in stale))

    def confidence(self, checks: list[KeyResultCheck]) -> None:
        """`checks`: one per key result, in the order of self.krs."""
        # numbers() judged confidence_updated for exactly the key results with three confidences or more.
        with_confidence = [(kr, c) for kr, c in zip(self.krs, checks) if c.confidence_updated is not None]
        if with_confidence:
            frozen = [kr for kr, c in with_confidence if c.confidence_updated is False]
            self.signal("review.confidence_updated_share",
                        _share(len(with_confidence) - len(frozen), len(with_confidence)),
                        (Evidence(source="checkins", ref=_kr_ref(kr),
                                  text=f"{kr.text}: confidence stayed at {kr.checkins[-1].confidence:.0%} "
                                       f"across {len(kr.checkins)} check-ins") for kr in frozen))
        else:
            self.missing("review.confidence_updated_share", "confidence in check-ins")
        # A health metric is meant to end at 100%: it says nothing about how safe the goals were.
        scored = [(kr, c.score) for kr, c in zip(self.krs, checks) if c.score is not None and not c.health_metric]
        if with_confidence and scored and self.end:
            late = self.end - dt.timedelta(days=self.limits.late_window_days)
            surprised = []
            for kr, check in with_confidence:
                score = check.score
                # Only key results still checked in late count: one that fell silent is stale instead.
                if score is None or score >= self.limits.confidence_low or kr.checkins[-1].date < late:
                    continue
                early = [c.confidence for c in kr.checkins if c.date < late and c.confidence is not None]
                if early and min(early) >= self.limits.confidence_high:
                    surprised.append((kr, score))
            self.signal("review.green_then_missed_share", _share(len(surprised), len(with_confidence)),
                        (Evidence(source="checkins", ref=_kr_ref(kr),
                                  text=f"{kr.text}: confident until the last weeks, scored {score:.0%}")
                         for kr, score in surprised))
        else:
            self.missing("review.green_then_missed_share", "confidence in check-ins and end-of-cycle scores")
        flat = [kr for kr in self.krs if kr.start_value is not None and kr.current_value == kr.start_value
                and (kr.status or "").strip().lower() in self.on_track_words]
        if self.has("status") and self.has("current_value"):
            self.signal("review.flat_but_on_track_count", float(len(flat)),
                        (Evidence(source="okrs", ref=_kr_ref(kr),
                                  text=f"{kr.text}: marked on track but still at its starting value "
                                       f"{kr.start_value:g}") for kr in flat))
        else:
            self.missing("review.flat_but_on_track_count", "status against the metric's movement")
        if scored:
            scores = [score for _, score in scored]
            perfect = [kr for kr, score in scored if score >= 1.0]
            self.signal("review.score_mean", round(fmean(scores), 4))
            self.signal("review.score_perfect_share", _share(len(perfect), len(scored)),
                        (Evidence(source="okrs", ref=_kr_ref(kr), text=f"{kr.text}: scored 100%") for kr in perfect))
            zones = Counter(c.zone for c in checks if c.score is not None and not c.health_metric)
            for zone in ("fail", "commit", "target", "stretch"):
                self.signal(f"review.score_{zone}_share", _share(zones[zone], len(scored)))
        else:
            for name in ("score_mean", "score_perfect_share", "score_fail_share", "score_commit_share",
                         "score_target_share", "score_stretch_share"):
                self.missing(f"review.{name}", "end-of-cycle scores")

    def links(self) -> None:
        count, evidence = opposing_metrics(self.cycle, self.language)
        self.signal("review.opposing_metric_pairs", float(count), evidence)
        if self.has("team"):
            count, evidence = dependencies(self.cycle, self.limits.dependency_phrases)
            self.signal("review.dependency_count", float(count), evidence)
        else:
            self.missing("review.dependency_count", "which team owns which objective (no team column)")
        if self.previous is not None:
            count, evidence = carry_over(self.cycle, self.previous)
            self.signal("review.carry_over_share", _share(count, len(self.krs)), evidence)
        else:
            self.missing("review.carry_over_share", "work carried over from the previous cycle (no --previous export)")
        tasks, metrics = objective_shapes(self.cycle.objectives, self.language)
        total = len(self.cycle.objectives)
        self.signal("review.task_objective_share", _share(len(tasks), total),
                    (Evidence(source="okrs", ref=f"Objective {o.id}", text=f"{o.title}: written as a task")
                     for o in tasks))
        self.signal("review.metric_objective_share", _share(len(metrics), total),
                    (Evidence(source="okrs", ref=f"Objective {o.id}", text=f"{o.title}: written as a metric")
                     for o in metrics))
        if self.has("team"):
            per_team = Counter(o.team for o in self.cycle.objectives if o.team and not self._is_company(o))
            high = self.limits.objectives_per_team[1]
            crowded = [(team, n) for team, n in per_team.items() if n > high]
            self.signal("review.crowded_team_count", float(len(crowded)),
                        (Evidence(source="okrs", ref=team, text=f"{n} objectives in one cycle (more than {high})")
                         for team, n in crowded))
        else:
            self.missing("review.crowded_team_count", "which team owns which objective (no team column)")
