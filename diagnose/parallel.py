"""Work done by a forked child on the second core while this process goes on.

`report` uses it three times for a large organisation: a large check-ins file is read while
this process reads the OKR export (okrs.py); every key result's wording is judged from the
moment its rows are read while this process builds the cycle, finds links and reads the numbers
(review.WordingJudge, with a child forked before the export is read); and the JSON, calendar
and CSV are made while WeasyPrint lays out the PDF (outputs.py). Whatever goes wrong in the child
(it crashes, is killed, its result does not pickle, fork fails), this process does the work
itself: the outcome never depends on the child, only sometimes the time taken.

Splitting the checks of the key results between two processes was measured and lost: bringing
5,000 checked key results back (unpickling pydantic models) and the copy-on-write page faults
after a fork of a large process cost more than half the checking saves (hence Standby, a
child forked early that waits for its input). Work that pays is work
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
_NOTHING = object()


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
                payload = memoryview(pickle.dumps(self._in_child(), protocol=pickle.HIGHEST_PROTOCOL))
                while payload:
                    payload = payload[os.write(self.channel, payload):]
                code = 0
            finally:
                # Never return into the parent's code, run its exit handlers or flush its buffers.
                os._exit(code)

    def _in_child(self) -> Result:  # pragma: no cover - runs in the child
        return self.work()

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


class Standby(Background):
    """`work(given)` computed in a child forked now, once `give(given)` hands it its input.

    For work whose input is not known yet, forked while this process is still small. Whatever
    this process builds after the fork is its own; a child forked later shares every page of
    it, and this process pays a copy-on-write fault for each page it then writes to: for a
    10,000-key-result export that was 4,000 faults, half the time the child saved. Until it is
    given its input, the child sleeps, reading a pipe. If it fails, or was never forked,
    `result()` computes `work(given)` here. `cancel()` stops a child that will not be needed.

    `niceness` lowers the child's priority once it works (os.nice), for work needed later than
    that of this process and of other children: on two cores it then takes only the time they
    leave.
    """

    def __init__(self, work: Callable[[Item], Result], fork: bool = True, niceness: int = 0):
        self.given = _NOTHING
        self.work_on = work
        self.niceness = niceness
        super().__init__(lambda: self.work_on(self.given), fork)

    def _start(self) -> None:
        # The input waits in an in-memory file of its own; one byte down the pipe says it is
        # there. The child reads end of file instead when this process ends or gives up.
        self.inbox = os.memfd_create("okr-diagnose", os.MFD_CLOEXEC)
        self.wait_end, self.go = os.pipe()
        super()._start()
        os.close(self.wait_end)
        if self.pid is None:
            self._close()

    def _in_child(self) -> Result:  # pragma: no cover - runs in the child
        os.close(self.go)
        if os.read(self.wait_end, 1) != b"g":
            raise SystemExit(1)  # never given anything: exit without a result
        if self.niceness:
            os.nice(self.niceness)
        self.given = pickle.loads(os.pread(self.inbox, os.fstat(self.inbox).st_size, 0))
        return self.work()

    def give(self, given: Item) -> None:
        self.given = given
        if self.pid is None:
            return
        try:
            payload = memoryview(pickle.dumps(given, protocol=pickle.HIGHEST_PROTOCOL))
            offset = 0
            while offset < len(payload):
                offset += os.pwrite(self.inbox, payload[offset:], offset)
            os.write(self.go, b"g")
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            self.cancel()  # the child is gone, or the input cannot travel: the work is done here

    def result(self) -> Result:
        if self.given is _NOTHING:
            raise RuntimeError("Standby.result() before give()")
        return super().result()

    def cancel(self) -> None:
        self.__exit__(None, None, None)

    def _from_child(self) -> object:
        try:
            return super()._from_child()
        finally:
            self._close()

    def __exit__(self, *exc_info) -> None:
        if self.pid is not None:
            super().__exit__(*exc_info)
            self._close()

    def _close(self) -> None:
        if self.inbox is not None:  # once only: a number closed twice may be another file's by then
            os.close(self.inbox)
            os.close(self.go)
            self.inbox = self.go = None


class SharedMap:
    """`function` applied to each of the items `give` hands over later, on two cores: a child
    forked now (see Standby) starts from the first item as soon as it has them, and `results()`
    joins in from the last item back until the two meet.

    This process does its other work first; whatever of the map is left then is shared. Each
    side claims an item in a word of shared memory before working on it, and stops at the first
    item the other has claimed. Both may take the one item they reach at the same moment, which
    only costs that item twice. If the child fails, this process maps what the child had not
    returned. The results are in the order of the items. `niceness`: as Standby's.
    """

    def __init__(self, function: Callable[[Item], Result], fork: bool = True, niceness: int = 0):
        self.function = function
        self.items: Sequence[Item] = ()
        self.given = False
        # [0]: the child's next item; [1]: the lowest item this process has claimed. Made before
        # the fork, so that both processes see the one page.
        self.claims = memoryview(mmap.mmap(-1, 16)).cast("q") if fork and can_fork() else None
        self.child = Standby(self._from_the_front, fork=self.claims is not None, niceness=niceness)

    def give(self, items: Sequence[Item]) -> None:
        self.items, self.given = items, True
        if self.claims is not None:
            self.claims[0], self.claims[1] = 0, len(items)
            self.child.give(items)

    def _from_the_front(self, items: Sequence[Item]) -> list[Result]:
        claims, results = self.claims, []
        for index, item in enumerate(items):
            if index >= claims[1]:
                break
            claims[0] = index + 1
            results.append(self.function(item))
        return results

    def results(self) -> list[Result]:
        if not self.given:
            raise RuntimeError("SharedMap.results() before give()")
        if self.claims is None:
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

    def cancel(self) -> None:
        """No items will be given: stop the child now."""
        self.child.cancel()

    def __enter__(self) -> "SharedMap":
        return self

    def __exit__(self, *exc_info) -> None:
        self.child.__exit__(*exc_info)
