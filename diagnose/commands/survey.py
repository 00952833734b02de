"""`okr-diagnose survey`: the interview in the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands) -> None:
    survey = commands.add_parser("survey", help="answer the interview in the terminal",
                                 description="Interactive interview. The answers file is saved after every "
                                             "answer; run again on the same file to resume.")
    survey.add_argument("--role", help="respondent's role: consultant, leader, manager, team_member or hr")
    survey.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    survey.add_argument("--answers", type=Path, default=Path("answers.yaml"), metavar="FILE",
                        help="answers file to write and resume (default: answers.yaml)")
    survey.add_argument("--review", action="store_true",
                        help="list every answer given so far and change any of them")


def run(args: argparse.Namespace) -> int:
    from diagnose.people.survey import run_interview  # questionary is imported only for the interview

    return run_interview(args.answers, role=args.role, bank_id=args.bank, review=args.review)
