"""`okr-diagnose compare`: did the training work? Progress between two diagnoses."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import output_folder, say, say_written


def register(commands) -> None:
    compare = commands.add_parser("compare", help="progress between two diagnoses of the same organisation",
                                  description="Compare two diagnosis.json files of the same organisation (or "
                                              "folders holding one), a cycle or more apart: area scores, the "
                                              "measurement plan's indicators, findings resolved, persisting and "
                                              "new, and what to repeat, drop or add next cycle.")
    compare.add_argument("before", type=Path, metavar="BEFORE", help="the earlier diagnosis.json (or its folder)")
    compare.add_argument("after", type=Path, metavar="AFTER", help="the later diagnosis.json (or its folder)")
    compare.add_argument("--out", type=output_folder, default=Path("okr-progress"), metavar="DIR",
                         help="folder for progress.pdf, progress.html and progress.json (default: okr-progress/)")


def run(args: argparse.Namespace) -> int:
    return compare_and_write(args.before, args.after, args.out)


def compare_and_write(before_path: Path, after_path: Path, out: Path) -> int:
    from diagnose.core.output_set import recover
    from diagnose.core.values import signed
    from diagnose.progress.compare import compare, load_diagnosis
    from diagnose.report.outputs import write_progress

    for folder in (before_path, after_path, out):  # never read, or write over, a set a killed run left half-moved
        recover(folder)
    before = load_diagnosis(before_path, "BEFORE")
    after = load_diagnosis(after_path, "AFTER")
    progress = compare(before, after, str(before_path), str(after_path))
    written, warnings = write_progress(progress, out, after.profile)
    span = (f"cycle {progress.before_cycle} to cycle {progress.after_cycle}" if progress.before_cycle
            and progress.after_cycle else f"{progress.before_date} to {progress.after_date}")
    say(f"Progress of {progress.organisation}, {span}:")
    say(f"  {progress.headline}")
    for change in progress.areas:
        shown = "not compared" if change.change is None else \
            f"{change.before:.0f} -> {change.after:.0f} ({signed(change.change)})"
        say(f"  {change.area.replace('_', ' '):<24} {shown}")
    for caveat in progress.caveats:
        say(f"  note: {caveat}")
    say("")
    say_written(out, written, warnings)
    return 0
