"""`okr-diagnose mapping suggest FILE`: a starting --mapping file from an export's headers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands) -> None:
    mapping = commands.add_parser("mapping", help="write a --mapping file for an OKR export",
                                  description="Read an OKR export's header row and print a --mapping YAML that "
                                              "says which column holds which field, with a comment on every "
                                              "column it could not place. Edit it, then give it to review or "
                                              "report with --mapping.")
    actions = mapping.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    suggest = actions.add_parser("suggest", help="print a starting mapping for an export (CSV or .xlsx)")
    suggest.add_argument("export", type=Path, metavar="FILE", help="the OKR export to read the headers of")


def run(args: argparse.Namespace) -> int:
    from diagnose.cycle.mapping_suggest import suggest_mapping

    sys.stdout.write(suggest_mapping(args.export))
    return 0
