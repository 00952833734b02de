"""From findings to a programme: which modules, in what order, and the measures that will show
whether it worked (plan/sessions.py packs the modules into sessions; plan/rollout.py puts the
calendar around them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from diagnose.content.library import Library, Module
from diagnose.content.rulebook import RuleBook
from diagnose.content.settings import Measure, PlanSettings
from diagnose.core.models import Finding, Indicator, Profile, Recommendation, Signal
from diagnose.core.vocabulary import SEVERITY_RANK, TEAM_TYPES

# Modules in these formats run alongside the rollout rather than as workshop sessions.
ROLLOUT_FORMATS = {"coaching", "programme", "review"}


def fits(module: Module, profile: Profile) -> bool:
    """The module suits this organisation: its team types (any, when none are known), its
    maturity, and the programme's scope (the whole organisation, its managers or its leaders)."""
    teams_fit = not profile.team_types or bool(set(module.team_types) & set(profile.team_types))
    return teams_fit and profile.resolved_maturity() in module.maturity and in_scope(module, profile.scope)


def in_scope(module: Module, scope: str) -> bool:
    if scope == "everyone" or "everyone" in module.audience:
        return True
    wanted = "managers" if scope == "managers" else "executives"
    return wanted in module.audience and "teams" not in module.audience


def for_some_teams(module: Module) -> bool:
    return set(module.team_types) != set(TEAM_TYPES)


def recommend(findings: list[Finding], book: RuleBook, library: Library, profile: Profile,
              settings: PlanSettings) -> tuple[list[Recommendation], list[str]]:
    """One module per training finding, as a coach selects: a rule lists the modules that answer
    it, best first; the first that suits this organisation is taken, unless one of them, or a
    module answering the same need, is already in the programme. With prerequisites, in the
    order they are taught.

    Priority (lower first) follows the finding's severity and the module's place in its rule's
    list; a module that answers a high finding, or is a team type's role module, is essential
    and kept when sessions run short.
    """
    rules = {rule.id: rule for rule in book.rules}
    chosen: dict[str, Recommendation] = {}
    by_need: dict[str, str] = {}
    skipped: list[str] = []
    training = sorted((f for f in findings if f.training_need), key=lambda f: SEVERITY_RANK[f.severity])

    def add(module_id: str, because: list[str], reason: str, priority: int, essential: bool = False) -> None:
        module = library[module_id]
        after = []
        for needed in module.prerequisites:
            need = library[needed].need
            if needed not in chosen and need in by_need:
                after.append(by_need[need])  # an equivalent module already prepares for it
            elif fits(library[needed], profile):
                # An organisation past a prerequisite's maturity (fundamentals, a few cycles in) skips it.
                add(needed, [], f"prepares for {module.title}", priority, essential)
                after.append(needed)
        if module_id in chosen:
            rec = chosen[module_id]
            rec.because.extend(f for f in because if f not in rec.because)
            rec.priority = min(rec.priority, priority)
            rec.essential = rec.essential or essential
            if because and rec.reason.startswith("prepares for"):
                rec.reason = reason
            return
        chosen[module_id] = Recommendation(
            module=module_id, title=module.title, areas=list(module.areas), because=list(because), reason=reason,
            priority=priority, essential=essential, after=after,
            teams=[t for t in module.team_types if t in profile.team_types] if for_some_teams(module) else [])
        if module.need:
            by_need.setdefault(module.need, module_id)

    for module_id in library.on_track("core"):
        if fits(library[module_id], profile):
            add(module_id, [], "the common core: everyone needs the same language before role-specific work", 0)
    for order, finding in enumerate(training):
        listed = rules[finding.id].modules
        options = [m for m in listed if fits(library[m], profile)]
        if profile.scope == "managers":  # the second seed's manager sequence, where a rule offers it
            options.sort(key=lambda m: library[m].kind != "manager")
        if not options:
            if listed:
                skipped.append(f"No module for “{finding.title}” suits this organisation: "
                               + "; ".join(_why_not(library[m], profile) for m in listed))
            continue
        if rules[finding.id].take == "all":
            taken = [_answering(m, chosen, by_need, library) for m in options]
        else:
            taken = [next((m for m in options if m in chosen), None) or
                     next((by_need[need] for m in options if (need := library[m].need) and need in by_need),
                          options[0])]
        for module_id in dict.fromkeys(taken):
            position = listed.index(module_id) if module_id in listed else 0
            priority = 100 * (1 + SEVERITY_RANK[finding.severity]) + 10 * position + order
            essential = finding.severity == "high" or for_some_teams(library[module_id])
            add(module_id, [finding.id], f"addresses: {finding.title[0].lower()}{finding.title[1:]}", priority,
                essential)
    if training:
        for module_id in library.on_track("follow_up"):
            if fits(library[module_id], profile):
                add(module_id, [f.id for f in training[:3]],
                    "embeds the training in the first month and the quarterly reset", 50)
        areas = {f.area for f in training}
        if len(areas) >= settings.champions_from_areas and profile.scope == "everyone":
            for module_id in library.on_track("champions"):
                add(module_id, [f.id for f in training if f.severity == "high"],
                    f"needs in {len(areas)} areas: champions keep quality and cadence up across teams", 60)
    leaders_first = {f.id for f in training if f.area in settings.leaders_first_areas}
    kind_order: dict[str, int] = {kind: rank for rank, kind in enumerate(settings.kind_order)}
    return _in_teaching_order(list(chosen.values()), library, kind_order, leaders_first), sorted(set(skipped))


