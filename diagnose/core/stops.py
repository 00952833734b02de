"""A stop asked for by Ctrl-C, `kill` or a closed terminal: raised, and remembered.

Python swallows the KeyboardInterrupt a signal handler raises when it lands in code Python
calls on its own, such as a weakref callback of the import machinery or a `__del__`: it
prints "Exception ignored in ..." with a traceback, and the work goes on, to the end, exit 0.
Remembering the stop lets the code that moves outputs into place refuse to, and the exit code
say 130, even then; the traceback is not shown, since the stop is not lost.
"""

from __future__ import annotations

import signal
import sys

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_requested = False


def install() -> None:
    """Every stop signal raises KeyboardInterrupt and is remembered, so a file half made is removed."""
    for stop in STOPS:
        signal.signal(stop, _stop)
    sys.unraisablehook = _quiet_about_stops


def _quiet_about_stops(unraisable, default=sys.unraisablehook) -> None:
    if not (_requested and isinstance(unraisable.exc_value, KeyboardInterrupt)):
        default(unraisable)


def requested() -> bool:
    return _requested


def raise_if_requested() -> None:
    """Before anything is put in place: a stop that was asked for, even one Python swallowed, wins."""
    if _requested:
        raise KeyboardInterrupt


def _stop(signum, frame) -> None:
    global _requested
    _requested = True
    raise KeyboardInterrupt
