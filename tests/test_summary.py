"""summary.pdf, the sponsor's two pages: written with the report, never longer than two pages
whatever the organisation, saying what the sponsor must know, and as safe as the report."""

from __future__ import annotations

import datetime as dt
import io
import logging
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import write
from diagnose.core.models import Diagnosis, Evidence, Finding, Indicator, NextCycleItem, Session
from diagnose.core.resources import content_dir
from diagnose.core.vocabulary import AREA_TITLES
from diagnose.pipeline import Inputs, diagnose
from diagnose.report.outputs import OUTPUT_NAMES, write_outputs
from diagnose.report.pdf import is_environment_notice, render_pdf
from diagnose.report.render import SUMMARY_PAGES, render_summary_html, summary_findings, summary_versions

pytestmark = pytest.mark.pdf


def text_of(pdf: bytes | Path) -> tuple[PdfReader, str]:
    """The reader, and the text of every page with its line breaks and spacing made single spaces."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def words(text: str) -> str:
    return " ".join(text.split())


def test_demo_writes_the_summary_beside_the_report_with_nothing_logged(demo_run):
    code, _, out, records = demo_run
    assert code == 0
    assert (out / "summary.pdf").stat().st_size > 1000
    assert OUTPUT_NAMES.index("summary.pdf") == OUTPUT_NAMES.index("report.pdf") + 1
    logged = [f"{r.levelname}: {r.getMessage()}" for r in records
              if r.levelno >= logging.INFO and not is_environment_notice(r.getMessage())]
    assert not logged, "WeasyPrint logged:\n" + "\n".join(logged)


def test_report_writes_the_summary_too(tmp_path, cli, no_weasyprint_logs):
    demo = content_dir("demo")
    code, out, err = cli("report", "--okrs", demo / "okrs.csv", "--out", tmp_path / "out")
    assert code == 0, err
    reader, text = text_of(tmp_path / "out" / "summary.pdf")
    assert len(reader.pages) <= 2 and "The programme" in text


def test_the_demo_summary_says_what_the_sponsor_must_know_in_two_pages(demo_run):
    out = demo_run.out
    diagnosis = Diagnosis.model_validate_json((out / "diagnosis.json").read_text(encoding="utf-8"))
    reader, text = text_of(out / "summary.pdf")
    assert len(reader.pages) <= 2, len(reader.pages)
    assert diagnosis.organisation in text
    for title in AREA_TITLES.values():
        assert title in text
    top = summary_findings(diagnosis)
    assert 3 <= len(top) <= 5 and all(f.severity == "high" for f in top)
    for finding in top:
        assert words(finding.title) in text, finding.title
    not_fixed = text[text.index("Training will not fix"):text.index("The programme")]
    assert diagnosis.leadership_actions
    for finding in diagnosis.leadership_actions:
        assert words(finding.title) in not_fixed, finding.title
    assert "leadership team must act" in not_fixed
    for session in diagnosis.sessions:
        assert short_date(session.date) in text, session.date
    decision = next(e for e in diagnosis.rollout if e.phase == "leadership")
    assert short_date(decision.start) in text and words(decision.title) in text
    for indicator in diagnosis.measurement:
        assert words(indicator.title) in text, indicator.title
    assert "63%" in text and "at most 9%" in text  # shares rounded to whole percentages


def test_the_summary_is_tagged_with_title_language_and_the_json_attached(demo_run):
    reader, _ = text_of(demo_run.out / "summary.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")
    assert "/StructTreeRoot" in root
    assert "OKR training needs" in reader.metadata.title and "Harbourline Logistics" in reader.metadata.title
    assert set(reader.attachments) == {"diagnosis.json"}
    def flat(outline):
        for item in outline:
            yield from flat(item) if isinstance(item, list) else [item.title]

    titles = list(flat(reader.outline))  # h2s are bookmarks under the h1
    assert "OKR training needs: executive summary" in titles and "The programme" in titles and "How we will know it worked" in titles


def bad_answers(folder: Path, content, per_role: int = 4) -> list[Path]:
    """Every question answered as badly as it can be (leaders think leadership is fine): most rules fire."""
    from orgs import _closest

    bank = content.banks["okr-training-needs"]
    paths = []
    for role in ("leader", "manager", "team_member"):
        for number in range(per_role):
            answers = {}
            for question in bank.for_role(role):
                if question.profile or not question.scored:
                    continue
                value = _closest(question, 90 if role == "leader" and question.area == "leadership_consistency" else 5)
                answers[question.id] = [value] if question.type == "multi" else value
            paths.append(write(folder / f"{role}-{number}.yaml", yaml.safe_dump(
                {"bank": bank.bank, "bank_version": bank.version, "respondent": {"role": role}, "answers": answers})))
    return paths


@pytest.fixture(scope="module")
def big_diagnosis(tmp_path_factory, content):
    """A large organisation with nearly every problem: 600 key results, twelve people, five team types."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from review_scaling import generate

    folder = tmp_path_factory.mktemp("big")
    okrs, checkins = generate(folder, 600)
    profile = write(folder / "profile.yaml", yaml.safe_dump({
        "organisation": "Northwind Consolidated Freight, Warehousing and Customer Services Group plc",
        "team_types": ["product", "operations", "shared_services", "leadership"], "max_sessions": 20,
        "start_date": "2027-01-11", "cycles_run": 3}))
    return diagnose(Inputs(answers=bad_answers(folder, content), okrs=okrs, checkins=checkins, profile=profile,
                           today=dt.date(2026, 11, 23)), content)


