"""The interview, driven through prompt_toolkit's pipe input: saves as it goes, resumes, Ctrl-C keeps answers."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from diagnose.core.errors import Interrupted
from diagnose.people.survey import run_interview

ENTER, DOWN, UP, CTRL_C = "\r", "\x1b[B", "\x1b[A", "\x03"
KILL_INT = "kill -INT"  # not typed: the signal, as `kill -INT` or a process manager sends it


def interview(path, answers, role="team_member", typed_after_an_ignored_signal=None):
    """Each item of `answers` is typed into one prompt, as a person would."""
    pending = list(answers)
    pipes = []

    def prompt_io():
        manager = create_pipe_input()
        pipe = manager.__enter__()
        pipes.append(manager)
        answer = pending.pop(0) if pending else CTRL_C
        if answer == KILL_INT:
            threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
            # A prompt that ignores the signal would wait for ever: Ctrl-C typed later ends it.
            typed_after_an_ignored_signal.append(threading.Timer(5, pipe.send_text, (CTRL_C,)))
            typed_after_an_ignored_signal[-1].start()
        else:
            pipe.send_text(answer)
        return {"input": pipe, "output": DummyOutput()}

    try:
        return run_interview(path, role=role, prompt_io=prompt_io)
    finally:
        for manager in pipes:
            manager.__exit__(None, None, None)


def test_ctrl_c_keeps_every_answer_and_a_rerun_resumes(tmp_path, capsys):
    path = tmp_path / "answers.yaml"
    # team member: the optional team question, then the first scored question, then stop.
    with pytest.raises(Interrupted) as stopped:
        interview(path, ["Platform team" + ENTER, DOWN + ENTER, CTRL_C])
    assert stopped.value.exit_code == 130
    assert f"Stopped. 2 answers are saved in {path}; run `okr-diagnose survey --answers {path}`" in str(stopped.value)
    saved = yaml.safe_load(path.read_text())
    assert saved["respondent"]["role"] == "team_member"
    assert saved["answers"]["team"] == "Platform team"
    assert saved["answers"]["align_priorities_known"] == "disagree"

    with pytest.raises(Interrupted):
        interview(path, [ENTER, CTRL_C])
    resumed = yaml.safe_load(path.read_text())
    assert len(resumed["answers"]) == 3
    assert "Resuming: 2 of" in capsys.readouterr().out


def test_kill_int_at_a_choice_stops_as_ctrl_c_does_with_the_answers_kept(tmp_path):
    path = tmp_path / "answers.yaml"
    fallback = []
    started = time.monotonic()
    with pytest.raises(Interrupted) as stopped:
        interview(path, ["Platform team" + ENTER, DOWN + ENTER, KILL_INT], typed_after_an_ignored_signal=fallback)
    waited = time.monotonic() - started
    fallback[0].cancel()
    assert waited < 4, "the choice ignored SIGINT and ended only at the Ctrl-C typed later"
    assert "Stopped. 2 answers are saved" in str(stopped.value)
    assert len(yaml.safe_load(path.read_text())["answers"]) == 2


def test_one_answer_saved_is_said_in_the_singular(tmp_path):
    path = tmp_path / "answers.yaml"
    with pytest.raises(Interrupted) as stopped:
        interview(path, ["Platform team" + ENTER, CTRL_C])
    assert str(stopped.value).startswith(f"Stopped. 1 answer is saved in {path};")


def test_a_different_role_on_the_same_file_is_refused(tmp_path):
    path = tmp_path / "answers.yaml"
    with pytest.raises(Interrupted):
        interview(path, [ENTER, CTRL_C])
    from diagnose.core.errors import InputError

    with pytest.raises(InputError):
        interview(path, [ENTER], role="leader")


def test_review_changes_a_chosen_answer(tmp_path):
    path = tmp_path / "answers.yaml"
    with pytest.raises(Interrupted):
        interview(path, ["Platform team" + ENTER, DOWN + ENTER, CTRL_C])
    # In review the list starts with the team question, then align_priorities_known.
    answers_before = yaml.safe_load(path.read_text())["answers"]
    assert answers_before["align_priorities_known"] == "disagree"
    pending = [DOWN + ENTER, DOWN + DOWN + ENTER, UP + ENTER]  # up from the top wraps round to Done
    managers = []

    def scripted():
        manager = create_pipe_input()
        pipe = manager.__enter__()
        managers.append(manager)
        pipe.send_text(pending.pop(0))
        return {"input": pipe, "output": DummyOutput()}

    try:
        assert run_interview(path, review=True, prompt_io=scripted) == 0
    finally:
        for manager in managers:
            manager.__exit__(None, None, None)
    after = yaml.safe_load(path.read_text())["answers"]
    assert after["align_priorities_known"] == "agree"  # default was 'disagree'; two downs from there
    assert after["team"] == "Platform team"


def test_skip_logic_leaves_out_follow_up_questions(tmp_path, content):
    from diagnose.content.bank import when_holds

    bank = content.banks["okr-training-needs"]
    follow_up = bank.question("ev_commit_vs_aspire")
    assert not when_holds(follow_up.when, {"conf_commit_vs_aspire": "strongly_agree"})
    assert when_holds(follow_up.when, {"conf_commit_vs_aspire": "disagree"})
    assert when_holds(follow_up.when, {})
    tooling = bank.question("tooling_fit")
    assert not when_holds(tooling.when, {"cycles_run": 0})
    assert when_holds(tooling.when, {"cycles_run": 3}) and when_holds(tooling.when, {})


def test_interview_through_the_real_cli_in_a_terminal(tmp_path):
    """End to end: the installed command in a pseudo-terminal, answered like a person, then Ctrl-C."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    path = tmp_path / "answers.yaml"
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "diagnose", "survey", "--role", "team_member",
                                "--answers", str(path)], stdin=follower, stdout=follower, stderr=follower,
                               close_fds=True, env={**os.environ, "TERM": "xterm"})
    os.close(follower)
    screen = b""

    def read_until(marker: bytes, seconds: float = 20) -> None:
        nonlocal screen
        deadline = time.time() + seconds
        while marker not in screen and time.time() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    screen += os.read(leader, 65536)
                except OSError:
                    break
        assert marker in screen, screen[-2000:]

    try:
        read_until(b"of ")
        os.write(leader, b"Platform team\r")
        read_until(b"Alignment")
        time.sleep(0.3)
        os.write(leader, b"\x1b[B\r")
        time.sleep(1.0)
        os.write(leader, b"\x03")
        read_until(b"to carry on")
        code = process.wait(timeout=20)
    finally:
        process.kill()
        os.close(leader)
    assert code == 130
    saved = yaml.safe_load(path.read_text())
    assert saved["answers"]["team"] == "Platform team"
    assert saved["answers"]["align_priorities_known"] == "disagree"


