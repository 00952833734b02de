"""How much of `report` is the pipeline's own work, against WeasyPrint's, for the demo
organisation and for one with 10,000 key results (without check-ins, and with ten each).
Target: the pipeline's share (reading, scoring, reviewing, rules, planning, templates, JSON,
calendar, CSV, writing the files) under 20%.

Each round runs the real console script (`cli.run`) as a fresh process, as a user does, with
WeasyPrint's `render_pdf` timed inside it (its import, layout and PDF writing: WeasyPrint's).
One run gives two shares, reported as medians of a few alternating rounds (this machine is noisy):

- the command's work: from `main()` being called to its return, so importing our modules and
  the libraries they use (pydantic, Jinja, YAML) counts, as the command imports them after it
  has read its arguments. Share = (that time minus WeasyPrint's) / that time.
- the whole command: the wall-clock time from outside, so starting Python and the light modules
  that read the arguments count as the pipeline's too. Share = (wall time minus WeasyPrint's) /
  wall time.

`--warm` also runs every case in this one process, after a warm-up report, as earlier sessions
measured: WeasyPrint is then imported already, and the process has laid out reports before
(so it is larger, and forking it costs more).

In all of them the pipeline's time is what the command waits for: for a large organisation the
check-ins are read, and the wording judged, on the second core, and the JSON, calendar and CSV
are made during the layout (diagnose/parallel.py); only waiting for them counts. `--one-core`
never forks.

Usage: python benchmarks/report_share.py [--rounds 3] [--warm] [--one-core]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

if TYPE_CHECKING:
    from diagnose.diagnosis import Inputs

# The fresh processes import this module for timed_layout: what it needs for itself is
# imported in the functions that use it, so that those processes import nothing extra.

# Run by each fresh process: the real console script, with WeasyPrint's part timed apart. It
# imports only the light modules the command starts with; the rest is imported, as by the
# command, once main() runs.
COMMAND_RUNNER = """
import json, sys, time
sys.path.insert(0, {benchmarks!r})
from diagnose import cli, commands
report = commands._report

def timed_report(*args, **kwargs):
    from report_share import timed_layout
    if {one_core!r}:
        from diagnose import okrs, parallel
        parallel.PARALLEL_MINIMUM = okrs.PARALLEL_CHECKIN_BYTES = okrs.PARALLEL_EXPORT_BYTES = sys.maxsize
    with timed_layout() as weasyprint:
        code = report(*args, **kwargs)
    timing["weasyprint"] = weasyprint["seconds"]
    return code

main, timing = cli.main, {{}}

def main_then_tell(argv=None):
    began = time.perf_counter()
    code = main(argv)
    timing["command"] = time.perf_counter() - began
    sys.stderr.write("TIMING " + json.dumps(timing) + "\\n")
    return code

