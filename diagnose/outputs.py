"""Write the outputs of `report` and `demo`: everything is rendered in memory first, then each
file is written whole (temporary file, then rename), so a failure leaves no half-written file."""

from __future__ import annotations

import csv
import io
import operator
from pathlib import Path

from diagnose import atomic, parallel
from diagnose.ical import build_calendar
from diagnose.diagnosis import Content, Inputs, bulk_work, diagnose, collected_for_layout
from diagnose.library import Library
from diagnose.models import Diagnosis, Profile
from diagnose.render import render_html, render_pdf, render_progress_html

OUTPUT_NAMES = ("report.pdf", "report.html", "diagnosis.json", "rollout.ics", "key_results.csv")
DATA_NAMES = OUTPUT_NAMES[2:]
KEY_RESULT_COLUMNS = ("id", "objective_id", "text", "kind", "measurable", "has_baseline_and_target", "binary",
                      "owner", "checkins", "on_time", "late", "missed", "on_time_share", "stale",
                      "confidence_updated", "score", "zone", "issues", "coaching_prompt", "rewrite",
                      "kind_certainty", "kind_by")  # added later: new columns go last, so old scripts keep working


def diagnosis_json(diagnosis: Diagnosis) -> bytes:
    return diagnosis.model_dump_json(indent=2).encode("utf-8") + b"\n"


def key_results_csv(diagnosis: Diagnosis) -> bytes:
    """Every key result and what the review found, beside the report: the PDF shows examples only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_RESULT_COLUMNS)
    columns = operator.attrgetter(*KEY_RESULT_COLUMNS)
    issues = KEY_RESULT_COLUMNS.index("issues")
    for check in diagnosis.key_results:
        row = list(columns(check))
        row[issues] = "; ".join(row[issues])
        writer.writerow(row)  # the csv module writes None as an empty cell
    return buffer.getvalue().encode("utf-8")


def data_outputs(diagnosis: Diagnosis) -> dict[str, bytes]:
    """Everything but the report itself: the JSON, the calendar and the per-key-result CSV."""
    contents = {"diagnosis.json": diagnosis_json(diagnosis), "rollout.ics": build_calendar(diagnosis)}
    if diagnosis.key_results:
        contents["key_results.csv"] = key_results_csv(diagnosis)
    return contents


def write_outputs(diagnosis: Diagnosis, library: Library, out_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """The files written, and any warnings from the PDF renderer."""
    with bulk_work():
        html = render_html(diagnosis, library)
        # A large organisation's JSON, calendar and CSV are made, and written under temporary
        # names, on the second core while WeasyPrint lays out the pages (writing and syncing
        # their 11 MB took 25 ms at 10,000 key results); they are put in place after the PDF.
        large = len(diagnosis.key_results) >= parallel.PARALLEL_MINIMUM
        names = [name for name in DATA_NAMES if name != "key_results.csv" or diagnosis.key_results]
        staged = {name: atomic.Staged(Path(out_dir) / name) for name in names} if large else {}
        try:
            with parallel.Background(lambda: _data_written(diagnosis, staged), fork=large) as data:
                with collected_for_layout():
                    pdf, warnings = render_pdf(html, attachment=lambda: data.result()["diagnosis.json"])
                contents = {"report.pdf": pdf, "report.html": html.encode("utf-8"), **data.result()}
            return write_files(out_dir, contents, OUTPUT_NAMES, staged), warnings
        finally:
            for file in staged.values():
                file.discard()  # those a failure stopped before they were put in place


def _data_written(diagnosis: Diagnosis, staged: dict[str, atomic.Staged]) -> dict[str, bytes]:
    """The data outputs, those staged written to their temporary files; returned are the others
    and the JSON, which the PDF attaches."""
    contents = data_outputs(diagnosis)
    for name, file in staged.items():
        file.write(contents[name])
    return {name: data for name, data in contents.items() if name not in staged or name == "diagnosis.json"}


def write_files(out_dir: Path, contents: dict[str, bytes], order: tuple[str, ...],
                staged: dict[str, atomic.Staged] | None = None) -> dict[str, Path]:
    """Each file written whole, or a staged one put in place, in `order` (the PDF first, the one
    a reader opens); returns their paths."""
    written = {}
    for name in order:
        if staged and name in staged:
            staged[name].commit()
            written[name] = staged[name].path
        elif name in contents:
            written[name] = Path(out_dir) / name
            atomic.write_bytes(written[name], contents[name])
    return written


def write_report(inputs: Inputs, out_dir: Path, content: Content | None = None
                 ) -> tuple[Diagnosis, dict[str, Path], list[str]]:
    """What `report` does: load the content, diagnose, write every output."""
    with bulk_work():
        content = content or Content.bundled()
        diagnosis = diagnose(inputs, content)
        written, warnings = write_outputs(diagnosis, content.library, out_dir)
    return diagnosis, written, warnings


def write_progress(progress, out_dir: Path, profile: Profile) -> tuple[dict[str, Path], list[str]]:
    """progress.pdf, progress.html and progress.json, each written whole, branded by `profile`."""
    html = render_progress_html(progress, profile.accent_colour, profile.prepared_by, profile.locale)
    data = progress.model_dump_json(indent=2).encode("utf-8") + b"\n"
    pdf, warnings = render_pdf(html, attachment=data, attachment_name="progress.json")
    contents = {"progress.pdf": pdf, "progress.html": html.encode("utf-8"), "progress.json": data}
    return write_files(out_dir, contents, tuple(contents)), warnings
