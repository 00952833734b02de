"""How the last-cycle review scales: generated exports of 1,000 and 10,000 key results with ten
check-ins each, in one run. Each timing is what `okr-diagnose review` does (loading the bundled
content, reading, reviewing, the rules and the plan). Reports seconds and the ratio (target: at
most 12x for ten times the data, and under 5 s for 10,000 key results).

Usage: python benchmarks/review_scaling.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from diagnose.content.bundle import Content
from diagnose.pipeline import Inputs, diagnose

TEAMS = ["Product: Shipper App", "Product: Carrier Platform", "Operations: Network Ops", "Operations: Support",
         "Shared Services: Finance", "Shared Services: People", "Shared Services: IT"]
TEMPLATES = ["Raise weekly active users from {a} to {b}", "Reduce average handling time from {a} to {b} minutes",
             "Launch the new onboarding flow for segment {a}", "Complete the migration of service {a}",
             "Cut churn from {a}% to {b}%", "Run {a} customer workshops", "NPS of {b} or above in region {a}",
             "Publish the playbook for team {a}"]


def generate(folder: Path, key_results: int, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    okrs, checkins = folder / f"okrs-{key_results}.csv", folder / f"checkins-{key_results}.csv"
    start = dt.date(2026, 7, 6)
    companies = max(3, key_results // 200)
    with okrs.open("w", newline="", encoding="utf-8") as o, checkins.open("w", newline="", encoding="utf-8") as c:
        kr_writer, ci_writer = csv.writer(o), csv.writer(c)
        kr_writer.writerow(["cycle", "objective_id", "objective", "team", "level", "parent", "key_result_id",
                            "key_result", "owner", "start_value", "target_value", "current_value", "score",
                            "confidence", "status"])
        ci_writer.writerow(["key_result_id", "date", "value", "confidence", "comment"])
        for number in range(key_results):
            objective = number // 3
            is_company = objective < companies
            team = "Executive" if is_company else TEAMS[objective % len(TEAMS)]
            parent = "" if is_company or rng.random() < 0.2 else f"O{rng.randrange(companies)}"
            a, b = rng.randint(10, 500), rng.randint(501, 900)
            kr_writer.writerow(["2026-Q3", f"O{objective}", f"Objective {objective} for {team}", team,
                                "company" if is_company else "team", parent, f"K{number}",
                                rng.choice(TEMPLATES).format(a=a, b=b), "" if rng.random() < 0.1 else f"owner{number % 97}",
                                a, b, rng.randint(a, b), round(rng.random(), 2), rng.randint(2, 9), "on_track"])
            for week in range(10):
                day = start + dt.timedelta(days=7 * week + rng.choice([0, 0, 0, 1, 2, 4]))
                ci_writer.writerow([f"K{number}", day.isoformat(), a + week, rng.randint(3, 9),
                                    "Blocked on Finance sign-off" if rng.random() < 0.05 else ""])
    return okrs, checkins


def timed(okrs: Path, checkins: Path) -> float:
    began = time.perf_counter()
    diagnosis = diagnose(Inputs(okrs=okrs, checkins=checkins), Content.bundled())
    assert diagnosis.key_results
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small, large = (generate(Path(folder), size) for size in args.sizes)
        timed(*small)  # warm up imports and the file cache so both runs measure the same work
        small_seconds, large_seconds = timed(*small), timed(*large)
    print(f"{args.sizes[0]:>6} key results: {small_seconds:.2f} s")
    print(f"{args.sizes[1]:>6} key results: {large_seconds:.2f} s")
    print(f"ratio: {large_seconds / small_seconds:.1f}x for {args.sizes[1] / args.sizes[0]:.0f}x the data")


if __name__ == "__main__":
    main()
