"""Write a command's outputs as one set: a reader of the folder sees the old set or the new
one, never a mix, whatever stops the run.

The set is first written whole into a staging folder inside the destination
(`.okr-diagnose-<token>/`), then marked complete, then moved in file by file with stop signals
held back, and the files of the old set that the new one lacks are removed. A failure before
the mark (a full disk, an unwritable folder, Ctrl-C) removes the staging folder and leaves the
old set as it was; a run killed during the moves leaves a complete staging folder, which the
next run finishes moving in before it starts. A lock file in the destination makes a second
run into the same folder, while the first is still writing, stop with a message.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from diagnose.core import stops
from diagnose.core.errors import InputError, Problem

STAGING_PREFIX = ".okr-diagnose-"
LOCK_NAME = ".okr-diagnose.lock"
COMPLETE = ".complete"
FAMILY = ".family"  # every name the command writes, so that a resumed move also retires what the set lacks


def write_set(out_dir: Path, contents: Mapping[str, bytes], family: tuple[str, ...]) -> dict[str, Path]:
    """`contents` (file name to bytes) as the set of outputs in `out_dir`, in their order.
    `family`: every name this command ever writes there, so that a file the new set lacks
    (key_results.csv, when there is no export) does not stay behind from an older run."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    with _locked(out_dir):
        _finish_or_remove_leftovers(out_dir)
        staging = out_dir / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
        try:
            staging.mkdir()
            for name, data in contents.items():
                _write_durably(staging / name, data)
            _write_durably(staging / FAMILY, "\n".join(family).encode("utf-8"))
            _write_durably(staging / COMPLETE, "\n".join(contents).encode("utf-8"))
            with _stop_signals_held():
                stops.raise_if_requested()
                _move_in(staging, out_dir, family)
        except BaseException as exc:  # after the moves the staging folder is gone already
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _cannot_write(out_dir, exc) from None
            raise
    return {name: out_dir / name for name in contents}


def recover(out_dir: Path) -> None:
    """A folder a killed run left half-written, made whole again before anything reads or writes
    it: the killed run's set moved in if it was complete, else its staging removed. Also checks,
    before any work is done, that no other run holds the folder."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    try:
        with _locked(out_dir):
            _finish_or_remove_leftovers(out_dir)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None


def _move_in(staging: Path, out_dir: Path, family: tuple[str, ...], resume: bool = False) -> None:
    """The old set's files into the staging folder's `.old`, the new set's into `out_dir`; if a
    move fails, every move is undone, so the old set is back as it was. `resume`: a killed
    run's complete set, whose old files are already put aside: only its moves are finished."""
    names = [name for name in (staging / COMPLETE).read_text(encoding="utf-8").split("\n") if name]
    if resume and (staging / FAMILY).exists():
        family = tuple(name for name in (staging / FAMILY).read_text(encoding="utf-8").split("\n") if name)
    backup = staging / ".old"
    backup.mkdir(exist_ok=True)
    undo: list[tuple[Path, Path]] = []
    try:
        for name in dict.fromkeys([*family, *names]):
            if resume and name in names:  # its new file replaces the old one below, or is in place already
                continue
            if (out_dir / name).exists() and not (backup / name).exists():
                os.replace(out_dir / name, backup / name)
                undo.append((backup / name, out_dir / name))
        for name in names:
            if (staging / name).exists():
                os.replace(staging / name, out_dir / name)
                undo.append((out_dir / name, staging / name))
    except OSError as exc:
        for moved, back in reversed(undo):
            os.replace(moved, back)
        shutil.rmtree(staging, ignore_errors=True)
        raise _cannot_write(out_dir, exc) from None
    shutil.rmtree(staging, ignore_errors=True)


def _finish_or_remove_leftovers(out_dir: Path) -> None:
    """A killed run's staging folder: moved in if it was complete, else removed; and the
    temporary files of the older one-file-at-a-time writer."""
    for leftover in sorted(out_dir.glob(f"{STAGING_PREFIX}*")):
        if not leftover.is_dir() or leftover.name == LOCK_NAME:
            continue
        if (leftover / COMPLETE).exists():
            _move_in(leftover, out_dir, (), resume=True)
        else:  # killed while writing it: no old file has been moved yet
            shutil.rmtree(leftover, ignore_errors=True)
    for temporary in out_dir.glob(".*.tmp"):
        temporary.unlink(missing_ok=True)


def _write_durably(path: Path, data: bytes) -> None:
    # Mode 0666: the user's umask decides who may read the result, as for any file written.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """The folder's lock, held by an OS lock on the lock file where there is one (fcntl): it ends
    with the process however it dies, so a lock file left behind, or naming a process id the
    system has since given to another program, never stops the next run."""
    lock = out_dir / LOCK_NAME
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _cannot_write(out_dir, exc) from None
        if not _lock_taken(fd, lock):
            os.close(fd)
            holder = _holder(lock)
            raise InputError(Problem(str(out_dir), "another okr-diagnose" + (f" (process {holder})" if holder else "")
                                     + " is writing its outputs here now",
                                     hint=f"wait for it to finish, or give another --out; if no okr-diagnose is "
                                          f"running, delete {lock}"))
        if not _same_file(fd, lock):  # the holder removed it as we opened it: lock a new one
            os.close(fd)
            continue
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            lock.unlink(missing_ok=True)
            os.close(fd)
        return
    raise InputError(Problem(str(out_dir), "could not take the folder's lock", hint="try again"))


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _lock_taken(fd: int, lock: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # no OS locks (Windows): a lock file naming a live process is held
        holder = _holder(lock)
        return holder is None or holder == os.getpid() or not _alive(holder)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the moves takes effect after them, so the set is never split."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, stops.STOPS)
    except (AttributeError, ValueError):  # no signal masks here (another thread, another platform)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _cannot_write(out_dir: Path, exc: OSError) -> InputError:
    reason = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
              errno.EROFS: "the folder is read-only", errno.EDQUOT: "the disk quota is used up"}.get(
        exc.errno or 0, exc.strerror or str(exc))
    return InputError(Problem(str(out_dir), f"the outputs cannot be written: {reason}",
                              hint="the previous outputs, if any, are unchanged; free space or choose another --out"))
