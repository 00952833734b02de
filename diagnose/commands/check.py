"""`okr-diagnose check`: validate question banks, modules, rules and settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from diagnose.commands._options import content_options, say


def register(commands) -> None:
    check = commands.add_parser("check", help="validate question banks, modules and rules",
                                parents=[content_options()],
                                description="Check question banks, the module library, rules and settings (the "
                                            "bundled ones when no PATH is given). Lists every problem with "
                                            "file:line. A file with a bundled module's id replaces that module, "
                                            "as in a content folder; two of the files checked with one id clash.")
    check.add_argument("paths", type=Path, nargs="*", metavar="PATH",
                       help="bank, module, rules or settings YAML files, or folders of them such as a content "
                            "folder (the same as --content DIR)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--signals", action="store_true", help="list the signals rules may test, and stop")


def run(args: argparse.Namespace) -> int:
    from diagnose.content.check import check_paths, format_results
    from diagnose.content.rulebook import vocabulary_listing

    if args.signals:
        for line in vocabulary_listing():
            say(line)
        return 0
    if args.content:
        from diagnose.content.bundle import content_folder_problem
        from diagnose.core.errors import InputError

        refused = content_folder_problem(args.content)
        if refused:
            raise InputError(refused)
    results = check_paths(args.paths + ([args.content] if args.content else []))
    say(format_results(results, strict=args.strict))
    failed = any(r.errors or (args.strict and r.warnings) for r in results)
    return 2 if failed else 0