def crowded(diagnosis: Diagnosis, content) -> Diagnosis:
    """The big organisation made worse than any real one: every finding high, the longest titles and
    actions the rules have, fourteen workshops of three modules each, extra measures, a long name."""
    rules = sorted(content.rules.rules, key=lambda r: -len(r.title + "".join(r.actions)))
    long_evidence = [Evidence(source="okrs", ref=f"KR X-{n}", text="Launch the redesigned onboarding flow " * 6)
                     for n in range(30)]
    findings = [Finding(id=f"{rule.id}-{copy}", area=rule.area, severity="high", title=rule.title,
                        rationale=rule.rationale, training_need=rule.training_need, evidence=long_evidence,
                        actions=rule.actions, behaviour=rule.behaviour)
                for copy in range(2) for rule in rules]
    modules = list(content.library.modules)
    sessions = [Session(number=n + 1, date=dt.date(2027, 1, 11) + dt.timedelta(days=2 * n), minutes=210,
                        audience=["executives", "managers", "teams", "champions", "everyone"],
                        modules=modules[n % len(modules):][:3] or modules[:3], parallel=True) for n in range(14)]
    measures = diagnosis.measurement + [
        Indicator(id=f"extra-{n}", layer="outcome", kirkpatrick=4, kind="lagging", baseline=12.3, target=40,
                  title="Share of cross-team dependencies agreed in writing at planning and honoured all quarter",
                  unit="%", reassess_on=dt.date(2027, 5, 10), when="monthly, from the dependency log")
        for n in range(10)]
    next_cycle = [NextCycleItem(module=m, title=content.library[m].title, because=[], reason="too long")
                  for m in modules[:6]]
    return diagnosis.model_copy(update={
        "organisation": "The Extremely Long-Named International Holdings, Logistics and Customer Care Group of Companies",
        "findings": findings, "sessions": sessions, "measurement": measures, "next_cycle": next_cycle})


