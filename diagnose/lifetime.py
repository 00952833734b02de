"""Objects a command has finished with, left for the process's exit to reclaim.

A large organisation's rows, cycle and diagnosis are hundreds of thousands of small objects, and
freeing them one by one as each stage lets go took 40 ms of a 10,000-key-result report. The
console script ends with os._exit (cli.run), which reclaims the whole process at once; it turns
keeping on. In any other process (the tests, code importing the package) `keep_until_exit`
does nothing and memory is freed as usual.
"""

from __future__ import annotations

_kept: list[object] | None = None


def keep_until_exit(*objects: object) -> None:
    if _kept is not None:
        _kept.extend(objects)


def keep_everything_until_exit() -> None:
    """Called once by a process that ends with os._exit."""
    global _kept
    _kept = []
