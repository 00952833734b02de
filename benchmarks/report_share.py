"""How much of `report` is the pipeline's own work, against WeasyPrint's layout, for the demo
organisation and for one with 10,000 key results (ten check-ins each). Target: the pipeline's
share (reading, scoring, reviewing, rules, planning, templates, JSON, calendar, CSV) under 20%.

Usage: python benchmarks/report_share.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_scaling import generate  # noqa: E402

from diagnose.diagnosis import Content, Inputs, diagnose  # noqa: E402
from diagnose.ical import build_calendar  # noqa: E402
from diagnose.outputs import diagnosis_json, key_results_csv  # noqa: E402
from diagnose.render import render_html, render_pdf  # noqa: E402
from diagnose.resources import content_dir  # noqa: E402


def measure(inputs: Inputs, content: Content) -> tuple[float, float, int]:
    began = time.perf_counter()
    diagnosis = diagnose(inputs, content)
    data = diagnosis_json(diagnosis)
    html = render_html(diagnosis, content.library)
    build_calendar(diagnosis)
    key_results_csv(diagnosis)
    ours = time.perf_counter() - began
    began = time.perf_counter()
    pdf, _ = render_pdf(html, attachment=data)
    layout = time.perf_counter() - began
    from pypdf import PdfReader
    import io
    return ours, layout, len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    content = Content.bundled()
    demo = content_dir("demo")
    answers = sorted((demo / "answers").glob("*.yaml"))
    cases = {"demo": Inputs(answers=answers, okrs=demo / "okrs.csv", checkins=demo / "checkins.csv",
                            profile=demo / "profile.yaml")}
    with tempfile.TemporaryDirectory() as folder:
        okrs, checkins = generate(Path(folder), 10000)
        cases["10,000 KRs, no check-ins"] = Inputs(answers=answers, okrs=okrs, profile=demo / "profile.yaml")
        cases["10,000 KRs, 100,000 check-ins"] = Inputs(answers=answers, okrs=okrs, checkins=checkins,
                                                        profile=demo / "profile.yaml")
        measure(cases["demo"], content)  # warm up imports, fonts and caches once
        for name, inputs in cases.items():
            ours, layout, pages = measure(inputs, content)
            share = ours / (ours + layout)
            print(f"{name:>30}: pipeline {ours:.2f} s, WeasyPrint {layout:.2f} s, {pages} pages; "
                  f"pipeline share {share:.0%}")


if __name__ == "__main__":
    main()
