"""Work split across two processes gives exactly the serial answer, whatever the child does."""

from __future__ import annotations

import datetime as dt
import io
import json
import os

import pytest
from pypdf import PdfReader

from diagnose import parallel
from diagnose.diagnosis import Inputs, diagnose
from diagnose.outputs import write_outputs
from diagnose.resources import content_dir

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="forks only on Linux with two cores or more")


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_the_second_half_is_computed_in_another_process():
    here = os.getpid()
    results = parallel.split_map(lambda n: (n * n, os.getpid()), list(range(101)), minimum=2)
    assert [square for square, _ in results] == [n * n for n in range(101)]
    assert {pid for _, pid in results[:50]} == {here}
    assert here not in {pid for _, pid in results[50:]}
    assert no_children_left()


def test_few_items_stay_in_this_process():
    here = os.getpid()
    assert parallel.split_map(lambda n: os.getpid(), list(range(10)), minimum=11) == [here] * 10


@needs_fork
def test_a_child_that_dies_leaves_its_half_to_this_process():
    here = os.getpid()

    def work(n):
        if os.getpid() != here:
            os._exit(3)
        return n + 1

    assert parallel.split_map(work, list(range(40)), minimum=2) == list(range(1, 41))
    assert no_children_left()


@needs_fork
def test_results_that_cannot_travel_are_made_here_instead():
    here = os.getpid()
    results = parallel.split_map(lambda n: (lambda: n) if os.getpid() != here else n, list(range(20)), minimum=2)
    assert results == list(range(20))


@needs_fork
def test_an_error_in_the_childs_half_is_raised_here():
    def work(n):
        if n == 15:
            raise ValueError("bad item 15")
        return n

    with pytest.raises(ValueError, match="bad item 15"):
        parallel.split_map(work, list(range(20)), minimum=2)
    assert no_children_left()


@needs_fork
def test_an_error_in_this_process_stops_the_child():
    def work(n):
        if n == 0:
            raise KeyError("first")
        return n

    with pytest.raises(KeyError):
        parallel.split_map(work, list(range(20)), minimum=2)
    assert no_children_left()


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
def test_a_forked_report_says_exactly_what_a_serial_one_says(tmp_path, content, monkeypatch, no_weasyprint_logs):
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 10**9)
    serial = demo_diagnosis(content)
    write_outputs(serial, content.library, tmp_path / "serial")
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 4)  # the demo's 40-odd key results now fork twice
    forked = demo_diagnosis(content)
    assert forked.model_dump() == serial.model_dump()
    write_outputs(forked, content.library, tmp_path / "forked")
    for name in ("diagnosis.json", "key_results.csv", "rollout.ics", "report.html"):
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes(), name
    reader = PdfReader(io.BytesIO((tmp_path / "forked" / "report.pdf").read_bytes()))
    attached = reader.attachments["diagnosis.json"][0]
    assert json.loads(attached) == json.loads((tmp_path / "forked" / "diagnosis.json").read_bytes())
    assert no_children_left()
