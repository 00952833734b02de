"""The command line. The one place that turns exceptions into messages and exit codes.

Commands import what they need when they run, so `--help` stays instant and never loads
WeasyPrint or questionary.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from diagnose import __version__
from diagnose.errors import DiagnoseError, InputError

PROG = "okr-diagnose"
DESCRIPTION = """\
Find out what an organisation's teams need to learn about OKRs, and write the programme that
teaches it. Reads survey or interview answers and the last OKR cycle's export, turns them
into findings with evidence, and writes a tailored curriculum, rollout plan and measurement
plan as PDF, HTML, JSON and a calendar file. Everything stays on this machine."""
EPILOG = """\
examples:
  okr-diagnose demo                              the whole pipeline on a sample organisation
  okr-diagnose survey --answers me.yaml          answer the interview in the terminal
  okr-diagnose review okrs.csv --checkins checkins.csv
  okr-diagnose report --okrs okrs.csv --checkins checkins.csv --answers answers/*.yaml \\
                      --profile profile.yaml --out client-report/
  okr-diagnose report --responses team-survey.csv --role team_member --okrs okrs.csv
  okr-diagnose check                             validate the bundled banks, modules and rules
  okr-diagnose compare q3-report/ q1-report/     did the training work? progress between two cycles

exit codes: 0 done, 2 bad input or usage, 130 interrupted (nothing lost), 1 internal error"""


def cycle_options() -> argparse.ArgumentParser:
    """The options that go with an OKR export, shared by `review` and `report`."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--checkins", type=Path, metavar="FILE", help="check-ins CSV (or .xlsx) for the OKR export")
    options.add_argument("--previous", type=Path, metavar="FILE",
                         help="the cycle before's OKR export, to find key results carried over")
    options.add_argument("--mapping", type=Path, metavar="FILE",
                         help="YAML naming which column of the OKR export is which, for exports whose headers "
                              "are not recognised")
    options.add_argument("--kinds", type=Path, metavar="FILE",
                         help="your own outcome-or-activity verdicts, which override the tool's: CSV or .xlsx "
                              "with a kind column (outcome or activity) and a text or id column, e.g. the "
                              "report's key_results.csv with its kind column corrected")
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser("demo", help="run the whole pipeline on the bundled sample organisation",
                               description="Diagnose the bundled sample organisation (eight respondents and a "
                                           "41-key-result cycle with check-ins) and write its report.")
    demo.add_argument("--out", type=Path, default=Path("okr-diagnosis-demo"), metavar="DIR",
                      help="folder for the outputs (default: okr-diagnosis-demo/)")
    demo.add_argument("--next", action="store_true",
                      help="also diagnose the organisation's next cycle, after the training, into DIR/next-cycle/, "
                           "and compare the two into DIR/progress/")

    survey = commands.add_parser("survey", help="answer the interview in the terminal",
                                 description="Interactive interview. The answers file is saved after every "
                                             "answer; run again on the same file to resume.")
    survey.add_argument("--role", help="respondent's role: consultant, leader, manager, team_member or hr")
    survey.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    survey.add_argument("--answers", type=Path, default=Path("answers.yaml"), metavar="FILE",
                        help="answers file to write and resume (default: answers.yaml)")
    survey.add_argument("--review", action="store_true",
                        help="list every answer given so far and change any of them")

    cycle = cycle_options()
    review = commands.add_parser("review", help="review the last OKR cycle alone", parents=[cycle],
                                 description="Read an OKR export and print what it shows, key result by key "
                                             "result. Reads CSV or Excel (one row per key result, or objective "
                                             "and key result rows told apart by a type column, as Betterworks "
                                             "and Lattice export), nested YAML or JSON, and Viva Goals' ZIP.")
    review.add_argument("okrs", type=Path, metavar="OKRS", help="the OKR export (.csv, .xlsx, .yaml, .json, .zip)")
    review.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    review.add_argument("--cadence", choices=("weekly", "biweekly"), default="weekly",
                        help="check-in cadence to judge discipline against (default: weekly)")

    okrs = argparse.ArgumentParser(add_help=False)  # a parent too, so that it is listed before the others
    okrs.add_argument("--okrs", type=Path, metavar="FILE",
                      help="last-cycle OKR export (CSV, Excel, YAML, JSON or Viva Goals ZIP)")
    report = commands.add_parser("report", help="diagnose and write the report (the main job)", parents=[okrs, cycle],
                                 description="Survey answers and/or a last cycle in; report.pdf, report.html, "
                                             "diagnosis.json, rollout.ics and key_results.csv out.")
    report.add_argument("--answers", type=Path, nargs="+", action="extend", default=[], metavar="FILE",
                        help="answers files written by `okr-diagnose survey`; repeat the flag or list "
                             "several files after it, all are read")
    report.add_argument("--responses", type=Path, nargs="+", action="extend", default=[], metavar="FILE",
                        help="form-tool exports (CSV or .xlsx: Google Forms, Microsoft Forms, SurveyMonkey, "
                             "Qualtrics, Typeform, LimeSurvey), one respondent a row, columns headed by "
                             "the question text; repeat the flag or list several files after it, all are read")
    report.add_argument("--role", metavar="ROLE",
                        help="role of every respondent in --responses where the form did not ask it "
                             "(consultant, leader, manager, team_member, hr)")
    report.add_argument("--labels", type=Path, metavar="FILE",
                        help="YAML table mapping answer labels in --responses to choices, added to the "
                             "bundled one (see question_banks/imports/likert-labels.yaml)")
    report.add_argument("--profile", type=Path, metavar="FILE",
                        help="organisation profile YAML (name, team types, maturity, start date, session length)")
    report.add_argument("--min-group", type=int, default=3, metavar="N",
                        help="smallest role group shown on its own, for anonymity (default: 3)")
    report.add_argument("--out", type=Path, default=Path("okr-diagnosis"), metavar="DIR",
                        help="folder for the outputs (default: okr-diagnosis/)")

    check = commands.add_parser("check", help="validate question banks, modules and rules",
                                description="Check question banks, the module library and rules (the bundled "
                                            "ones when no PATH is given). Lists every problem with file:line.")
    check.add_argument("paths", type=Path, nargs="*", metavar="PATH",
                       help="bank, module or rules YAML files, or folders of them")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--signals", action="store_true", help="list the signals rules may test, and stop")

    compare = commands.add_parser("compare", help="progress between two diagnoses of the same organisation",
                                  description="Compare two diagnosis.json files of the same organisation (or "
                                              "folders holding one), a cycle or more apart: area scores, the "
                                              "measurement plan's indicators, findings resolved, persisting and "
                                              "new, and what to repeat, drop or add next cycle.")
    compare.add_argument("before", type=Path, metavar="BEFORE", help="the earlier diagnosis.json (or its folder)")
    compare.add_argument("after", type=Path, metavar="AFTER", help="the later diagnosis.json (or its folder)")
    compare.add_argument("--out", type=Path, default=Path("okr-progress"), metavar="DIR",
                         help="folder for progress.pdf, progress.html and progress.json (default: okr-progress/)")

    bank = commands.add_parser("bank", help="the question bank for people and other tools")
    bank_commands = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    export = bank_commands.add_parser("export", help="print the bank as JSON, CSV or a Markdown interview guide")
    export.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    export.add_argument("--format", choices=("json", "csv", "md"), default="json", help="(default: json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from diagnose import commands

        return getattr(commands, f"run_{args.command}")(args)
    except InputError as exc:
        print(f"{PROG}: {exc.render()}", file=sys.stderr)
        return exc.exit_code
    except DiagnoseError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, the traceback only on request
        if args.debug:
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """The console script and `python -m diagnose`."""
    # Stopped by `kill` or a closed terminal as by Ctrl-C: files half made are removed.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _interrupt)
    sys.exit(main())
