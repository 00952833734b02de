"""The interview, driven through prompt_toolkit's pipe input: saves as it goes, resumes, Ctrl-C keeps answers."""

from __future__ import annotations

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from diagnose.errors import Interrupted
from diagnose.survey import run_interview

ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"


def interview(path, answers, role="team_member"):
    """Each item of `answers` is typed into one prompt, as a person would."""
    pending = list(answers)
    pipes = []

    def prompt_io():
        manager = create_pipe_input()
        pipe = manager.__enter__()
        pipes.append(manager)
        pipe.send_text(pending.pop(0) if pending else CTRL_C)
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
    assert f"--answers {path}" in str(stopped.value)
    saved = yaml.safe_load(path.read_text())
    assert saved["respondent"]["role"] == "team_member"
    assert saved["answers"]["team"] == "Platform team"
    assert saved["answers"]["align_priorities_known"] == "disagree"

    with pytest.raises(Interrupted):
        interview(path, [ENTER, CTRL_C])
    resumed = yaml.safe_load(path.read_text())
    assert len(resumed["answers"]) == 3
    assert "Resuming: 2 of" in capsys.readouterr().out


def test_a_different_role_on_the_same_file_is_refused(tmp_path):
    path = tmp_path / "answers.yaml"
    with pytest.raises(Interrupted):
        interview(path, [ENTER, CTRL_C])
    from diagnose.errors import InputError

    with pytest.raises(InputError):
        interview(path, [ENTER], role="leader")
