"""`okr-diagnose check`: validate question banks, modules, rules and settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import say


def register(commands) -> None:
    check = commands.add_parser("check", help="validate question banks, modules and rules",
                                description="Check question banks, the module library and rules (the bundled "
                                            "ones when no PATH is given). Lists every problem with file:line.")
    check.add_argument("paths", type=Path, nargs="*", metavar="PATH",
                       help="bank, module or rules YAML files, or folders of them")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--signals", action="store_true", help="list the signals rules may test, and stop")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.check import check_paths, format_results
    from diagnose.content.rulebook import vocabulary_listing

    if args.signals:
        for line in vocabulary_listing():
            say(line)
        return 0
    results = check_paths(args.paths)
    say(format_results(results, strict=args.strict))
    failed = any(r.errors or (args.strict and r.warnings) for r in results)
    return 2 if failed else 0
