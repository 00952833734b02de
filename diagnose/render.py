"""Render the diagnosis: report.html and report.pdf from one set of templates.

User text (answers, OKR titles, comments) reaches the page only through Jinja's autoescape,
and WeasyPrint fetches nothing but `data:` URLs and the packaged templates folder.
WeasyPrint is imported only here, and only when a PDF is made, so the CLI starts quickly.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import logging
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2

from diagnose import charts
from diagnose.diagnosis import LOGO_TYPES, top_findings
from diagnose.errors import DiagnoseError
from diagnose.krtext import is_close_call
from diagnose.library import Library
from diagnose.models import Diagnosis, KeyResultCheck
from diagnose.planner import ROLLOUT_FORMATS
from diagnose.resources import content_dir
from diagnose.vocabulary import AREA_TITLES, AREAS, ROLE_TITLES

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


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full or read-only disk: the templates are compiled again next time
            pass


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, in the user's own cache folder: compiling them took a
    third of a small report's own time. Jinja checks each against its template's source, so an
    edited template is compiled afresh. Only our templates' code is kept, never a client's data.
    None (compile every time) when OKR_DIAGNOSE_NO_CACHE is set or no private folder can be made."""
    if os.environ.get("OKR_DIAGNOSE_NO_CACHE"):
        return None
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "okr-diagnose" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        state = folder.lstat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    # Compiled code is loaded from here, so only a folder that no one else can write will do.
    if not stat.S_ISDIR(state.st_mode) or stat.S_IMODE(state.st_mode) & 0o022 or \
            (hasattr(os, "getuid") and state.st_uid != os.getuid()):
        return None
    return _TemplateCache(str(folder))


def _signed(change: float) -> str:
    from diagnose.compare import signed  # used by the progress report only: not imported for a report

    return signed(change)


@functools.lru_cache(maxsize=4)
def environment(locale: str = "en-GB") -> jinja2.Environment:
    """One environment per locale, kept, and compiled templates cached: compiling them is most of
    rendering's time."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(content_dir("templates"))),
        bytecode_cache=template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(long_date=lambda d: _long_date(d, locale), outcome_phrase=_outcome_phrase,
                       minutes=_minutes, score=_score, signed=_signed,
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
    modules = {rec.module: library[rec.module] for rec in diagnosis.recommendations}
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
        findings_by_area={a: [f for f in diagnosis.training_findings if f.area == a] for a in AREAS},
        unscheduled=[r for r in diagnosis.recommendations if r.session is None
                     and library[r.module].format not in ROLLOUT_FORMATS],
        embedding=[r for r in diagnosis.recommendations if library[r.module].format in ROLLOUT_FORMATS],
        fired=[t for t in diagnosis.rule_trace if t.fired],
    )


def _safe_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    templates = content_dir("templates").resolve()

    class PackagedAssetsOnly(URLFetcher):
        """Fetches `data:` URLs and files inside the packaged templates folder; nothing else."""

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(templates) and path.is_file():
                    return URLFetcherResponse(url, body=path.read_bytes())
            raise ValueError(f"okr-diagnose does not fetch {url!r}: only packaged assets and data: URLs")

    return PackagedAssetsOnly()


# Said when the machine lacks libharfbuzz-subset: fonts are then subset by fontTools, with the same
# result. It is about the machine, not the document, so it is not passed on to the user.
ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


def is_environment_notice(message: str) -> bool:
    return message.startswith(ENVIRONMENT_NOTICES)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if not is_environment_notice(message):
            self.messages.append(message)


def render_progress_html(progress, accent: str, prepared_by: str, locale: str = "en-GB") -> str:
    env = environment(locale)
    css = (content_dir("templates") / "report.css").read_text(encoding="utf-8")
    return env.get_template("progress.html.j2").render(p=progress, css=css, accent=accent, prepared_by=prepared_by,
                                                      locale=locale,
                                                      area_change={a.area: a.change for a in progress.areas},
                                                      chart=charts.before_after(progress.areas, accent))


def render_pdf(html: str, attachment: bytes | None = None,
               attachment_name: str = "diagnosis.json") -> tuple[bytes, list[str]]:
    """The PDF, and whatever WeasyPrint warned about (it logs CSS and fetch problems, never raises)."""
    try:
        from weasyprint import HTML, Attachment
        from weasyprint.text.fonts import FontConfiguration
    except OSError as exc:  # the Pango libraries are missing
        raise DiagnoseError(f"WeasyPrint cannot start ({exc}); install Pango (Debian: apt-get install "
                            "libpango-1.0-0 libpangoft2-1.0-0)") from None
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        fetcher = _safe_fetcher()
        base = content_dir("templates").resolve().as_uri() + "/"
        options = {"presentational_hints": False, "pdf_variant": "pdf/ua-1"}
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(font_config=FontConfiguration(),
                                                                                **options)
        attachments = []
        if attachment is not None:
            attachments.append(Attachment(string=attachment, base_url=base, url_fetcher=fetcher,
                                          name=attachment_name, description="Everything the report says, as JSON",
                                          relationship="Data"))
        pdf = document.write_pdf(attachments=attachments, **options)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return pdf, collect.messages
