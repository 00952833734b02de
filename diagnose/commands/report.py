"""`okr-diagnose report`: answers and/or a last cycle in, the report's files out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from diagnose.commands._options import (
    at_least_one,
    content_options,
    cycle_options,
    output_folder,
    say,
    say_written,
    summarise_inputs,
)

if TYPE_CHECKING:
    from diagnose.content.bundle import Content
    from diagnose.pipeline import Inputs


def register(commands) -> None:
    okrs = argparse.ArgumentParser(add_help=False)  # a parent too, so that it is listed before the others
    okrs.add_argument("--okrs", type=Path, metavar="FILE",
                      help="last-cycle OKR export (CSV, Excel, YAML, JSON or Viva Goals ZIP)")
    report = commands.add_parser("report", help="diagnose and write the report (the main job)",
                                 parents=[okrs, cycle_options(), content_options()],
                                 description="Survey answers and/or a last cycle in; report.pdf, summary.pdf "
                                             "(two pages for the sponsor), report.html, diagnosis.json, "
                                             "rollout.ics and key_results.csv out.")
    report.add_argument("--answers", type=Path, nargs="+", action="extend", default=[], metavar="FILE",
                        help="answers files written by `okr-diagnose survey`; repeat the flag or list "
                             "several files after it, all are read")
    report.add_argument("--responses", type=Path, nargs="+", action="extend", default=[], metavar="FILE",
                        help="form-tool exports (CSV or .xlsx: Google Forms, Microsoft Forms, SurveyMonkey, "
                             "Qualtrics, Typeform, LimeSurvey), one respondent a row, columns headed by "
                             "the question text; repeat the flag or list several files after it, all are read; "
                             "FILE:ROLE gives one file's respondents their role (leaders.csv:leader)")
    report.add_argument("--role", metavar="ROLE",
                        help="role of every respondent in --responses where the form did not ask it and "
                             "the file has no :ROLE (consultant, leader, manager, team_member, hr)")
    report.add_argument("--labels", type=Path, metavar="FILE",
                        help="YAML table mapping answer labels in --responses to choices, added to the "
                             "bundled one (see question_banks/imports/likert-labels.yaml)")
    report.add_argument("--profile", type=Path, metavar="FILE",
                        help="organisation profile YAML (name, team types, maturity, start date, session length)")
    report.add_argument("--strict", action="store_true",
                        help="treat every warning about the inputs (a column ignored, a cell that cannot be read, "
                             "a file given twice) as an error: exit 2 and write nothing")
    report.add_argument("--min-group", type=at_least_one, default=3, metavar="N",
                        help="smallest role group shown on its own, for anonymity (default: 3)")
    report.add_argument("--out", type=output_folder, default=Path("okr-diagnosis"), metavar="DIR",
                        help="folder for the outputs (default: okr-diagnosis/)")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import Content
    from diagnose.core.errors import InputError
    from diagnose.pipeline import Inputs

    if args.checkins and not args.okrs:
        raise InputError("--checkins needs the OKR export they belong to: add --okrs FILE")
    if (args.previous or args.mapping or args.kinds) and not args.okrs:
        raise InputError("--previous, --mapping and --kinds describe an OKR export: add --okrs FILE")
    if (args.role or args.labels) and not args.responses:
        raise InputError("--role and --labels describe form-tool exports: add --responses FILE")
    inputs = Inputs(answers=list(args.answers), responses=list(args.responses), role=args.role,
                    labels=args.labels, okrs=args.okrs, checkins=args.checkins, profile=args.profile,
                    previous=args.previous, mapping=args.mapping, kinds=args.kinds, min_group=args.min_group)
    return diagnose_and_write(inputs, Content.load(args.content), args.out, strict=args.strict)


def diagnose_and_write(inputs: Inputs, content: Content, out: Path, demo: bool = False, strict: bool = False) -> int:
    """The pipeline, then the writers; then what was found and where it was written."""
    from diagnose.core.errors import InputError
    from diagnose.core.models import top_findings
    from diagnose.core.output_set import recover
    from diagnose.pipeline import diagnose
    from diagnose.report.outputs import write_outputs

    recover(out)  # a folder a killed run left half-written, or another run's, is dealt with before the work
    diagnosis = diagnose(inputs, content)
    if strict and diagnosis.input_warnings:
        summarise_inputs(diagnosis, shown_at_most=content.settings.limits.warnings_shown)
        raise InputError(f"--strict: {len(diagnosis.input_warnings)} warnings about the inputs (listed above); "
                         "fix them, or run without --strict to accept them")
    written, warnings = write_outputs(diagnosis, content.library, out)
    title = "Demo diagnosis of" if demo else "Diagnosis of"
    say(f"{title} {diagnosis.organisation}: {len(diagnosis.findings)} findings, "
        f"{len(diagnosis.recommendations)} modules in {len(diagnosis.sessions)} sessions.")
    say("")
    say("Top findings:")
    for number, finding in enumerate(top_findings(diagnosis, 3), start=1):
        kind = "training" if finding.training_need else "leadership action"
        say(f"  {number}. [{finding.severity}] {finding.title} ({finding.area.replace('_', ' ')}, {kind})")
    say("")
    say_written(out, written, warnings)
    summarise_inputs(diagnosis, shown_at_most=content.settings.limits.warnings_shown)
    return 0
