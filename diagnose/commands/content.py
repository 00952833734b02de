"""`okr-diagnose content init`: a copy of the bundled content for a consultant to own."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import folder_to_make, say, warn


def register(commands) -> None:
    content = commands.add_parser(
        "content", help="make your own copy of the question bank, modules, rules and settings",
        description="Copy the bundled question bank, answer labels, modules, rules and settings into a folder "
                    "to edit; then give it to report, demo, review, survey, check and bank export with "
                    "--content DIR. Each item in the folder replaces the bundled one with the same id, new ones "
                    "are added, and a file you delete falls back to the bundled one.")
    actions = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="copy the bundled content into DIR",
                              description="Copy the bundled content into DIR (made if need be). A file already "
                                          "in DIR is kept as it is, and said.")
    init.add_argument("folder", type=folder_to_make, metavar="DIR", help="the folder to copy the content into")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import content_files
    from diagnose.core.scaffold import copy_new

    folder: Path = args.folder
    written, kept = copy_new(content_files(), folder)
    say(f"Content copied to {folder}/: {len(written)} files.")
    if kept:
        shown = ", ".join(str(path.relative_to(folder)) for path in kept[:3]) + (", ..." if len(kept) > 3 else "")
        warn(f"{len(kept)} files were there already and are kept as they are ({shown}); "
             "delete one and run again for the bundled copy")
    say("")
    say("Next:")
    say(f"  edit the modules in {folder}/curricula/modules/, the rules in {folder}/curricula/rules.yaml, the")
    say(f"  questions in {folder}/question_banks/ and the thresholds in {folder}/curricula/settings.yaml;")
    say(f"  okr-diagnose check {folder}                 validate the whole set")
    say(f"  okr-diagnose report --content {folder} ...  use it (also demo, review, survey, bank export)")
    return 0
