"""Work done by a forked child on the second core while this process goes on.

`report` uses it three times for a large organisation: a large check-ins file is read while
this process reads the OKR export (okrs.py), the review judges every key result's wording while
this process finds links and reads the numbers (review.py), and the JSON, calendar and CSV are
made while WeasyPrint lays out the PDF (outputs.py). Whatever goes wrong in the child
(it crashes, is killed, its result does not pickle, fork fails), this process does the work
itself: the outcome never depends on the child, only sometimes the time taken.

Splitting the checks of the key results between two processes was measured and lost: bringing
5,000 checked key results back (unpickling pydantic models) and the copy-on-write page faults
after a fork of a large process cost more than half the checking saves. Work that pays is work
whose result is small or plain bytes (10,000 verdicts are tuples), done while this process is
busy with something else.

Forking is used only on Linux, where it is the default and safe with the libraries loaded here
(macOS frameworks are not fork-safe; Windows has no fork). Elsewhere the work runs here.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import sys
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Key results from which forking pays: a fork and its copy-on-write faults cost about 10 ms, and
# judging 2,000 key results, or their JSON and CSV, take about 20 ms. The demo's 40 never fork.
PARALLEL_MINIMUM = 2000
_FAILED = object()


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "memfd_create"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


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
        # The result travels through an in-memory file, not a pipe: a pipe passes 64 KiB at a
        # time and a large organisation's JSON is megabytes. It is never on disk, so nothing
        # of the client's is left behind.
        self.channel = os.memfd_create("okr-diagnose", os.MFD_CLOEXEC)
        try:
            self.pid = os.fork()
        except OSError:  # no memory or process slots left: work here instead
            os.close(self.channel)
            return
        if self.pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
            code = 1
            try:
                payload = memoryview(pickle.dumps(self.work(), protocol=pickle.HIGHEST_PROTOCOL))
                while payload:
                    payload = payload[os.write(self.channel, payload):]
                code = 0
            finally:
                # Never return into the parent's code, run its exit handlers or flush its buffers.
                os._exit(code)

    def result(self) -> Result:
        if not self.done:
            value = self._from_child() if self.pid is not None else _FAILED
            self.value = self.work() if value is _FAILED else value
            self.done = True
        return self.value

    def _from_child(self) -> object:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # SIGCHLD ignored by whoever started us: the child reaped itself
            status = None
        # Reaped (an interruption above leaves pid set, for __exit__ to stop the child).
        self.pid = None
        with os.fdopen(self.channel, "rb") as channel:
            if status is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return _FAILED
            channel.seek(0)  # the child's writes moved the offset it shares with this process
            try:
                return pickle.load(channel)
            except Exception:
                return _FAILED

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pid is not None:  # the child was never waited for: this process failed first
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
            os.close(self.channel)


class SharedMap:
    """`function` applied to each of `items`, on two cores: a forked child starts at once from the
    first item on, and `results()` joins in from the last item back until the two meet.

    This process does its other work first; whatever of the map is left then is shared. Each
    side claims an item in a word of shared memory before working on it, and stops at the first
    item the other has claimed. Both may take the one item they reach at the same moment, which
    only costs that item twice. If the child fails, this process maps what the child had not
    returned. The results are in the order of `items`.
    """

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item], fork: bool = True):
        self.function = function
        self.items = items
        self.child: Background | None = None
        if fork and items and can_fork():
            # [0]: the child's next item; [1]: the lowest item this process has claimed.
            self.claims = memoryview(mmap.mmap(-1, 16)).cast("q")
            self.claims[0], self.claims[1] = 0, len(items)
            self.child = Background(self._from_the_front)

    def _from_the_front(self) -> list[Result]:
        claims, results = self.claims, []
        for index, item in enumerate(self.items):
            if index >= claims[1]:
                break
            claims[0] = index + 1
            results.append(self.function(item))
        return results

    def results(self) -> list[Result]:
        if self.child is None:
            return [self.function(item) for item in self.items]
        claims, from_the_back = self.claims, []
        for index in range(len(self.items) - 1, -1, -1):
            if index < claims[0]:
                break
            claims[1] = index
            from_the_back.append(self.function(self.items[index]))
        front = self.child.result()  # made here, up to what this process claimed, if the child failed
        from_the_back.reverse()
        return front + from_the_back[len(front) - claims[1]:]

    def __enter__(self) -> "SharedMap":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.child is not None:
            self.child.__exit__(*exc_info)
