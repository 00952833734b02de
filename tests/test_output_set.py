"""Outputs written as one set: the old set stays whole after a failure at any point, a second
run into the same folder is refused while the first writes, and a killed run leaves nothing."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from diagnose.core import output_set
from diagnose.core.errors import InputError
from diagnose.core.output_set import LOCK_NAME, STAGING_PREFIX, write_set

FAMILY = ("report.pdf", "report.html", "diagnosis.json", "rollout.ics", "key_results.csv")
OLD = {name: f"old {name}".encode() for name in FAMILY}
NEW = {name: f"new {name}".encode() for name in FAMILY[:4]}  # this time, no key_results.csv


def folder_as_read(out):
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_new_set_replaces_the_old_whole_including_a_file_it_no_longer_has(tmp_path):
    out = tmp_path / "out"
    write_set(out, OLD, FAMILY)
    write_set(out, NEW, FAMILY)
    assert folder_as_read(out) == NEW


def count_calls(monkeypatch, target, name):
    calls = []
    real = getattr(target, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, counting)
    return calls


@pytest.mark.parametrize("step", ["write", "rename"])
def test_a_failure_at_any_write_or_rename_leaves_the_old_set_whole(tmp_path, monkeypatch, step):
    out = tmp_path / "out"
    write_set(out, OLD, FAMILY)
    # How many writes and renames a run makes, so that each one can be made to fail in turn.
    write_set(tmp_path / "probe", OLD, FAMILY)
    with monkeypatch.context() as patch:
        calls = count_calls(patch, output_set, "_write_durably") if step == "write" \
            else count_calls(patch, output_set.os, "replace")
        write_set(tmp_path / "probe", NEW, FAMILY)
        total = len(calls)
    assert total == (len(NEW) + 2 if step == "write" else len(OLD) + len(NEW))  # + the family and the marker
    for failing in range(total):
        seen = []
        real = output_set._write_durably if step == "write" else os.replace

        def broken(*args, failing=failing, seen=seen, real=real):
            seen.append(args)
            if len(seen) == failing + 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args)

        with monkeypatch.context() as patch:
            if step == "write":
                patch.setattr(output_set, "_write_durably", broken)
            else:
                patch.setattr(output_set.os, "replace", broken)
            with pytest.raises(InputError) as err:
                write_set(out, NEW, FAMILY)
        assert "the disk is full" in err.value.render() and "unchanged" in err.value.render()
        assert folder_as_read(out) == OLD, (step, failing)  # no staging folder, no lock, no mix


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_writes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # Another run holding the folder's lock, as write_set takes it: an OS lock on the lock file.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(out / LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nos.write(fd, str(os.getpid()).encode())\n"
        "print('held', flush=True)\ntime.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError) as err:
            write_set(out, NEW, FAMILY)
        assert f"process {holder.pid}" in err.value.render() and "another --out" in err.value.render()
    finally:
        holder.kill()
        holder.wait()
    write_set(out, NEW, FAMILY)  # the holder is gone: its lock is stale and taken over
    assert folder_as_read(out) == NEW


def test_a_lock_file_naming_a_live_process_that_holds_no_lock_is_taken_over(tmp_path):
    # A run killed with its lock file left, its process id since given to another program.
    out = tmp_path / "out"
    out.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (out / LOCK_NAME).write_text(str(other.pid))
        write_set(out, NEW, FAMILY)
    finally:
        other.kill()
        other.wait()
    assert folder_as_read(out) == NEW and not (out / LOCK_NAME).exists()


def test_the_next_run_cleans_up_after_a_killed_one(tmp_path):
    out = tmp_path / "out"
    write_set(out, OLD, FAMILY)
    # Killed while staging: an incomplete staging folder, an old-style temporary file, a stale lock.
    (out / f"{STAGING_PREFIX}dead").mkdir()
    (out / f"{STAGING_PREFIX}dead" / "report.pdf").write_bytes(b"half")
    (out / ".diagnosis.json.1234abcd.tmp").write_bytes(b"client data")
    (out / LOCK_NAME).write_text("999999999")
    write_set(out, NEW, FAMILY)
    assert folder_as_read(out) == NEW
    # Killed while moving in: a complete staging folder is moved in by the next run.
    complete = out / f"{STAGING_PREFIX}moving"
    complete.mkdir()
    for name, data in OLD.items():
        (complete / name).write_bytes(data)
    (complete / ".complete").write_text("\n".join(OLD))
    output_set._finish_or_remove_leftovers(out)
    assert folder_as_read(out) == OLD


@pytest.mark.pdf
def test_a_report_killed_with_sigkill_leaves_the_old_set_and_no_leftovers_after_the_next_run(tmp_path):
    from diagnose.core.resources import content_dir

    demo = content_dir("demo")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "diagnose", "report", "--okrs", str(demo / "okrs.csv"), "--out", str(out)]
    assert subprocess.run(command, capture_output=True).returncode == 0
    before = folder_as_read(out)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)  # part-way: rendering, or writing the set
    process.kill()
    process.wait()
    after_kill = {name: data for name, data in folder_as_read(out).items() if not name.startswith(".")}
    assert set(after_kill) == set(before)
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("code,words", [(errno.EROFS, "the folder is read-only"), (errno.EACCES, "permission denied")])
def test_a_read_only_destination_is_a_clear_refusal_and_the_old_set_stays(tmp_path, monkeypatch, code, words):
    # Tests run as root here, where chmod cannot make a folder read-only: the system call is made to fail.
    out = tmp_path / "out"
    write_set(out, OLD, FAMILY)
    real = os.open

    def read_only(path, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(output_set.os, "open", read_only)
    with pytest.raises(InputError) as err:
        write_set(out, NEW, FAMILY)
    assert words in err.value.render() and str(out) in err.value.render()
    monkeypatch.undo()
    assert folder_as_read(out) == OLD


def killed_mid_move(out) -> None:
    """The state SIGKILL leaves in the middle of the moves: the new set complete in its staging
    folder but for one file already moved in, part of the old set put aside in `.old`, part of
    it still in place."""
    staging = out / f"{output_set.STAGING_PREFIX}dead"
    (staging / ".old").mkdir(parents=True)
    for name, data in NEW.items():
        (staging / name).write_bytes(data)
    (staging / output_set.FAMILY).write_text("\n".join(FAMILY))
    (staging / output_set.COMPLETE).write_text("\n".join(NEW))
    moved = next(iter(OLD))
    os.replace(out / moved, staging / ".old" / moved)
    arrived = list(NEW)[-1]  # and one new file already moved in over its old one
    os.replace(staging / arrived, out / arrived)


@pytest.mark.parametrize("command", ["report", "compare"])
def test_the_next_command_makes_a_half_moved_set_whole_before_it_reads_or_fails(tmp_path, cli, command):
    out = tmp_path / "out"
    write_set(out, OLD, FAMILY)
    killed_mid_move(out)
    if command == "report":  # a run that then fails on its own input still leaves the folder whole
        empty = tmp_path / "empty.csv"
        empty.write_text("")
        code, _, err = cli("report", "--okrs", empty, "--out", out)
    else:
        code, _, err = cli("compare", out, out, "--out", tmp_path / "progress")
    assert code == 2, err
    assert folder_as_read(out) == NEW  # the killed run's complete set, moved in; no staging folder, no lock


SWALLOWED_STOP = """
import os, signal, sys, time
from pathlib import Path
from diagnose.core import stops
from diagnose.core.atomic import write_bytes
from diagnose.core.output_set import write_set

class StoppedWhileCollected:
    # Python runs a __del__ on its own, and only prints what it raises: the way an import's
    # weakref callback swallowed a Ctrl-C and let a report finish with exit 0.
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)

stops.install()
StoppedWhileCollected()
assert stops.requested()  # the stop was swallowed: nothing was raised here
out = Path(sys.argv[1])
for write in (lambda: write_set(out, {"report.pdf": b"new"}, ("report.pdf",)),
              lambda: write_bytes(out / "form.gs", b"new")):
    try:
        write()
        print("written")
    except KeyboardInterrupt:
        print("stopped")
"""


def test_a_stop_python_swallowed_still_keeps_the_new_outputs_out(tmp_path):
    out = tmp_path / "out"
    write_set(out, {"report.pdf": b"old"}, ("report.pdf",))
    result = subprocess.run([sys.executable, "-c", SWALLOWED_STOP, str(out)], capture_output=True, text=True)
    assert result.stdout.split() == ["stopped", "stopped"], result.stdout + result.stderr
    assert "Traceback" not in result.stderr  # the swallowed stop is not shown as a crash
    assert folder_as_read(out) == {"report.pdf": b"old"}
