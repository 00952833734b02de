"""Use the machine's second core for work that splits cleanly.

A large review is pure Python, one key result after another, and the GIL keeps that on one
core. Here a forked child works through half of the items while this process does the other
half; the child's results come back pickled through a pipe. Whatever goes wrong in the child
(it crashes, is killed, its results do not pickle), this process does that half itself: the
answer is always exactly the serial one, only sometimes slower.

Forking is used only on Linux, where it is the default and safe with the libraries loaded here
(macOS frameworks are not fork-safe; Windows has no fork). Elsewhere everything runs serially.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a fork (about 10 ms for a process holding a large export) costs more
# than half the work saves; the demo organisation's 40 key results never fork.
PARALLEL_MINIMUM = 2000
_FAILED = object()


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def split_map(function: Callable[[Item], Result], items: Sequence[Item],
              minimum: int | None = None) -> list[Result]:
    """`[function(item) for item in items]`, the second half computed in a forked child when there
    are at least `minimum` items and a second core. `function` must not rely on side effects:
    the child's are lost."""
    if len(items) < (PARALLEL_MINIMUM if minimum is None else minimum):
        return [function(item) for item in items]
    half = len(items) // 2
    head, tail = items[:half], items[half:]
    with Background(lambda: [function(item) for item in tail]) as rest:
        return [function(item) for item in head] + rest.result()


class Background:
    """`work()` computed in a forked child while this process goes on; `result()` waits for it.

    If the child fails in any way, or cannot be forked, `result()` computes `work()` here, so
    the outcome never depends on the child. Used as a context manager, the child is stopped if
    its result was never asked for (this process failed first).
    """

    def __init__(self, work: Callable[[], Result], fork: bool = True):
        self.work = work
        self.pid: int | None = None
        self.done = False
        if fork and can_fork():
            self._start()

    def _start(self) -> None:
        self.reader, writer = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:  # no memory or process slots left: work here instead
            os.close(self.reader)
            os.close(writer)
            return
        if self.pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
            code = 1
            try:
                os.close(self.reader)
                payload = pickle.dumps(self.work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                # Never return into the parent's code, run its exit handlers or flush its buffers.
                os._exit(code)
        os.close(writer)

    def result(self) -> Result:
        if not self.done:
            self.done = True
            self.value = self._from_child() if self.pid is not None else _FAILED
            if self.value is _FAILED:
                self.value = self.work()
        return self.value

    def _from_child(self) -> object:
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                payload = pipe.read()  # read before waiting: a full pipe would block the child
        finally:
            _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return _FAILED
        try:
            return pickle.loads(payload)
        except Exception:
            return _FAILED

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pid is not None and not self.done:
            self.done = True
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            os.close(self.reader)
