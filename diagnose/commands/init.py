"""`okr-diagnose init`: a client folder to start an engagement in."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import folder_to_make, say, warn


def register(commands) -> None:
    init = commands.add_parser(
        "init", help="make a client folder: profile, answers folder, example mapping, next steps",
        description="Make a folder for one client's engagement: a commented profile.yaml (asked in a terminal, "
                    "the template otherwise), an answers/ folder for the interviews, an example mapping.yaml "
                    "for an OKR export whose headers are not recognised, and NEXT-STEPS.md with the commands "
                    "to run. A file already in the folder is kept as it is, and said.")
    init.add_argument("folder", type=folder_to_make, metavar="DIR", help="the client folder (made if need be)")
    init.add_argument("--defaults", action="store_true",
                      help="write the commented template without asking, even in a terminal")


def run(args: argparse.Namespace) -> int:
    from diagnose.core.models import Profile
    from diagnose.core.scaffold import copy_new
    from diagnose.people.engagement import PROFILE, ask_profile, engagement_files, in_a_terminal

    folder: Path = args.folder
    ask = not args.defaults and in_a_terminal() and not (folder / PROFILE).exists()
    profile = ask_profile() if ask else Profile()
    written, kept = copy_new(engagement_files(folder, profile, asked=ask), folder)
    say(f"Client folder {folder}/:")
    for path in written:
        say(f"  {path}")
    for path in kept:
        warn(f"kept {path} as it was: it was there already")
    say("")
    say(f"Next: read {folder}/NEXT-STEPS.md; the first step builds the survey forms.")
    return 0
