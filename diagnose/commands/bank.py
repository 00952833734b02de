"""`okr-diagnose bank export`: the question bank for people and other tools."""

from __future__ import annotations

import argparse
import sys

from diagnose.commands._options import content_options

FORMATS = ("json", "csv", "md", "google-apps-script", "qualtrics")


def register(commands) -> None:
    bank = commands.add_parser("bank", help="the question bank for people and other tools")
    bank_commands = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    export = bank_commands.add_parser(
        "export", parents=[content_options()],
        help="print the bank as JSON, CSV, an interview guide, or a Google Form or Qualtrics survey",
        description="Print the question bank on standard output, whole or as one role is asked it.\n"
                    "The form formats are built so that the form tool's response export goes straight\n"
                    "into `okr-diagnose report --responses`, with no labels file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats:\n"
               "  json                the bank as data: questions, choices, scores, skip logic (the default)\n"
               "  csv                 one row per question, choices joined by ' | ', to build a form by hand\n"
               "  md                  a printable interview guide in Markdown\n"
               "  google-apps-script  a script that creates the Google Form in your Google account: paste it\n"
               "                      into a new project at script.google.com and run createForm\n"
               "  qualtrics           an Advanced Format TXT file to import in Qualtrics\n"
               "                      (Survey > Tools > Import/Export > Import Survey)\n"
               "\n"
               "example:\n"
               "  okr-diagnose bank export --format google-apps-script --role team_member > team-form.gs")
    export.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    export.add_argument("--format", choices=FORMATS, default="json", metavar="FORMAT",
                        help="json, csv, md, google-apps-script or qualtrics (default: json; see below)")
    export.add_argument("--role", metavar="ROLE",
                        help="only the questions this role is asked (consultant, leader, manager, team_member, "
                             "hr); a form for one role does not ask the role, so import its responses with "
                             "--responses FILE:ROLE")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bundle import Content
    from diagnose.core.vocabulary import parse_role
    from diagnose.people.bank_export import export_csv, export_json, export_markdown, for_role
    from diagnose.people.form_builders import export_google_apps_script, export_qualtrics

    role = parse_role(args.role)
    content = Content.load(args.content)
    bank = for_role(content.bank(args.bank), role)
    if args.format in ("google-apps-script", "qualtrics"):
        from diagnose.content.labels import load_label_table

        # The form is checked against the labels its responses will be read with.
        table = load_label_table(bank, content_labels=content.labels)
        build = export_google_apps_script if args.format == "google-apps-script" else export_qualtrics
        sys.stdout.write(build(bank, role, table))
        return 0
    exporter = {"json": export_json, "csv": export_csv, "md": export_markdown}[args.format]
    sys.stdout.write(exporter(bank, role))
    return 0
