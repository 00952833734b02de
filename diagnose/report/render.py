"""The diagnosis, its two-page summary for the sponsor and the progress report as HTML, from one
set of templates (report/pdf.py makes the PDFs from it).

User text (answers, OKR titles, comments) reaches the page only through Jinja's autoescape.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from diagnose.content.library import Library
from diagnose.content.placeholders import fill, words_for
from diagnose.core.models import LOGO_TYPES, CalendarEvent, Diagnosis, Finding, KeyResultCheck, top_findings
from diagnose.core.resources import content_dir
from diagnose.core.values import signed
from diagnose.core.vocabulary import AREA_TITLES, AREAS, ROLE_TITLES
from diagnose.plan.programme import ROLLOUT_FORMATS
from diagnose.plan.summary import distinct_behaviours
from diagnose.report import charts
from diagnose.review.wording import BORDERLINE_CERTAINTY, is_close_call

CLINIC_SIZE = 8
QUIZ_SIZE = 8
EVIDENCE_SHOWN = 4


def _long_date(value: dt.date, locale: str = "en-GB") -> str:
    return f"{value:%B} {value.day}, {value.year}" if locale == "en-US" else f"{value.day} {value:%B %Y}"


def _short_date(value: dt.date, locale: str = "en-GB") -> str:
    return f"{value:%b} {value.day}, {value.year}" if locale == "en-US" else f"{value.day} {value:%b %Y}"


def _outcome_phrase(outcome: str) -> str:
    """"Participants can name the three priorities." reads "name the three priorities" in a table."""
    for lead in ("participants can ", "managers can ", "leaders can ", "teams can ", "champions can ",
                 "each participant can "):
        if outcome.lower().startswith(lead):
            return outcome[len(lead):].rstrip(".")
    return outcome.rstrip(".")


def _minutes(value: int) -> str:
    hours, minutes = divmod(int(value), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" + (f" {minutes:02d} min" if minutes else "")


def _score(value) -> str:
    return "not shown" if value is None else f"{value:.0f}"


def environment(locale: str = "en-GB") -> jinja2.Environment:
    """The one Jinja environment of a locale: autoescape on, undefined names an error, our filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(content_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(long_date=lambda d: _long_date(d, locale), short_date=lambda d: _short_date(d, locale),
                       outcome_phrase=_outcome_phrase, minutes=_minutes, score=_score, signed=signed,
                       area_title=lambda a: AREA_TITLES.get(a, a), basename=lambda p: Path(p).name,
                       role_title=lambda r: ROLE_TITLES.get(r, r))
    return env


def clinic_key_results(checks: list[KeyResultCheck]) -> list[KeyResultCheck]:
    """The organisation's weakest key results: workshop material for the KR clinic and Red Team."""
    weak = [c for c in checks if c.coaching_prompt]
    # A close call makes poor workshop material.
    weak.sort(key=lambda c: (is_close_call(c.kind_certainty), -len(c.issues), c.kind != "activity", c.id))
    return weak[:CLINIC_SIZE]


def quiz_items(checks: list[KeyResultCheck]) -> list[KeyResultCheck]:
    """Half outcomes, half tasks, interleaved, all from this organisation's own key results,
    the clearest first: a quiz answer the facilitator is unsure of teaches nothing."""
    clearest_first = sorted(checks, key=lambda c: -(c.kind_certainty or 1.0))
    outcomes = [c for c in clearest_first if c.kind == "outcome" and c.measurable][: QUIZ_SIZE // 2]
    tasks = [c for c in clearest_first if c.kind == "activity"][: QUIZ_SIZE // 2]
    items = []
    for index in range(max(len(outcomes), len(tasks))):
        for group in ((tasks, outcomes) if index % 2 else (outcomes, tasks)):
            if index < len(group):
                items.append(group[index])
    return items


def _logo_uri(path: str | None) -> str | None:
    """The logo as a data: URI, so WeasyPrint never has to fetch a file for it."""
    if not path:
        return None
    kind = LOGO_TYPES.get(Path(path).suffix.lower())
    return f"data:{kind};base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii") if kind else None


def render_html(diagnosis: Diagnosis, library: Library) -> str:
    env = environment(diagnosis.profile.locale)
    accent = diagnosis.profile.accent_colour
    css = (content_dir("templates") / "report.css").read_text(encoding="utf-8")
    words = words_for(diagnosis.profile.checkin_cadence, diagnosis.profile.locale)
    modules = {module_id: fill(module, words) for module_id, module in library.modules.items()}
    return env.get_template("report.html.j2").render(
        d=diagnosis,
        top=top_findings(diagnosis, 6),
        css=css,
        accent=accent,
        logo=_logo_uri(diagnosis.profile.logo),
        charts={"radar": charts.radar(diagnosis, accent), "roles": charts.role_gaps(diagnosis, accent),
                "timeline": charts.timeline(diagnosis.rollout, accent)},
        areas=AREAS,
        modules=modules,
        clinic=clinic_key_results(diagnosis.key_results),
        quiz=quiz_items(diagnosis.key_results),
        verdicts_by_hand=sum(1 for check in diagnosis.key_results if check.kind_by == "hand"),
        borderline_certainty=BORDERLINE_CERTAINTY,
        evidence_shown=EVIDENCE_SHOWN,
        health_metrics=[check for check in diagnosis.key_results if check.health_metric],
        also_answers=_also_answers(diagnosis),
        findings_by_area={a: [f for f in diagnosis.training_findings if f.area == a] for a in AREAS},
        embedding=[r for r in diagnosis.recommendations if library[r.module].format in ROLLOUT_FORMATS],
        quiz_module=next((r.title for r in diagnosis.recommendations if "quiz" in library[r.module].live_material),
                         None),
        fired=[t for t in diagnosis.rule_trace if t.fired],
    )


def render_progress_html(progress, accent: str, prepared_by: str, locale: str = "en-GB") -> str:
    env = environment(locale)
    css = (content_dir("templates") / "report.css").read_text(encoding="utf-8")
    return env.get_template("progress.html.j2").render(p=progress, css=css, accent=accent, prepared_by=prepared_by,
                                                      locale=locale,
                                                      area_change={a.area: a.change for a in progress.areas},
                                                      chart=charts.before_after(progress.areas, accent))


def _also_answers(diagnosis: Diagnosis) -> dict[str, list[str]]:
    """By module, the titles of the findings it answers that its reason does not already name."""
    titles = {finding.id: finding.title for finding in diagnosis.findings}
    return {rec.module: [titles[fid] for fid in rec.because if fid in titles
                         and titles[fid].lower() not in rec.reason.lower()]
            for rec in diagnosis.recommendations}


# ---------------------------------------------------------------- the sponsor's summary

@dataclass(frozen=True)
class Room:
    """How much of each list the summary shows before "and N more in the full report"."""

    findings: int = 5  # at most; at least three, and the high ones first
    leadership: int = 3
    actions: int = 2  # each leadership problem's actions, one only when three problems are shown
    sessions: int = 8
    measures: int = 16


# Fullest first: summary.pdf is the first of these that keeps to two pages (report/outputs.py),
# so a large organisation loses detail, never the second page's end.
SUMMARY_ROOM = (Room(), Room(findings=4, leadership=2, actions=1, sessions=6, measures=12),
                Room(findings=3, leadership=1, actions=1, sessions=4, measures=8))
SUMMARY_PAGES = 2


@dataclass(frozen=True)
class Milestone:
    """One line of the summary's timeline: a workshop, or a step of the rollout around them."""

    start: dt.date
    title: str
    detail: str = ""
    end: dt.date | None = None
    kind: str = "step"  # workshop, decision or step: how the line is marked


def _quantity(value: float, unit: str) -> str:
    """A measure's value as a sponsor reads it: 63.4 % is "63%", 4.5 out of 5 stays "4.5 out of 5"."""
    if unit == "%":
        return f"{value:.0f}%"
    number = f"{value:.0f}" if abs(value) >= 10 or value == round(value) else f"{value:.1f}"
    return f"{number} {unit}"


def _evidence_line(finding: Finding, width: int = 135) -> str:
    """One example of a finding's evidence, and how many more there are, cut to two short lines."""
    if not finding.evidence:
        return finding.strength
    first = finding.evidence[0]
    example = first.text if first.source == "survey" else f"{first.ref}: {first.text}"
    more = f" (and {len(finding.evidence) - 1} more like it)" if len(finding.evidence) > 1 else ""
    room = width - len(more)
    if len(example) > room:
        example = example[:room].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return example + more


def _step(event: CalendarEvent) -> str:
    """"Week 1: finalise OKRs, confirm owners" is the step "finalise OKRs, confirm owners"."""
    return event.title.split(": ", 1)[-1].rstrip("?.")


def _rhythm(event: CalendarEvent) -> str:
    """"OKR check-in (weekly, 12 times)"; "Monthly OKR review (3 times)" says its frequency once."""
    name, rule = event.title.split(": ", 1)[0], event.rrule or {}
    every = f"every {rule['INTERVAL']} weeks" if rule.get("INTERVAL", 1) > 1 else str(rule.get("FREQ", "")).lower()
    times = f"{rule.get('COUNT', 1)} times"
    return f"{name} ({times})" if name.lower().startswith(every) else f"{name} ({every}, {times})"


def summary_timeline(diagnosis: Diagnosis, modules: dict, locale: str = "en-GB", shown: int = 8) -> list[Milestone]:
    """The sessions and the rollout around them on one timeline; the first month and the standing
    rhythm as one line each, since the sponsor needs their start, not every week."""
    lines = []
    for event in diagnosis.rollout:
        if event.phase in ("pre-work", "reset"):
            lines.append(Milestone(event.start, event.title))
        elif event.phase == "leadership":
            lines.append(Milestone(event.start, event.title, kind="decision"))
    for session in diagnosis.sessions[:shown]:
        rooms = " (in parallel rooms, one for each type of team)" if session.parallel else ""
        lines.append(Milestone(session.date, f"Workshop {session.number}: "
                               + "; ".join(modules[m].title for m in session.modules),
                               f"{_minutes(session.minutes)} · {', '.join(session.audience)}{rooms}", kind="workshop"))
    hidden = diagnosis.sessions[shown:]
    if hidden:
        lines.append(Milestone(hidden[0].date, f"and {len(hidden)} more workshops, the last on "
                               f"{_short_date(hidden[-1].date, locale)}, in the full report", end=hidden[-1].date,
                               kind="workshop"))
    first_month = sorted((e for e in diagnosis.rollout if e.phase == "first-month"), key=lambda e: e.start)
    if first_month:
        lines.append(Milestone(first_month[0].start, "The first month, coached week by week",
                               f"{len(first_month)} steps, from “{_step(first_month[0])}” to “{_step(first_month[-1])}”",
                               end=first_month[-1].start))
    cadence = sorted((e for e in diagnosis.rollout if e.phase == "cadence"), key=lambda e: e.start)
    if cadence:
        rhythm = "; ".join(_rhythm(e) for e in cadence)
        lines.append(Milestone(cadence[0].start, "The standing rhythm begins", rhythm))
    return sorted(lines, key=lambda line: line.start)


def summary_findings(diagnosis: Diagnosis, most: int = 5) -> list[Finding]:
    """The high findings, at least three and at most `most`: what the sponsor must know."""
    high = sum(1 for finding in diagnosis.findings if finding.severity == "high")
    return top_findings(diagnosis, min(most, max(3, high)))


def summary_versions(diagnosis: Diagnosis, library: Library) -> Iterator[str]:
    """summary.pdf's HTML in each room of SUMMARY_ROOM, fullest first, each made when asked for."""
    return (render_summary_html(diagnosis, library, room) for room in SUMMARY_ROOM)


def render_summary_html(diagnosis: Diagnosis, library: Library, room: Room = SUMMARY_ROOM[0]) -> str:
    """summary.pdf's HTML: two pages for the sponsor, branded as the report is."""
    env = environment(diagnosis.profile.locale)
    env.filters.update(quantity=_quantity, evidence_line=_evidence_line)
    templates = content_dir("templates")
    css = "\n".join((templates / name).read_text(encoding="utf-8") for name in ("report.css", "summary.css"))
    words = words_for(diagnosis.profile.checkin_cadence, diagnosis.profile.locale)
    modules = {module_id: fill(module, words) for module_id, module in library.modules.items()}
    # By finding, the workshop modules that answer it; one alongside or next cycle only when no workshop does.
    answered_by: dict[str, list[str]] = {}
    for rec in sorted(diagnosis.recommendations, key=lambda r: r.session is None):
        for finding_id in rec.because:
            named = answered_by.setdefault(finding_id, [])
            if rec.session or not named:
                named.append(f"{rec.title} (workshop {rec.session})" if rec.session else rec.title)
    for item in diagnosis.next_cycle:
        for finding_id in item.because:
            answered_by.setdefault(finding_id, [f"{item.title}, in the next cycle"])
    decision = next((e for e in diagnosis.rollout if e.phase == "leadership"), None)
    return env.get_template("summary.html.j2").render(
        d=diagnosis,
        css=css,
        accent=diagnosis.profile.accent_colour,
        logo=_logo_uri(diagnosis.profile.logo),
        areas=AREAS,
        top=summary_findings(diagnosis, room.findings),
        answered_by=answered_by,
        behaviours=[f.behaviour for f in distinct_behaviours(diagnosis.training_findings)],
        workshops=[r for r in diagnosis.recommendations if r.session],
        alongside=[r for r in diagnosis.recommendations if not r.session],
        leadership=diagnosis.leadership_actions[:room.leadership],
        actions_each=room.actions if len(diagnosis.leadership_actions[:room.leadership]) < 3 else 1,
        decision=decision,
        timeline=summary_timeline(diagnosis, modules, diagnosis.profile.locale, room.sessions),
        measures=diagnosis.measurement[:room.measures],
    )
