"""The command line: the parser, and the one place that turns exceptions into messages and exit codes.

Each command lives in its own module (diagnose/commands/) and imports what it needs when it
runs, so `--help` stays instant and never loads WeasyPrint or questionary.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import signal
import sys
from types import ModuleType

from diagnose import __version__
from diagnose.commands import COMMANDS
from diagnose.core import stops
from diagnose.core.errors import DiagnoseError, InputError

PROG = "okr-diagnose"
DESCRIPTION = """\
Find out what an organisation's teams need to learn about OKRs, and write the programme that
teaches it. Reads survey or interview answers and the last OKR cycle's export, turns them
into findings with evidence, and writes a tailored curriculum, rollout plan and measurement
plan as PDF, HTML, JSON and a calendar file. Everything stays on this machine."""
EPILOG = """\
examples:
  okr-diagnose demo                              the whole pipeline on a sample organisation
  okr-diagnose init acme/                        a client folder: profile, answers, mapping, next steps
  okr-diagnose bank export --format google-apps-script --role team_member > team-form.gs
  okr-diagnose survey --answers me.yaml          answer the interview in the terminal
  okr-diagnose review okrs.csv --checkins checkins.csv
  okr-diagnose report --okrs okrs.csv --checkins checkins.csv --answers answers/*.yaml \\
                      --profile profile.yaml --out client-report/
  okr-diagnose report --responses team-survey.csv --role team_member --okrs okrs.csv
  okr-diagnose check                             validate the bundled banks, modules and rules
  okr-diagnose content init acme-content/        your own copy of them, used with --content acme-content/
  okr-diagnose compare q3-report/ q1-report/     did the training work? progress between two cycles

exit codes: 0 done, 2 bad input or usage, 130 interrupted (nothing lost), 1 internal error"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        _command(name).register(subparsers)
    return parser


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"diagnose.commands.{name}")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = _command(args.command).run(args)
        stops.raise_if_requested()  # a stop Python swallowed along the way is still a stop
        return code
    except InputError as exc:
        _tell(f"{PROG}: {exc.render()}")
        return exc.exit_code
    except DiagnoseError as exc:
        _tell(f"{PROG}: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _tell(f"{PROG}: interrupted")
        return 130
    except BrokenPipeError:  # the reader went away ("| head"): it wants nothing more, and that is no error
        # Python flushes stdout once more at exit; pointed at /dev/null, that flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the machine, not the code: a full disk, a name too long, a folder in the way
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        _tell(f"{PROG}: {where}{reason} (check the path, the free space and the permissions)")
        return 2
    except Exception as exc:  # the last line of defence: one line, the traceback only on request
        if args.debug:
            raise
        _tell(f"{PROG}: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        return 1


_OS_REASONS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
               errno.EROFS: "the folder is read-only", errno.EACCES: "permission denied",
               errno.ENAMETOOLONG: "the name is too long", errno.EEXIST: "a file is in the way",
               errno.ENOTDIR: "a file stands where a folder is needed"}


def _tell(message: str) -> None:
    """The one line that says why the command stopped. A closed terminal cannot show it, and
    must not turn an interrupted command (exit 130) into a crash."""
    with contextlib.suppress(OSError):
        print(message, file=sys.stderr)


def run() -> None:
    """The console script and `python -m diagnose`."""
    stops.install()  # stopped by `kill` or a closed terminal as by Ctrl-C
    code = main()
    # Everything is written by now: a stop that comes while Python shuts down changes nothing,
    # so it must not turn a finished command into one killed by a signal.
    for stop in stops.STOPS:
        signal.signal(stop, signal.SIG_IGN)
    sys.exit(code)
