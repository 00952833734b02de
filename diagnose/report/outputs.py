"""Write the outputs of `report` and `demo`: everything is rendered in memory first, then the
files are written as one set (core/output_set.py): a failure leaves the old set whole."""

from __future__ import annotations

import csv
import io
import operator
from pathlib import Path

from diagnose.content.library import Library
from diagnose.core.models import Diagnosis, Profile
from diagnose.core.output_set import write_set
from diagnose.core.tables import spreadsheet_safe
from diagnose.report.calendar import build_calendar
from diagnose.report.pdf import render_pdf
from diagnose.report.render import SUMMARY_PAGES, render_html, render_progress_html, summary_versions

OUTPUT_NAMES = ("report.pdf", "summary.pdf", "report.html", "diagnosis.json", "rollout.ics", "key_results.csv")
KEY_RESULT_COLUMNS = ("id", "objective_id", "text", "kind", "measurable", "has_baseline_and_target", "binary",
                      "owner", "checkins", "on_time", "late", "missed", "on_time_share", "stale",
                      "confidence_updated", "score", "zone", "issues", "coaching_prompt", "rewrite",
                      "kind_certainty", "kind_by", "health_metric",
                      "objective", "team")  # added later: new columns go last, so old scripts keep working


def diagnosis_json(diagnosis: Diagnosis) -> bytes:
    return diagnosis.model_dump_json(indent=2).encode("utf-8") + b"\n"


def key_results_csv(diagnosis: Diagnosis) -> bytes:
    """Every key result and what the review found, beside the report: the PDF shows examples only.
    UTF-8 with a byte-order mark, so Excel on Windows reads "£40k" as written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_RESULT_COLUMNS)
    columns = operator.attrgetter(*KEY_RESULT_COLUMNS)
    issues = KEY_RESULT_COLUMNS.index("issues")
    for check in diagnosis.key_results:
        row = list(columns(check))
        row[issues] = "; ".join(row[issues])
        writer.writerow([spreadsheet_safe(cell) for cell in row])  # the csv module writes None as an empty cell
    return buffer.getvalue().encode("utf-8-sig")


def data_outputs(diagnosis: Diagnosis) -> dict[str, bytes]:
    """Everything but the report itself: the JSON, the calendar and the per-key-result CSV."""
    contents = {"diagnosis.json": diagnosis_json(diagnosis), "rollout.ics": build_calendar(diagnosis)}
    if diagnosis.key_results:
        contents["key_results.csv"] = key_results_csv(diagnosis)
    return contents


def write_outputs(diagnosis: Diagnosis, library: Library, out_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """The files written, and any warnings from the PDF renderer (the report's and the summary's)."""
    html = render_html(diagnosis, library)
    data = data_outputs(diagnosis)
    pdf, warnings = render_pdf(html, attachment=data["diagnosis.json"])
    summary, summary_warnings = render_pdf(summary_versions(diagnosis, library), attachment=data["diagnosis.json"],
                                           max_pages=SUMMARY_PAGES)
    contents = {"report.pdf": pdf, "summary.pdf": summary, "report.html": html.encode("utf-8"), **data}
    warnings += [w for w in summary_warnings if w not in warnings]
    return write_files(out_dir, contents, OUTPUT_NAMES), warnings


def write_files(out_dir: Path, contents: dict[str, bytes], order: tuple[str, ...]) -> dict[str, Path]:
    """The files as one set (core/output_set.py), in `order` (the PDF first, the one a reader
    opens); returns their paths. A name of `order` not in `contents` is removed if an older
    run left it."""
    return write_set(out_dir, {name: contents[name] for name in order if name in contents}, order)


def write_progress(progress, out_dir: Path, profile: Profile) -> tuple[dict[str, Path], list[str]]:
    """progress.pdf, progress.html and progress.json, each written whole, branded by `profile`."""
    html = render_progress_html(progress, profile.accent_colour, profile.prepared_by, profile.locale)
    data = progress.model_dump_json(indent=2).encode("utf-8") + b"\n"
    pdf, warnings = render_pdf(html, attachment=data, attachment_name="progress.json")
    contents = {"progress.pdf": pdf, "progress.html": html.encode("utf-8"), "progress.json": data}
    return write_files(out_dir, contents, tuple(contents)), warnings
