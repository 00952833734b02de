"""`okr-diagnose survey`: the interview in the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import content_options


def register(commands) -> None:
    survey = commands.add_parser("survey", help="answer the interview in the terminal",
                                 parents=[content_options()],
                                 description="Interactive interview. The answers file is saved after every "
                                             "answer; run again on the same file to resume.")
    survey.add_argument("--role", help="respondent's role: consultant, leader, manager, team_member or hr")
    survey.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    survey.add_argument("--answers", type=Path, metavar="FILE",
                        help="answers file to write and resume (default: answers.yaml, when it does not "
                             "exist yet: give an existing file by name to carry on with it)")
    survey.add_argument("--review", action="store_true",
                        help="list every answer given so far and change any of them")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import Content
    from diagnose.core.errors import InputError, Problem
    from diagnose.people.survey import run_interview  # questionary is imported only for the interview

    path = args.answers
    if path is None:
        path = Path("answers.yaml")
        # Never carry on with someone else's answers unasked: the last person may have left them.
        if path.exists():
            raise InputError(Problem(str(path), "already holds someone's answers",
                                     hint=f"to carry on with them, run `okr-diagnose survey --answers {path}`; "
                                          "for a new respondent, give a new file: --answers NAME.yaml"))
    bank = Content.load(args.content).bank(args.bank)
    return run_interview(path, role=args.role, review=args.review, bank=bank)
