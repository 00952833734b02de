"""`okr-diagnose bank export`: the question bank for people and other tools."""

from __future__ import annotations

import argparse
import sys


def register(commands) -> None:
    bank = commands.add_parser("bank", help="the question bank for people and other tools")
    bank_commands = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    export = bank_commands.add_parser("export", help="print the bank as JSON, CSV or a Markdown interview guide")
    export.add_argument("--bank", help="question bank id (default: okr-training-needs)")
    export.add_argument("--format", choices=("json", "csv", "md"), default="json", help="(default: json)")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.bank import load_bundled_bank
    from diagnose.people.bank_export import export_csv, export_json, export_markdown

    bank = load_bundled_bank(args.bank)
    exporter = {"json": export_json, "csv": export_csv, "md": export_markdown}[args.format]
    sys.stdout.write(exporter(bank))
    return 0
