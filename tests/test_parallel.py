"""Work done by a forked child gives exactly the answer this process would, whatever the child does."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from conftest import write
from diagnose import okrs, parallel
from diagnose.diagnosis import Inputs, diagnose
from diagnose.errors import InputError
from diagnose.krtext import KeyResultLanguage
from diagnose.models import KeyResult
from diagnose.outputs import write_outputs
from diagnose.resources import content_dir
from diagnose.review import WordingJudge
from diagnose.settings import load_settings

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="forks only on Linux with two cores or more")


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def results_from(monkeypatch) -> list[str]:
    """Where each forked child's result came from, in order: "child", or "failed child" when this
    process had to do the work after all (a silent failure would otherwise pass unseen)."""
    recorded, from_child = [], parallel.Background._from_child

    def recording(self):
        value = from_child(self)
        recorded.append("failed child" if value is parallel._FAILED else "child")
        return value

    monkeypatch.setattr(parallel.Background, "_from_child", recording)
    return recorded


def run_in_background(work, fork=True):
    with parallel.Background(work, fork=fork) as pending:
        return pending.result()


@needs_fork
def test_the_work_is_done_in_another_process():
    assert run_in_background(os.getpid) != os.getpid()
    assert no_children_left()


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_this_process():
    here = os.getpid()

    def work():
        if os.getpid() != here:
            os._exit(3)
        return os.getpid()

    assert run_in_background(work) == here
    assert no_children_left()


@needs_fork
def test_a_result_that_cannot_travel_is_made_here_instead():
    here = os.getpid()
    assert run_in_background(lambda: (lambda: 1) if os.getpid() != here else "made here") == "made here"


@needs_fork
def test_an_error_in_the_work_is_raised_here():
    def work():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_in_background(work)
    assert no_children_left()


@needs_fork
def test_a_failure_here_stops_the_child():
    with pytest.raises(KeyError):
        with parallel.Background(lambda: time.sleep(30)):
            raise KeyError("first")
    assert no_children_left()


def open_memfds() -> int:
    return sum("memfd:okr-diagnose" in os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
               if os.path.exists(f"/proc/self/fd/{fd}"))


@needs_fork
def test_with_sigchld_ignored_the_work_is_done_here():
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children then reap themselves
    try:
        assert run_in_background(os.getpid) == os.getpid()
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert open_memfds() == 0


@needs_fork
def test_an_interrupted_wait_stops_the_child_and_closes_its_file(monkeypatch):
    real_waitpid = os.waitpid
    calls = []

    def interrupted_once(pid, options):
        calls.append(pid)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real_waitpid(pid, options)

    monkeypatch.setattr(parallel.os, "waitpid", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        run_in_background(lambda: time.sleep(30))
    monkeypatch.undo()
    assert no_children_left() and open_memfds() == 0


def test_background_without_fork_works_here():
    here = os.getpid()
    with parallel.Background(os.getpid, fork=False) as pending:
        assert pending.result() == here


def demo_diagnosis(content):
    demo = content_dir("demo")
    return diagnose(Inputs(answers=sorted((demo / "answers").glob("*.yaml")), okrs=demo / "okrs.csv",
                           checkins=demo / "checkins.csv", profile=demo / "profile.yaml",
                           today=dt.date(2026, 11, 23)), content)


@needs_fork
def test_a_forked_report_says_exactly_what_a_serial_one_says(tmp_path, content, monkeypatch, no_weasyprint_logs,
                                                              results_from):
    diagnosis = demo_diagnosis(content)
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 10**9)
    write_outputs(diagnosis, content.library, tmp_path / "serial")
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 4)  # the demo's 40-odd key results now fork
    write_outputs(diagnosis, content.library, tmp_path / "forked")
    assert results_from == ["child"]  # made by the child, not redone here after a silent failure
    for name in ("diagnosis.json", "key_results.csv", "rollout.ics", "report.html"):
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes(), name
    reader = PdfReader(io.BytesIO((tmp_path / "forked" / "report.pdf").read_bytes()))
    attached = reader.attachments["diagnosis.json"][0]
    assert json.loads(attached) == json.loads((tmp_path / "forked" / "diagnosis.json").read_bytes())
    assert no_children_left()


@needs_fork
def test_a_review_judged_in_a_child_says_exactly_what_a_serial_one_says(content, monkeypatch, results_from):
    demo = content_dir("demo")
    inputs = Inputs(okrs=demo / "okrs.csv", checkins=demo / "checkins.csv", profile=demo / "profile.yaml",
                    today=dt.date(2026, 6, 1))
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 10**9)
    serial = diagnose(inputs, content)
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 4)
    monkeypatch.setattr(okrs, "PARALLEL_EXPORT_BYTES", 0)
    KeyResultLanguage.judge.cache_clear()  # nothing judged before: the child must do it all
    forked = diagnose(inputs, content)
    assert results_from == ["child"]
    assert forked.model_dump_json() == serial.model_dump_json()
    assert no_children_left()


def standby(work, given, fork=True, before_giving=None, niceness=0):
    files_open = len(os.listdir("/proc/self/fd"))
    try:
        with parallel.Standby(work, fork=fork, niceness=niceness) as waiting:
            if before_giving:
                before_giving(waiting)
            waiting.give(given)
            return waiting.result()
    finally:
        assert len(os.listdir("/proc/self/fd")) == files_open  # its in-memory files and pipe closed


@needs_fork
def test_a_standby_child_is_forked_at_once_and_works_on_what_it_is_given_later():
    here, state = os.getpid(), {"seen": "at the fork"}

    def work(given):
        return given * 2, os.getpid(), state["seen"]

    def change_state(_):
        state["seen"] = "after the fork"  # built after the fork: the child never sees it

    doubled, worker, seen = standby(work, 21, before_giving=change_state)
    assert (doubled, seen) == (42, "at the fork") and worker != here
    assert no_children_left() and open_memfds() == 0


@needs_fork
@pytest.mark.parametrize("how", ["dies waiting", "dies working", "input cannot travel", "never forked"])
def test_a_standby_child_that_fails_leaves_the_work_to_this_process(how):
    here = os.getpid()

    def work(given):
        if os.getpid() != here and how == "dies working":
            os._exit(3)
        return len(given) if how != "input cannot travel" else given(), os.getpid()

    def kill(waiting):
        os.kill(waiting.pid, signal.SIGKILL)
        time.sleep(0.05)  # dead before it is given anything

    given = (lambda: 7) if how == "input cannot travel" else "seven!!"
    assert standby(work, given, fork=how != "never forked",
                   before_giving=kill if how == "dies waiting" else None) == (7, here)
    assert no_children_left() and open_memfds() == 0


@needs_fork
def test_a_standby_child_can_yield_to_the_work_needed_sooner():
    here = os.nice(0)
    assert standby(lambda given: (os.nice(0), given), "judged") == (here, "judged")
    assert standby(lambda given: (os.nice(0), given), "judged", niceness=5) == (here + 5, "judged")
    assert os.nice(0) == here
    assert no_children_left()


@needs_fork
def test_an_error_in_standby_work_is_raised_here():
    def fails(given):
        raise ValueError(f"bad {given}")

    with pytest.raises(ValueError, match="bad input"):
        standby(fails, "input")
    assert no_children_left() and open_memfds() == 0


@needs_fork
@pytest.mark.parametrize("end", ["cancelled", "this process fails first"])
def test_a_standby_child_never_given_anything_is_stopped(end):
    with pytest.raises(KeyError) if end != "cancelled" else contextlib.nullcontext():
        with parallel.Standby(len) as waiting:
            if end == "cancelled":
                waiting.cancel()
                waiting.give("four")
                assert waiting.result() == 4  # worked here
            else:
                raise KeyError("first")
    assert no_children_left() and open_memfds() == 0


def test_a_standby_result_needs_its_input_first():
    with parallel.Standby(len, fork=False) as waiting, pytest.raises(RuntimeError, match="before give"):
        waiting.result()


def shared_map(function, items, fork=True, before_giving=None):
    with parallel.SharedMap(function, fork=fork) as mapping:
        if before_giving:
            before_giving(mapping)
        mapping.give(items)
        return mapping.results()


@needs_fork
def test_a_shared_map_is_worked_from_both_ends_and_gives_every_result_in_order():
    here = os.getpid()

    def slow_square(x):
        time.sleep(0.001)
        return x * x, os.getpid()

    results = shared_map(slow_square, range(300))
    assert [square for square, _ in results] == [x * x for x in range(300)]
    workers = [pid for _, pid in results]
    split = workers.index(here)  # the child took a first stretch, this process the rest
    assert 0 < split < 300 and all(pid != here for pid in workers[:split]) and set(workers[split:]) == {here}
    assert no_children_left() and open_memfds() == 0


@needs_fork
@pytest.mark.parametrize("dies_at", [None, 0, 40, 299])
def test_a_shared_map_whose_child_dies_still_gives_every_result(dies_at):
    here = os.getpid()

    def square(x):
        if os.getpid() != here and x == dies_at:
            os._exit(3)
        return x * x

    def kill(mapping):
        os.kill(mapping.child.pid, signal.SIGKILL)

    # None: the child is killed while it waits for the items.
    assert shared_map(square, range(300), before_giving=kill if dies_at is None else None) == [x * x for x in range(300)]
    assert no_children_left() and open_memfds() == 0


@pytest.mark.parametrize("fork", [True, False])
def test_a_shared_map_of_nothing_or_without_fork_is_a_map(fork):
    assert shared_map(str, [], fork=fork) == []
    assert shared_map(str, range(5), fork=False) == ["0", "1", "2", "3", "4"]
    assert no_children_left()


@needs_fork
def test_an_error_in_a_shared_map_is_raised_here():
    def fails(x):
        if x == 7:
            raise ValueError("seven")
        return x

    with pytest.raises(ValueError, match="seven"):
        shared_map(fails, range(300))
    assert no_children_left() and open_memfds() == 0


@needs_fork
def test_a_shared_map_cancelled_or_never_given_stops_its_child():
    with parallel.SharedMap(str) as mapping:
        mapping.cancel()
        assert no_children_left()
        with pytest.raises(RuntimeError, match="before give"):
            mapping.results()
    with pytest.raises(KeyError):
        with parallel.SharedMap(str):
            raise KeyError("this process failed first")
    assert no_children_left() and open_memfds() == 0


@needs_fork
def test_checkins_read_in_a_child_give_exactly_the_cycle_read_here(monkeypatch, results_from):
    demo = content_dir("demo")
    monkeypatch.setattr(okrs, "PARALLEL_CHECKIN_BYTES", 10**12)
    serial = okrs.read_cycle(demo / "okrs.csv", demo / "checkins.csv")
    monkeypatch.setattr(okrs, "PARALLEL_CHECKIN_BYTES", 0)
    forked = okrs.read_cycle(demo / "okrs.csv", demo / "checkins.csv")
    assert results_from == ["child"]
    assert sum(len(kr.checkins) for kr in forked.key_results()) > 100
    assert forked == serial
    assert no_children_left()


@needs_fork
@pytest.mark.parametrize("fork", [False, True])
def test_bad_checkins_read_in_a_child_are_reported_as_here(tmp_path, monkeypatch, results_from, fork):
    okrs_file = write(tmp_path / "okrs.csv", "objective,key_result_id,key_result,score\nGrow,K1,Raise NPS,lots\n"
                                             "Grow,K2,Cut churn,0.5\n")
    checkins = write(tmp_path / "checkins.csv", "key_result_id,date,value\nK2,2026-13-45,5\nK1,2026-02-30,5\n"
                                                "K9,2026-07-01,x\nK2,2026-07-08,x\n")
    monkeypatch.setattr(okrs, "PARALLEL_CHECKIN_BYTES", 0 if fork else 10**12)
    with pytest.raises(InputError) as err:
        okrs.read_cycle(okrs_file, checkins)
    # K1 was refused for its score, so its check-in's bad date is not reported; K9 is unknown,
    # so only that is said of it, not its bad value.
    assert err.value.render().splitlines() == [
        f"{okrs_file}: row 2: score: 'lots' is not a number",
        f"{checkins}: row 2: date: '2026-13-45' is not a date: use YYYY-MM-DD (or DD/MM/YYYY)",
        f"{checkins}: row 4: check-in for unknown key result 'K9' (use a key_result_id from the OKR export)",
        f"{checkins}: row 5: value: 'x' is not a number",
    ]
    assert results_from == (["child"] if fork else [])
    assert no_children_left()


@needs_fork
def test_a_missing_checkin_column_found_in_a_child_is_reported_here(tmp_path, monkeypatch, results_from):
    demo = content_dir("demo")
    checkins = write(tmp_path / "checkins.csv", "kr,when\nK1,2026-07-01\n")
    monkeypatch.setattr(okrs, "PARALLEL_CHECKIN_BYTES", 0)
    with pytest.raises(InputError, match="missing required column 'key_result_id'"):
        okrs.read_cycle(demo / "okrs.csv", checkins)
    assert results_from == ["failed child"]  # the child could not read it; this process said why
    assert no_children_left()


@needs_fork
@pytest.mark.parametrize("fork", [True, False])
def test_wording_judged_from_the_rows_read_is_that_of_the_key_results_built(monkeypatch, results_from, fork):
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 2)
    settings = load_settings()
    krs = [KeyResult(id="K1", objective_id="O1", text="Launch the new onboarding flow"),
           KeyResult(id="K2", objective_id="O1", text="Raise activation from 20% to 35%", target_value=35),
           KeyResult(id="K3", objective_id="O1", text="Improve customer onboarding", target_value=80)]
    # The rows said K3 has no target (its cell was refused, say) and named a key result not built.
    read = [("Launch the new onboarding flow", False), ("Raise activation from 20% to 35%", True),
            ("Improve customer onboarding", False), ("Ship the billing rewrite", False)]
    KeyResultLanguage.judge.cache_clear()
    with WordingJudge(settings, fork=fork) as judge:
        judge.start(read)
        wordings = judge.wordings(krs)
    assert results_from == (["child"] if fork else [])
    KeyResultLanguage.judge.cache_clear()
    expected = KeyResultLanguage(settings.key_result_language, settings.wording_model)
    assert wordings == [expected.judge(kr.text, kr.target_value is not None) for kr in krs]
    assert no_children_left() and open_memfds() == 0


@needs_fork
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_large_report_stopped_during_layout_leaves_nothing_behind(tmp_path, stop):
    # Its JSON, calendar and CSV are written under temporary names during the layout.
    export = tmp_path / "okrs.csv"
    lines = ["objective_id,objective,key_result_id,key_result,owner,target_value"]
    lines += [f"O{n // 3},Grow region {n // 3},K{n},Raise weekly orders in area {n} from 10 to 20,Sam,20"
              for n in range(parallel.PARALLEL_MINIMUM + 100)]
    export.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    command = subprocess.Popen([sys.executable, "-m", "diagnose", "report", "--okrs", str(export), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob(".key_results.csv.*.tmp")) and time.monotonic() < deadline:
        assert command.poll() is None, command.communicate()
        time.sleep(0.01)
    time.sleep(0.3)  # well into the layout: the child has written the staged files
    command.send_signal(stop)
    _, stderr = command.communicate(timeout=60)
    assert command.returncode == 130 and "interrupted" in stderr
    assert list(out.iterdir()) == []  # neither temporary files nor half a report
