"""Write the outputs of `report` and `demo`: everything is rendered in memory first, then each
file is written whole (temporary file, then rename), so a failure leaves no half-written file."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose import atomic
from diagnose.ical import build_calendar
from diagnose.library import Library
from diagnose.models import Diagnosis
from diagnose.render import render_html, render_pdf

OUTPUT_NAMES = ("report.pdf", "report.html", "diagnosis.json", "rollout.ics")


def diagnosis_json(diagnosis: Diagnosis) -> bytes:
    return (json.dumps(diagnosis.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_outputs(diagnosis: Diagnosis, library: Library, out_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """The files written, and any warnings from the PDF renderer."""
    data = diagnosis_json(diagnosis)
    html = render_html(diagnosis, library)
    pdf, warnings = render_pdf(html, attachment=data)
    contents = {
        "report.pdf": pdf,
        "report.html": html.encode("utf-8"),
        "diagnosis.json": data,
        "rollout.ics": build_calendar(diagnosis),
    }
    out_dir = Path(out_dir)
    written = {}
    for name in OUTPUT_NAMES:
        atomic.write_bytes(out_dir / name, contents[name])
        written[name] = out_dir / name
    return written, warnings