commands._report, cli.main = timed_report, main_then_tell
cli.run()
"""


@contextlib.contextmanager
def timed_layout():
    """While inside, `outputs.render_pdf` is timed; the seconds are in the dict yielded."""
    from diagnose import outputs

    spent = {"seconds": 0.0}
    render_pdf = outputs.render_pdf

    def timed_render_pdf(html, attachment=None, **kwargs):
        # An attachment made on demand is the pipeline's work, even though it is asked for
        # from inside render_pdf once the pages are laid out.
        if callable(attachment):
            make = attachment

            def attachment():
                began = time.perf_counter()
                try:
                    return make()
                finally:
                    spent["seconds"] -= time.perf_counter() - began

        began = time.perf_counter()
        try:
            return render_pdf(html, attachment=attachment, **kwargs)
        finally:
            spent["seconds"] += time.perf_counter() - began

    outputs.render_pdf = timed_render_pdf
    try:
        yield spent
    finally:
        outputs.render_pdf = render_pdf


def in_process(inputs: Inputs, out: Path) -> tuple[float, float]:
    """What `report` does (load the bundled content, diagnose, write every output): the
    pipeline's seconds and WeasyPrint's."""
    from diagnose import outputs
    from diagnose.krtext import KeyResultLanguage

    KeyResultLanguage.judge.cache_clear()  # a real `report` starts with no verdicts remembered
    with timed_layout() as layout:
        began = time.perf_counter()
        outputs.write_report(inputs, out)
        total = time.perf_counter() - began
    return total - layout["seconds"], layout["seconds"]


def as_command(inputs: Inputs, out: Path, one_core: bool, bytecode: Path) -> dict[str, tuple[float, float]]:
    """The real command in a fresh process: the pipeline's seconds and WeasyPrint's, measured
    inside (from main() called to its return) and outside (the wall clock).

    `bytecode`: where the processes keep their compiled modules. An installed okr-diagnose has
    them (pip compiles them), but this checkout is installed editable, and where
    PYTHONDONTWRITEBYTECODE is set (as on the machines this project is built on) every run
    would compile our modules from source again: 40 ms that no user pays."""
    argv = ["report", "--out", str(out), "--profile", str(inputs.profile)]
    argv += [arg for path in inputs.answers for arg in ("--answers", str(path))]
    argv += ["--okrs", str(inputs.okrs)] + (["--checkins", str(inputs.checkins)] if inputs.checkins else [])
    runner = COMMAND_RUNNER.format(benchmarks=str(Path(__file__).resolve().parent), one_core=one_core)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", runner, *argv], capture_output=True, text=True,
                          env={**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                               "PYTHONPYCACHEPREFIX": str(bytecode)})
    wall = time.perf_counter() - began
    timing = [line for line in done.stderr.splitlines() if line.startswith("TIMING ")]
    if done.returncode != 0 or not timing:
        raise SystemExit(f"the report command failed ({done.returncode}):\n{done.stderr}")
    spent = json.loads(timing[-1].removeprefix("TIMING "))
    weasyprint = spent["weasyprint"]
    return {"the command's work, timed inside a fresh process (its imports count as ours)": (spent["command"] - weasyprint, weasyprint),
            "the whole command, wall clock (starting Python counts as ours too)": (wall - weasyprint, weasyprint)}


def report(title: str, rounds: list[dict[str, tuple[float, float]]]) -> None:
    print(f"{title} (median of {len(rounds)} rounds):")
    for name in rounds[0]:
        ours = statistics.median(r[name][0] for r in rounds)
        theirs = statistics.median(r[name][1] for r in rounds)
        shares = sorted(r[name][0] / sum(r[name]) for r in rounds)
        print(f"{name:>32}: pipeline {ours:.2f} s, WeasyPrint {theirs:.2f} s; pipeline share "
              f"{statistics.median(shares):.1%} (rounds {shares[0]:.1%} to {shares[-1]:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every case; medians are reported")
    parser.add_argument("--warm", action="store_true", help="also run every case in this one warm process")
    parser.add_argument("--one-core", action="store_true", help="never fork (diagnose/parallel.py)")
    args = parser.parse_args()
    from review_scaling import generate

    from diagnose import okrs, parallel
    from diagnose.diagnosis import Inputs
    from diagnose.resources import content_dir

    if args.one_core:
        parallel.PARALLEL_MINIMUM = okrs.PARALLEL_CHECKIN_BYTES = okrs.PARALLEL_EXPORT_BYTES = sys.maxsize
    demo = content_dir("demo")
    answers = sorted((demo / "answers").glob("*.yaml"))
    profile = demo / "profile.yaml"
    cases = {"demo": Inputs(answers=answers, okrs=demo / "okrs.csv", checkins=demo / "checkins.csv", profile=profile)}
    with tempfile.TemporaryDirectory() as folder:
        okrs_file, checkins = generate(Path(folder), 10000)
        cases["10,000 KRs, no check-ins"] = Inputs(answers=answers, okrs=okrs_file, profile=profile)
        cases["10,000 KRs, 100,000 check-ins"] = Inputs(answers=answers, okrs=okrs_file, checkins=checkins,
                                                        profile=profile)
        out, bytecode = Path(folder) / "out", Path(folder) / "bytecode"
        as_command(cases["demo"], out, args.one_core, bytecode)  # compiles every module once, untimed
        rounds = [{name: as_command(inputs, out, args.one_core, bytecode) for name, inputs in cases.items()}
                  for _ in range(args.rounds)]
        for measure in rounds[0]["demo"]:
            report(measure, [{name: r[name][measure] for name in cases} for r in rounds])
        if args.warm:
            in_process(cases["demo"], out)  # import WeasyPrint, load fonts and fill caches once
            report("in one warm process", [{name: in_process(inputs, out) for name, inputs in cases.items()}
                                           for _ in range(args.rounds)])


if __name__ == "__main__":
    main()
