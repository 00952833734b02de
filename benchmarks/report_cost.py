"""What a `report` costs against WeasyPrint alone, in one run: the real command as a fresh process
on a generated organisation of 10,000 key results with 100,000 check-ins, beside a bare
WeasyPrint render (its own command line) of the `report.html` that command wrote, with the same
PDF/UA variant. Rounds alternate the two so that a noisy machine slows both alike; the medians,
their ratio (target: at most 1.6x) and each side's peak memory (target: the report under 220 MB)
are printed. The demo is timed the same way (target: under 3 s).

Usage: python benchmarks/report_cost.py [--rounds 3] [--key-results 10000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from review_scaling import generate

BIN = Path(sys.executable).parent


def run(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and peak memory (MB) of one fresh process."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def okr_diagnose(*args: str) -> list[str]:
    return [str(BIN / "okr-diagnose"), *args]


def bare_weasyprint(html: Path, pdf: Path) -> list[str]:
    from diagnose.core.resources import content_dir

    templates = content_dir("templates").resolve().as_uri() + "/"
    return [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "-u", templates, "-q", str(html), str(pdf)]


def summary(name: str, rounds: list[tuple[float, float]]) -> tuple[float, float]:
    seconds = statistics.median(s for s, _ in rounds)
    memory = max(m for _, m in rounds)
    print(f"  {name:<34} {seconds:6.2f} s (rounds {min(s for s, _ in rounds):.2f} to "
          f"{max(s for s, _ in rounds):.2f})   peak {memory:5.0f} MB")
    return seconds, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--key-results", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        okrs, checkins = generate(folder, args.key_results)
        out, demo_out = folder / "report", folder / "demo"
        report = okr_diagnose("report", "--okrs", str(okrs), "--checkins", str(checkins), "--out", str(out))
        run(report)  # untimed: compiles our modules and fills the file cache, as an installed copy has
        html = folder / "report.html"
        shutil.copy(out / "report.html", html)
        bare = bare_weasyprint(html, folder / "bare.pdf")
        run(bare)
        timings: dict[str, list[tuple[float, float]]] = {"report": [], "weasyprint": [], "demo": []}
        for _ in range(args.rounds):
            timings["report"].append(run(report))
            timings["weasyprint"].append(run(bare))
            timings["demo"].append(run(okr_diagnose("demo", "--out", str(demo_out))))
    print(f"{args.key_results:,} key results with {args.key_results * 10:,} check-ins, medians of {args.rounds} rounds:")
    report_seconds, report_memory = summary("okr-diagnose report", timings["report"])
    bare_seconds, _ = summary("weasyprint report.html (pdf/ua-1)", timings["weasyprint"])
    demo_seconds, _ = summary("okr-diagnose demo", timings["demo"])
    print(f"report / bare WeasyPrint: {report_seconds / bare_seconds:.2f}x (target: at most 1.6x)")
    print(f"report peak memory: {report_memory:.0f} MB (target: at most 220 MB)")
    print(f"demo: {demo_seconds:.2f} s (target: under 3 s)")


if __name__ == "__main__":
    main()
