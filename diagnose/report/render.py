"""The diagnosis and the progress report as HTML, from one set of templates (report/pdf.py
makes the PDFs from it).

User text (answers, OKR titles, comments) reaches the page only through Jinja's autoescape.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import jinja2

from diagnose.content.library import Library
from diagnose.content.placeholders import fill, words_for
from diagnose.core.models import LOGO_TYPES, Diagnosis, KeyResultCheck, top_findings
from diagnose.core.resources import content_dir
from diagnose.core.values import signed
from diagnose.core.vocabulary import AREA_TITLES, AREAS, ROLE_TITLES
from diagnose.plan.programme import ROLLOUT_FORMATS
from diagnose.report import charts
from diagnose.review.wording import is_close_call

CLINIC_SIZE = 8
QUIZ_SIZE = 8
EVIDENCE_SHOWN = 4


def _long_date(value: dt.date, locale: str = "en-GB") -> str:
    return f"{value:%B} {value.day}, {value.year}" if locale == "en-US" else f"{value.day} {value:%B %Y}"


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
    env.filters.update(long_date=lambda d: _long_date(d, locale), outcome_phrase=_outcome_phrase,
                       minutes=_minutes, score=_score, signed=signed,
                       area_title=lambda a: AREA_TITLES.get(a, a), basename=lambda p: Path(p).name, role_title=lambda r: ROLE_TITLES.get(r, r))
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
