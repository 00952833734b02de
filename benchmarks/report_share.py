"""How much of `report` is the pipeline's own work, against WeasyPrint's layout, for the demo
organisation and for one with 10,000 key results (ten check-ins each). Target: the pipeline's
share (reading, scoring, reviewing, rules, planning, templates, JSON, calendar, CSV, writing the
files) under 20%. Each case runs what `report` runs, in one warm process, with WeasyPrint's
`render_pdf` timed apart, and no verdicts remembered from the case before. The pipeline's time
is what this process waits for: from 2,000 key results the JSON, calendar and CSV are made by a
forked child during the layout (only waiting for them counts); `--one-core` counts them whole.

Usage: python benchmarks/report_share.py [--one-core]
  --one-core  never fork (diagnose/parallel.py): the JSON and CSV are made before the layout
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_scaling import generate  # noqa: E402

from diagnose import outputs, parallel  # noqa: E402
from diagnose.diagnosis import Inputs  # noqa: E402
from diagnose.krtext import KeyResultLanguage  # noqa: E402
from diagnose.resources import content_dir  # noqa: E402


def measure(inputs: Inputs, out: Path) -> tuple[float, float, int]:
    """What `report` does (load the bundled content, diagnose, write every output), with
    WeasyPrint's part timed apart."""
    layout = 0.0
    render_pdf = outputs.render_pdf

    def timed_render_pdf(html, attachment=None, **kwargs):
        # An attachment made on demand is the pipeline's work, even though it is asked for
        # from inside render_pdf once the pages are laid out.
        nonlocal layout
        if callable(attachment):
            make = attachment

            def attachment():
                nonlocal layout
                began = time.perf_counter()
                try:
                    return make()
                finally:
                    layout -= time.perf_counter() - began

        began = time.perf_counter()
        try:
            return render_pdf(html, attachment=attachment, **kwargs)
        finally:
            layout += time.perf_counter() - began

    outputs.render_pdf = timed_render_pdf
    KeyResultLanguage.judge.cache_clear()  # a real `report` starts with no verdicts remembered
    try:
        began = time.perf_counter()
        outputs.write_report(inputs, out)
        total = time.perf_counter() - began
    finally:
        outputs.render_pdf = render_pdf
    from pypdf import PdfReader
    return total - layout, layout, len(PdfReader(out / "report.pdf").pages)


def main() -> None:
    if "--one-core" in sys.argv[1:]:
        parallel.PARALLEL_MINIMUM = sys.maxsize
    demo = content_dir("demo")
    answers = sorted((demo / "answers").glob("*.yaml"))
    cases = {"demo": Inputs(answers=answers, okrs=demo / "okrs.csv", checkins=demo / "checkins.csv",
                            profile=demo / "profile.yaml")}
    with tempfile.TemporaryDirectory() as folder:
        okrs, checkins = generate(Path(folder), 10000)
        cases["10,000 KRs, no check-ins"] = Inputs(answers=answers, okrs=okrs, profile=demo / "profile.yaml")
        cases["10,000 KRs, 100,000 check-ins"] = Inputs(answers=answers, okrs=okrs, checkins=checkins,
                                                        profile=demo / "profile.yaml")
        out = Path(folder) / "out"
        measure(cases["demo"], out)  # warm up imports, fonts and caches once
        for name, inputs in cases.items():
            ours, layout, pages = measure(inputs, out)
            share = ours / (ours + layout)
            print(f"{name:>30}: pipeline {ours:.2f} s, WeasyPrint {layout:.2f} s, {pages} pages; "
                  f"pipeline share {share:.0%}")


if __name__ == "__main__":
    main()
