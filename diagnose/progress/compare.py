"""Did the training work? Compare two diagnoses of the same organisation, a cycle or more apart.

Training proves itself only through changed behaviour and results, so the reading is honest:
small or different samples are said plainly, and better wording with no change in rhythm or
results is called out rather than counted as success.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from statistics import mean
from typing import Literal

from pydantic import ValidationError

from diagnose.core.errors import InputError, Problem
from diagnose.core.models import DIAGNOSIS_SCHEMA_VERSION, Diagnosis, Model
from diagnose.core.vocabulary import AREA_TITLES, AREAS

SCHEMA_VERSION = 1  # progress.json's layout
MOVED = 5.0          # points: an area change smaller than this is within the noise of a re-run
STEADY = 1.0         # an indicator that moved less than this (points or %) has not changed
SMALL_SAMPLE = 5     # respondents: fewer than this and survey changes are anecdote
WORDING_GAIN = 10.0  # points of outcome-shaped key results that count as "writing better"


class AreaChange(Model):
    area: str
    before: float | None
    after: float | None
    change: float | None


class IndicatorChange(Model):
    id: str
    title: str
    layer: str
    unit: str
    target: float
    lower_is_better: bool
    before: float | None
    after: float | None
    change: float | None
    improved: bool | None
    target_met: bool | None
    reading: str


class FindingChange(Model):
    id: str
    title: str
    area: str
    status: Literal["resolved", "persisting", "new"]
    severity_before: str | None
    severity_after: str | None


class ModuleEffect(Model):
    module: str
    title: str
    areas: list[str]
    change: float | None
    verdict: Literal["moved", "partly moved", "did not move", "not measured"]


class NextStep(Model):
    module: str
    title: str
    action: Literal["repeat", "drop", "add"]
    because: str


class Progress(Model):
    schema_version: int = SCHEMA_VERSION
    organisation: str
    before_date: dt.date
    after_date: dt.date
    before_cycle: str | None = None
    after_cycle: str | None = None
    headline: str
    areas: list[AreaChange]
    indicators: list[IndicatorChange]
    findings: list[FindingChange]
    modules: list[ModuleEffect]
    next_cycle: list[NextStep]
    caveats: list[str]
    wording_only: bool


def load_diagnosis(path: Path, label: str) -> Diagnosis:
    path = Path(path)
    if path.is_dir():
        path = path / "diagnosis.json"
    def not_a_number(name: str) -> object:
        raise ValueError(f"{name} is no number a diagnosis holds")

    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=not_a_number)
    except FileNotFoundError:
        raise InputError(Problem(str(path), "file not found",
                                 hint=f"{label} is a diagnosis.json written by `okr-diagnose report`, or its folder")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(Problem(str(path), "not a diagnosis.json: not valid JSON", line=line,
                                 hint="give the diagnosis.json that `okr-diagnose report` wrote")) from None
    except (ValueError, RecursionError) as exc:  # NaN or Infinity, or nested beyond reason
        raise InputError(Problem(str(path), f"not a diagnosis.json: {exc}",
                                 hint="give the diagnosis.json that `okr-diagnose report` wrote")) from None
    if not isinstance(data, dict) or "schema_version" not in data or "areas" not in data:
        raise InputError(Problem(str(path), "not a diagnosis.json: it has no schema_version and areas",
                                 hint="give the diagnosis.json that `okr-diagnose report` wrote"))
    missing = [area for area in AREAS if not isinstance(data["areas"], dict) or area not in data["areas"]]
    if missing:
        raise InputError(Problem(str(path), f"not a complete diagnosis.json: areas has no {', '.join(missing)}",
                                 hint="it may have been edited by hand; write it again with `okr-diagnose report`"))
    if data["schema_version"] != DIAGNOSIS_SCHEMA_VERSION:
        raise InputError(Problem(str(path), f"written with schema version {data['schema_version']}, and this "
                                 f"okr-diagnose reads version {DIAGNOSIS_SCHEMA_VERSION}",
                                 hint="run `okr-diagnose report` again on that cycle's inputs to rewrite it"))
    try:
        return Diagnosis.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(Problem(str(path), f"not a complete diagnosis.json: {where}: {first['msg']} "
                                 f"({len(exc.errors())} problems in all)",
                                 hint="it may have been edited by hand; write it again with `okr-diagnose report`")) from None


def compare(before: Diagnosis, after: Diagnosis, before_path: str = "BEFORE", after_path: str = "AFTER") -> Progress:
    if before.organisation.strip().lower() != after.organisation.strip().lower():
        raise InputError(Problem(after_path, f"is a diagnosis of {after.organisation!r}, but {before_path} is of "
                                 f"{before.organisation!r}", hint="compare two diagnoses of the same organisation"))
    if _when(after) < _when(before):
        raise InputError(Problem(after_path, f"is of {_describe(after)}, earlier than {before_path} "
                                 f"({_describe(before)})", hint="give the earlier diagnosis first"))
    areas = [_area_change(area, before, after) for area in AREAS]
    indicators = _indicators(before, after)
    findings = _findings(before, after)
    modules = _module_effects(before, {a.area: a for a in areas})
    wording_only = _wording_only(indicators)
    caveats = _caveats(before, after, wording_only)
    return Progress(organisation=after.organisation, before_date=before.generated_on, after_date=after.generated_on,
                    before_cycle=before.cycle, after_cycle=after.cycle,
                    headline=_headline(areas, findings, wording_only), areas=areas, indicators=indicators,
                    findings=findings, modules=modules, next_cycle=_next_steps(before, after, findings),
                    caveats=caveats, wording_only=wording_only)


def _when(diagnosis: Diagnosis) -> dt.date:
    """A diagnosis is as old as the cycle it read; without one, as old as the day it was made."""
    return diagnosis.cycle_end or diagnosis.generated_on


def _describe(diagnosis: Diagnosis) -> str:
    return f"cycle {diagnosis.cycle}" if diagnosis.cycle else f"{diagnosis.generated_on}"


def _area_change(area: str, before: Diagnosis, after: Diagnosis) -> AreaChange:
    old, new = before.areas[area].score, after.areas[area].score
    return AreaChange(area=area, before=old, after=new,
                      change=round(new - old, 1) if old is not None and new is not None else None)


def _indicators(before: Diagnosis, after: Diagnosis) -> list[IndicatorChange]:
    now = {i.id: i for i in after.measurement}
    changes = []
    for plan in before.measurement:
        later = now.get(plan.id)
        old, new = plan.baseline, later.baseline if later else None
        change = round(new - old, 1) if old is not None and new is not None else None
        improved = None if change is None else (change < 0 if plan.lower_is_better else change > 0)
        met = None if new is None else (new <= plan.target if plan.lower_is_better else new >= plan.target)
        if change is not None and abs(change) < STEADY:
            improved = None
        changes.append(IndicatorChange(id=plan.id, title=plan.title, layer=plan.layer, unit=plan.unit,
                                       target=plan.target, lower_is_better=plan.lower_is_better, before=old,
                                       after=new, change=change, improved=improved, target_met=met,
                                       reading=_reading(change, improved, met)))
    return changes


def _reading(change: float | None, improved: bool | None, met: bool | None) -> str:
    if change is None:
        return "not measured both times"
    if met:
        return "target met"
    if improved is None:
        return "unchanged"
    return "better, target not yet met" if improved else "worse"


def _findings(before: Diagnosis, after: Diagnosis) -> list[FindingChange]:
    old = {f.id: f for f in before.findings}
    new = {f.id: f for f in after.findings}
    changes = []
    for ident in list(old) + [i for i in new if i not in old]:
        finding = new.get(ident) or old[ident]
        status = "persisting" if ident in old and ident in new else ("resolved" if ident in old else "new")
        changes.append(FindingChange(id=ident, title=finding.title, area=finding.area, status=status,
                                     severity_before=old[ident].severity if ident in old else None,
                                     severity_after=new[ident].severity if ident in new else None))
    order = {"resolved": 0, "persisting": 1, "new": 2}
    return sorted(changes, key=lambda c: (order[c.status], AREAS.index(c.area)))


def _module_effects(before: Diagnosis, areas: dict[str, AreaChange]) -> list[ModuleEffect]:
    effects = []
    for rec in before.recommendations:
        if rec.session is None or not rec.areas:
            continue
        moves = [move for move in (areas[a].change for a in rec.areas) if move is not None]
        change = round(mean(moves), 1) if moves else None
        moved = sum(move >= MOVED for move in moves)
        # A module for two areas worked only where both moved; one moving is worth saying apart.
        verdict = ("not measured" if not moves else "moved" if moved == len(moves)
                   else "partly moved" if moved else "did not move")
        effects.append(ModuleEffect(module=rec.module, title=rec.title, areas=list(rec.areas), change=change,
                                    verdict=verdict))
    return effects


def _wording_only(indicators: list[IndicatorChange]) -> bool:
    """Key results read better, but check-ins and results did not change: writing, not running."""
    by_id = {i.id: i for i in indicators}
    wording = by_id.get("outcome-share")
    if not wording or wording.change is None or wording.change < WORDING_GAIN:
        return False
    shown = [by_id[i] for i in ("checkin-discipline", "stale-share", "late-surprises", "score-average") if i in by_id]
    behaviour = [(i.improved, i.change) for i in shown if i.change is not None]
    return bool(behaviour) and not any(improved and abs(change) >= MOVED for improved, change in behaviour)


def _caveats(before: Diagnosis, after: Diagnosis, wording_only: bool) -> list[str]:
    caveats = []
    said_before, said_after = sum(before.respondents.values()), sum(after.respondents.values())
    if said_before and said_after and min(said_before, said_after) < SMALL_SAMPLE:
        caveats.append(f"Only {said_before} and {said_after} people answered the surveys: survey changes are "
                       "indications, not measurements.")
    if said_before and said_after and before.respondents != after.respondents:
        def mix(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {role.replace('_', ' ')}" for role, n in sorted(counts.items()))
        caveats.append(f"Different people answered: before {mix(before.respondents)}; after "
                       f"{mix(after.respondents)}. Part of any survey change may be who answered.")
    if bool(said_before) != bool(said_after):
        caveats.append("Only one of the two diagnoses has survey answers, so survey-based scores are not compared "
                       "like for like.")
    if bool(before.key_results) != bool(after.key_results):
        caveats.append("Only one of the two diagnoses has a last-cycle export, so last-cycle measures cannot be "
                       "compared.")
    if wording_only:
        caveats.append("Key results are written better, but check-ins, confidence and results have not changed: "
                       "this is an improvement in wording, not yet in how the quarter is run.")
    return caveats


def _next_steps(before: Diagnosis, after: Diagnosis, findings: list[FindingChange]) -> list[NextStep]:
    status = {f.id: f.status for f in findings}
    titles = {f.id: f.title for f in findings}
    steps, seen = [], set()
    for rec in before.recommendations:
        if not rec.because:
            continue
        persisting = [f for f in rec.because if status.get(f) == "persisting"]
        if persisting:
            steps.append(NextStep(module=rec.module, title=rec.title, action="repeat",
                                  because="still needed: " + "; ".join(_lower_first(titles[f]) for f in persisting)))
        else:
            steps.append(NextStep(module=rec.module, title=rec.title, action="drop",
                                  because="what it addressed is resolved: " + "; ".join(
                                      _lower_first(titles[f]) for f in rec.because if f in titles)))
        seen.add(rec.module)
    for rec in after.recommendations:
        if rec.module not in seen and rec.because:
            steps.append(NextStep(module=rec.module, title=rec.title, action="add",
                                  because="a new need: " + "; ".join(_lower_first(titles.get(f, f)) for f in rec.because)))
    order = {"repeat": 0, "add": 1, "drop": 2}
    return sorted(steps, key=lambda s: order[s.action])


def _headline(areas: list[AreaChange], findings: list[FindingChange], wording_only: bool) -> str:
    up = [AREA_TITLES[a.area].lower() for a in areas if a.change is not None and a.change >= MOVED]
    down = [AREA_TITLES[a.area].lower() for a in areas if a.change is not None and a.change <= -MOVED]
    flat = [AREA_TITLES[a.area].lower() for a in areas if a.change is not None and abs(a.change) < MOVED]
    resolved = sum(f.status == "resolved" for f in findings)
    persisting = sum(f.status == "persisting" for f in findings)
    parts = []
    if up:
        parts.append("improved in " + _join(up))
    if flat:
        parts.append("no real change in " + _join(flat))
    if down:
        parts.append("worse in " + _join(down))
    text = ("Since the last diagnosis: " + "; ".join(parts) + ". " if parts else "") + \
        f"{resolved} findings resolved, {persisting} persisting."
    if wording_only:
        text += " The gains are in how key results are written more than in how the quarter is run."
    return text


def _lower_first(title: str) -> str:
    """"Leaders and ... see OKRs" reads "leaders and ... see OKRs" mid-sentence, acronyms kept."""
    return title[:1].lower() + title[1:]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
