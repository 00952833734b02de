"""`okr-diagnose demo`: the whole pipeline on the bundled sample organisation."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from diagnose.commands import compare
from diagnose.commands._options import content_options, output_folder, say
from diagnose.commands.report import diagnose_and_write

if TYPE_CHECKING:
    from diagnose.pipeline import Inputs


def register(commands) -> None:
    demo = commands.add_parser("demo", help="run the whole pipeline on the bundled sample organisation",
                               parents=[content_options()],
                               description="Diagnose the bundled sample organisation (eight respondents and a "
                                           "41-key-result cycle with check-ins) and write its report.")
    demo.add_argument("--out", type=output_folder, default=Path("okr-diagnosis-demo"), metavar="DIR",
                      help="folder for the outputs (default: okr-diagnosis-demo/)")
    demo.add_argument("--next", action="store_true",
                      help="also diagnose the organisation's next cycle, after the training, into DIR/next-cycle/, "
                           "and compare the two into DIR/progress/")


def _inputs(folder: Path, profile: Path) -> Inputs:
    from diagnose.pipeline import Inputs

    return Inputs(answers=sorted((folder / "answers").glob("*.yaml")), okrs=folder / "okrs.csv",
                  checkins=folder / "checkins.csv", profile=profile, today=dt.date.today())


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import Content
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    content = Content.load(args.content)
    code = diagnose_and_write(_inputs(demo, demo / "profile.yaml"), content, args.out, demo=True)
    if args.next:
        say("")
        diagnose_and_write(_inputs(demo / "next", demo / "profile.yaml"), content, args.out / "next-cycle", demo=True)
        say("")
        code = compare.compare_and_write(args.out, args.out / "next-cycle", args.out / "progress")
    return code
