"""`okr-diagnose review`: the last cycle alone, through the same pipeline as a report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from diagnose.commands._options import content_options, cycle_options, say, summarise_inputs


def register(commands) -> None:
    review = commands.add_parser("review", help="review the last OKR cycle alone",
                                 parents=[cycle_options(), content_options()],
                                 description="Read an OKR export and print what it shows, key result by key "
                                             "result. Reads CSV or Excel (one row per key result, or objective "
                                             "and key result rows told apart by a type column, as Betterworks "
                                             "and Lattice export), nested YAML or JSON, and Viva Goals' ZIP.")
    review.add_argument("okrs", type=Path, metavar="OKRS", help="the OKR export (.csv, .xlsx, .yaml, .json, .zip)")
    review.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    review.add_argument("--cadence", choices=("weekly", "biweekly"), default="weekly",
                        help="check-in cadence to judge discipline against (default: weekly)")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import Content
    from diagnose.pipeline import Inputs, build_diagnosis, gather
    from diagnose.report.review_text import review_json, review_text

    content = Content.load(args.content)
    inputs = Inputs(okrs=args.okrs, checkins=args.checkins, previous=args.previous, mapping=args.mapping,
                    kinds=args.kinds, checkin_cadence=args.cadence)
    gathered = gather(inputs, content)
    diagnosis = build_diagnosis(gathered, content, inputs)
    assert gathered.cycle is not None  # an export was given
    summarise_inputs(diagnosis, warnings=False)  # the review lists the warnings itself
    if args.format == "json":
        say(json.dumps(review_json(diagnosis, gathered.cycle), indent=2, ensure_ascii=False))
    else:
        say(review_text(diagnosis, gathered.cycle))
    return 0