def test_a_new_interview_opens_with_how_long_who_sees_and_how_to_stop(tmp_path, capsys):
    with pytest.raises(Interrupted):
        interview(tmp_path / "answers.yaml", [CTRL_C])
    intro = " ".join(capsys.readouterr().out.split())
    assert "questions, roughly" in intro and "minutes" in intro
    assert "on this computer only" in intro and "anonymous" in intro
    assert "(skip)" in intro and "Ctrl-C" in intro


def test_a_skipped_question_is_not_asked_again_on_resuming(tmp_path, capsys):
    path = tmp_path / "answers.yaml"
    # The team question is optional: type nothing (skip it), answer the next, then stop.
    with pytest.raises(Interrupted) as stopped:
        interview(path, [ENTER, DOWN + ENTER, CTRL_C])
    assert f"Stopped. 1 answer and 1 skipped question are saved in {path}" in str(stopped.value)
    saved = yaml.safe_load(path.read_text())
    assert saved["skipped"] == ["team"] and "team" not in saved["answers"]
    with pytest.raises(Interrupted):  # Enter answers the question after, not the team question again
        interview(path, [ENTER, CTRL_C])
    resumed = yaml.safe_load(path.read_text())
    assert "team" not in resumed["answers"] and len(resumed["answers"]) == 2, resumed
    assert "1 skipped (--review to answer them)" in capsys.readouterr().out


def test_numbers_are_taken_with_thousands_separators(content):
    from diagnose.people.answers import normalise_answer

    question = content.banks["okr-training-needs"].question("org_size")
    assert normalise_answer(question, "1,200") == normalise_answer(question, "1 200") == 1200


def test_survey_with_no_answers_flag_never_resumes_someone_elses_file(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers.yaml").write_text("bank: okr-training-needs\nbank_version: 2\nrespondent: {role: leader}\n"
                                           "answers: {}\n")
    code, out, err = cli("survey", "--role", "manager")
    assert code == 2 and "already holds someone's answers" in out + err and "--answers" in out + err, out + err


def test_ctrl_d_or_a_closed_terminal_stops_like_ctrl_c_with_the_answers_kept(tmp_path):
    # The first question a team member is asked is their team, a text prompt, where Ctrl-D means
    # end of input.
    fresh = tmp_path / "fresh.yaml"
    with pytest.raises(Interrupted) as stopped:
        interview(fresh, ["\x04"])  # Ctrl-D in the first (text) prompt
    assert stopped.value.exit_code == 130 and "0 answers are saved" in str(stopped.value)
    assert yaml.safe_load(fresh.read_text())["respondent"]["role"] == "team_member"