def _answering(module_id: str, chosen: Mapping[str, Recommendation], by_need: Mapping[str, str],
               library: Library) -> str:
    """The module itself, or the one already chosen that answers the same need."""
    need = library[module_id].need
    return by_need[need] if need is not None and need in by_need and module_id not in chosen else module_id


def _why_not(module: Module, profile: Profile) -> str:
    if not in_scope(module, profile.scope):
        return f"{module.title} is for {_listed(module.audience)}, outside a programme for {profile.scope}"
    return (f"{module.title} is written for {_listed(module.team_types)} teams "
            f"({_listed(module.maturity, 'or')} organisations)")


def with_teams(audience: Iterable[str]) -> bool:
    """A session or module that teams attend (directly, or as part of everyone)."""
    return bool({"teams", "everyone"} & set(audience))


def is_for_leaders(module: Module) -> bool:
    return "executives" in module.audience and not with_teams(module.audience)


def _in_teaching_order(recommendations: list[Recommendation], library: Library, kind_order: Mapping[str, int],
                       leaders_first: set[str]) -> list[Recommendation]:
    """Prerequisites first; then by kind (settings' kind_order) and priority, except that the
    leaders' own modules answering the `leaders_first` findings come ahead of everything."""
    by_id = {r.module: r for r in recommendations}
    ordered: list[Recommendation] = []
    placed: set[str] = set()

    def place(module_id: str) -> None:
        if module_id in placed:
            return
        placed.add(module_id)
        for needed in by_id[module_id].after:
            place(needed)
        ordered.append(by_id[module_id])

    def rank(rec: Recommendation) -> tuple[bool, int, int]:
        module = library[rec.module]
        return (not (is_for_leaders(module) and bool(leaders_first & set(rec.because))), kind_order[module.kind],
                rec.priority)

    for rec in sorted(recommendations, key=rank):
        place(rec.module)
    return ordered


def measurement(measures: list[Measure], signals: dict[str, Signal], cycle_end: dt.date) -> list[Indicator]:
    """Each indicator with its baseline from this diagnosis; shares (0-1) shown as percentages."""
    indicators = []
    for measure in measures:
        signal = signals.get(measure.signal) if measure.signal else None
        raw = signal.value if signal is not None and isinstance(signal.value, (int, float)) else None
        baseline = None
        if raw is not None:
            baseline = raw * 100 if measure.unit == "%" else raw
            if measure.inverse:
                baseline = 100 - baseline
            baseline = round(baseline, 1)
        # A target is never worse than where the organisation already is: one already met is held.
        met = baseline is not None and (baseline <= measure.target if measure.lower_is_better
                                        else baseline >= measure.target)
        target = measure.target
        if baseline is not None and met:
            target = baseline
        elif baseline is not None and measure.step is not None:  # one cycle's reach from where it is
            target = max(target, round(baseline - measure.step, 1)) if measure.lower_is_better \
                else min(target, round(baseline + measure.step, 1))
        indicators.append(Indicator(id=measure.id, layer=measure.layer, kirkpatrick=measure.kirkpatrick,
                                    kind=measure.kind, title=measure.title, baseline=baseline,
                                    target=target,
                                    unit=measure.unit, reassess_on=cycle_end,
                                    lower_is_better=measure.lower_is_better,
                                    when=measure.when or "end of the next cycle", already_met=met))
    return indicators


_PLAIN = {"shared_services": "shared services", "first_cycle": "first-cycle", "developing": "developing",
          "experienced": "experienced"}


def _listed(names: Sequence[str], joiner: str = "and") -> str:
    """Vocabulary ids in the client's words: "product, operations and shared services"."""
    words = [_PLAIN.get(name, name.replace("_", " ")) for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {joiner} " + words[-1]
