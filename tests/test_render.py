"""The report is safe to make from anyone's text: nothing in it becomes markup or a fetch."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import write
from diagnose.core.resources import content_dir
from diagnose.pipeline import Inputs, diagnose
from diagnose.report.outputs import write_outputs
from diagnose.report.pdf import render_pdf
from diagnose.report.render import render_html, render_summary_html

HOSTILE = [
    '<img src="file:///etc/hostname">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(http://127.0.0.1:9/evil.css);</style>",
    '<a href="http://127.0.0.1:9/x">click</a>',
]


def hostile_diagnosis(tmp_path, content):
    rows = "".join(f'O{i},"Grow {HOSTILE[i].replace(chr(34), chr(34) * 2)}",K{i},"Launch {HOSTILE[i].replace(chr(34), chr(34) * 2)}"\n'
                   for i in range(len(HOSTILE)))
    okrs = write(tmp_path / "okrs.csv", "objective_id,objective,key_result_id,key_result\n" + rows)
    answers = write(tmp_path / "a.yaml", "bank: okr-training-needs\nbank_version: 1\nrespondent:\n  role: manager\n"
                                         "answers:\n  ev_priority_clash: '" + HOSTILE[1].replace("'", "''") + "'\n"
                                         "  align_priorities_known: strongly_disagree\n")
    profile = write(tmp_path / "profile.yaml", "organisation: '" + HOSTILE[0] + "'\n")
    return diagnose(Inputs(okrs=okrs, answers=[answers], profile=profile, today=dt.date(2026, 11, 23)), content)


def test_user_text_is_escaped_in_html(tmp_path, content):
    html = render_html(hostile_diagnosis(tmp_path, content), content.library)
    for text in HOSTILE:
        assert text not in html
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in html


@pytest.mark.pdf
def test_pdf_shows_hostile_text_as_text_and_fetches_nothing(tmp_path, content, no_weasyprint_logs, fetched):
    diagnosis = hostile_diagnosis(tmp_path, content)
    pdf, warnings = render_pdf(render_html(diagnosis, content.library), attachment=b"{}")
    assert warnings == []
    templates = content_dir("templates").resolve().as_uri()
    assert fetched and all(url.startswith(templates) for url in fetched), fetched  # the packaged fonts only
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "file:///etc/hostname" in text and "127.0.0.1:9" in text
    assert set(reader.attachments) == {"diagnosis.json"}


def test_the_fetcher_serves_packaged_assets_and_data_urls_and_refuses_everything_else():
    from diagnose.report.pdf import _safe_fetcher

    fetcher = _safe_fetcher()
    asset = next(path for path in (content_dir("templates") / "assets").rglob("*") if path.is_file())
    assert fetcher.fetch(asset.resolve().as_uri()).read() == asset.read_bytes()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ("file:///etc/hostname", "http://127.0.0.1:9/evil.css", "https://example.org/x.png",
                content_dir("templates").resolve().as_uri() + "/../../../../etc/passwd"):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)


@pytest.mark.pdf
def test_outputs_are_written_whole(tmp_path, content):
    diagnosis = hostile_diagnosis(tmp_path, content)
    written, warnings = write_outputs(diagnosis, content.library, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(written)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_a_failed_pdf_writes_nothing_and_a_failed_write_keeps_the_old_file(tmp_path, content, monkeypatch):
    from diagnose.core import atomic
    from diagnose.report import outputs

    diagnosis = hostile_diagnosis(tmp_path, content)

    def broken_pdf(*args, **kwargs):
        raise RuntimeError("layout failed")

    with monkeypatch.context() as patch:
        patch.setattr(outputs, "render_pdf", broken_pdf)
        with pytest.raises(RuntimeError):
            write_outputs(diagnosis, content.library, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())

    target = tmp_path / "kept.json"
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError):
        atomic.write_bytes(target, b"new and longer")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.glob("*kept*")] == ["kept.json"]


@pytest.mark.pdf
def test_pdf_is_tagged_with_title_language_and_bookmarks(tmp_path, content, no_weasyprint_logs):
    diagnosis = hostile_diagnosis(tmp_path, content)
    pdf, _ = render_pdf(render_html(diagnosis, content.library), attachment=b"{}")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")
    assert "/StructTreeRoot" in root
    assert reader.metadata.title and "OKR training needs" in reader.metadata.title
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Executive summary" in titles and "The curriculum" in titles


@pytest.mark.pdf
def test_report_length_is_bounded_for_a_large_organisation(tmp_path, content, no_weasyprint_logs):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from review_scaling import generate

    okrs, checkins = generate(tmp_path, 2000)
    diagnosis = diagnose(Inputs(okrs=okrs, checkins=checkins, today=dt.date(2026, 11, 23)), content)
    assert len(diagnosis.key_results) == 2000
    pdf, _ = render_pdf(render_html(diagnosis, content.library))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages <= 45, pages


@pytest.mark.parametrize("render", [render_html, render_summary_html], ids=["report", "summary"])
def test_branding_logo_accent_and_us_dates(tmp_path, content, render):
    import base64

    logo = tmp_path / "logo.png"
    logo.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    okrs = write(tmp_path / "okrs.csv", "objective,key_result\nGrow,Raise NPS from 20 to 40\n")
    profile = write(tmp_path / "profile.yaml", "organisation: Acme\nprepared_by: Sam Lee\nlogo: logo.png\n"
                                               "accent_colour: '#aa3300'\nlocale: en-US\nstart_date: 2027-03-01\n")
    diagnosis = diagnose(Inputs(okrs=okrs, profile=profile, today=dt.date(2026, 11, 23)), content)
    html = render(diagnosis, content.library)
    assert 'src="data:image/png;base64,' in html and "#aa3300" in html and "Sam Lee" in html
    assert "November 23, 2026" in html and "23 November 2026" not in html
    assert '<html lang="en-US">' in html  # so a screen reader speaks it as US English


def test_a_missing_logo_is_a_located_input_error(tmp_path, content):
    import pytest

    from diagnose.core.errors import InputError

    okrs = write(tmp_path / "okrs.csv", "objective,key_result\nGrow,Raise NPS from 20 to 40\n")
    profile = write(tmp_path / "profile.yaml", "organisation: Acme\nlogo: nowhere.gif\n")
    with pytest.raises(InputError) as err:
        diagnose(Inputs(okrs=okrs, profile=profile), content)
    assert "profile.yaml:2" in err.value.render() and "nowhere.gif" in err.value.render()


@pytest.mark.pdf
def test_every_verdict_carries_its_certainty_and_workshop_material_is_the_clearest(tmp_path, content):
    import csv

    from diagnose.report.render import clinic_key_results, quiz_items
    from diagnose.review.wording import BORDERLINE_CERTAINTY

    diagnosis = diagnose(Inputs(okrs=write(tmp_path / "okrs.csv", "objective,key_result\n" + "".join(
        f"Grow,{text}\n" for text in ("Launch the partner portal", "Raise activation from 20% to 35%",
                                       "Hire 5 engineers", "Improve customer satisfaction"))),
        today=dt.date(2026, 11, 23)), content)
    written, _ = write_outputs(diagnosis, content.library, tmp_path / "out")
    rows = list(csv.DictReader(written["key_results.csv"].open(encoding="utf-8-sig")))
    assert list(rows[0])[-5:] == ["kind_certainty", "kind_by", "health_metric", "objective", "team"]  # new columns go last
    assert all(0.5 <= float(row["kind_certainty"]) <= 1 for row in rows)
    assert '"kind_certainty": 0.' in written["diagnosis.json"].read_text(encoding="utf-8")

    def check(id_, kind, certainty, issues):
        return diagnosis.key_results[0].model_copy(update={
            "id": id_, "kind": kind, "kind_certainty": certainty, "issues": ["x"] * issues, "measurable": True,
            "coaching_prompt": "Name the change" if kind == "activity" else None})

    close_call = check("close", "activity", BORDERLINE_CERTAINTY - 0.05, issues=3)
    clear = check("clear", "activity", 0.97, issues=2)
    assert [c.id for c in clinic_key_results([close_call, clear])] == ["clear", "close"]
    outcomes = [check(f"o{n}", "outcome", 0.55 + n / 20, issues=0) for n in range(8)]
    assert [c.id for c in quiz_items(outcomes)] == ["o7", "o6", "o5", "o4"]


@pytest.mark.pdf
def test_a_report_keeps_nothing_outside_its_folder(tmp_path, monkeypatch):
    # Consultants handle confidential material: nothing of a run is left in the user's folders.
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    cache.mkdir()
    okrs = write(tmp_path / "okrs.csv", "objective,key_result\nGrow,Raise NPS from 20 to 40\n")
    result = subprocess.run([sys.executable, "-m", "diagnose", "report", "--okrs", str(okrs), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True,
                            env={**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == [] and list(cache.iterdir()) == []


def test_key_results_csv_has_a_bom_and_no_cell_a_spreadsheet_would_run(tmp_path, content, cli):
    from diagnose.report.outputs import key_results_csv

    hostile = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-20% churn"]
    okrs = write(tmp_path / "okrs.csv", "objective,key_result\n" + "".join(
        f'Grow,"{text.replace(chr(34), chr(34) * 2)}"\n' for text in hostile) + "Grow,Raise NPS from £40k to £50k\n")
    diagnosis = diagnose(Inputs(okrs=okrs), content)
    data = key_results_csv(diagnosis)
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert [row[2] for row in rows[1:5]] == ["'" + text for text in hostile]
    assert rows[0][-2:] == ["objective", "team"] and rows[1][-2] == "Grow"  # the objective beside each row
    # The file still works as --kinds: the quoted texts match their key results.
    corrected = tmp_path / "kinds.csv"
    corrected.write_bytes(data.replace(b",activity,", b",outcome,"))
    code, out, err = cli("review", okrs, "--kinds", corrected, "--format", "json")
    assert code == 0, err
    assert all(kr["kind_by"] == "hand" for kr in json.loads(out)["key_results"])