def test_a_big_organisation_with_many_findings_sessions_and_measures_keeps_to_two_pages(
        big_diagnosis, content, no_weasyprint_logs):
    assert len(big_diagnosis.findings) >= 20 and len(big_diagnosis.leadership_actions) >= 4
    pdf, warnings = render_pdf(summary_versions(big_diagnosis, content.library), attachment=b"{}",
                               max_pages=SUMMARY_PAGES)
    reader, text = text_of(pdf)
    assert len(reader.pages) <= 2 and warnings == []
    assert "more in the full report" in text  # the leaders' problems past those shown

    worst = crowded(big_diagnosis, content)
    fullest, _ = render_pdf(render_summary_html(worst, content.library))
    assert len(text_of(fullest)[0].pages) > 2  # so the case below tests the fitting
    pdf, warnings = render_pdf(summary_versions(worst, content.library), attachment=b"{}", max_pages=SUMMARY_PAGES)
    reader, text = text_of(pdf)
    assert len(reader.pages) <= 2, len(reader.pages)
    assert warnings == []
    assert "more workshops, the last on 6 Feb 2027" in text and "more indicators in the full report" in text
    assert "more findings, each with its evidence" in text


def test_the_first_version_that_fits_is_the_one_made(no_weasyprint_logs):
    page = '<html lang="en"><head><title>Versions</title></head><body>{}</body></html>'
    long, short = page.format("<p>line</p>" * 400), page.format("<p>short</p>")
    pdf, _ = render_pdf([long, short], max_pages=1)
    assert text_of(pdf)[1] == "short"
    pdf, _ = render_pdf([short, long], max_pages=1)
    assert text_of(pdf)[1] == "short"
    assert len(text_of(render_pdf([long], max_pages=1)[0])[0].pages) > 1  # none fits: the last is made


HOSTILE_NAME = '<script>alert(1)</script><img src="http://127.0.0.1:9/logo.png">'
HOSTILE_FINDING = '<img src=http://127.0.0.1:9/finding.png> <link rel="stylesheet" href="http://127.0.0.1:9/x.css">'


def test_hostile_names_and_finding_text_are_text_and_nothing_is_fetched(tmp_path, content, no_weasyprint_logs, fetched):
    okrs = write(tmp_path / "okrs.csv", 'objective,key_result\n"Grow ' + HOSTILE_FINDING.replace('"', '""')
                 + '","Launch ' + HOSTILE_FINDING.replace('"', '""') + '"\n')
    profile = write(tmp_path / "profile.yaml", yaml.safe_dump({"organisation": HOSTILE_NAME,
                                                               "prepared_by": HOSTILE_FINDING}))
    diagnosis = diagnose(Inputs(okrs=okrs, profile=profile, today=dt.date(2026, 11, 23)), content)
    first = diagnosis.findings[0]
    diagnosis = diagnosis.model_copy(update={"findings": [first.model_copy(update={
        "title": HOSTILE_FINDING, "severity": "high",
        "evidence": [Evidence(source="survey", ref="x", text=HOSTILE_NAME)]})] + diagnosis.findings[1:]})
    html = render_summary_html(diagnosis, content.library)
    for raw in (HOSTILE_NAME, HOSTILE_FINDING, "<script>", "<img src=http", "<link rel"):
        assert raw not in html
    assert "&lt;script&gt;" in html
    pdf, warnings = render_pdf(html, attachment=b"{}")
    assert warnings == []
    templates = content_dir("templates").resolve().as_uri()
    assert fetched and all(url.startswith(templates) for url in fetched), fetched  # the packaged fonts only
    _, text = text_of(pdf)
    assert "<script>alert(1)</script>" in text and "127.0.0.1:9/finding.png" in text


def test_a_failed_summary_writes_no_file_of_the_set(tmp_path, content, monkeypatch):
    from diagnose.report import outputs

    okrs = write(tmp_path / "okrs.csv", "objective,key_result\nGrow,Raise NPS from 20 to 40\n")
    diagnosis = diagnose(Inputs(okrs=okrs, today=dt.date(2026, 11, 23)), content)

    def broken(*args, **kwargs):
        raise RuntimeError("summary layout failed")

    monkeypatch.setattr(outputs, "summary_versions", broken)
    with pytest.raises(RuntimeError):
        write_outputs(diagnosis, content.library, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
