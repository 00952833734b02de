"""`okr-diagnose init` (issue 22): a client folder, and from it a whole engagement with no hand edit."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from pypdf import PdfReader

from diagnose.content.bank import load_bundled_bank
from diagnose.core.errors import Interrupted
from diagnose.core.resources import content_dir
from diagnose.cycle.okr_formats import load_mapping
from diagnose.people.bank_export import for_role
from diagnose.people.engagement import ask_profile
from diagnose.pipeline import read_profile
from test_bank_export import answers_for, google_export

DEMO = content_dir("demo")
ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    """The real CLI with no terminal: stdin is not a tty, as in a script or CI."""
    return subprocess.run([sys.executable, "-m", "diagnose", *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, cwd=cwd, timeout=300)


def test_without_a_terminal_init_writes_the_commented_template_and_keeps_what_is_there(tmp_path):
    folder = tmp_path / "acme"
    result = run("init", folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "answers").is_dir() and (folder / "NEXT-STEPS.md").is_file()
    profile, given = read_profile(folder / "profile.yaml")
    # Nothing the intake answers could say is set by the template: set, it would override them.
    assert given == {"organisation", "prepared_by", "locale", "accent_colour"}
    text = (folder / "profile.yaml").read_text(encoding="utf-8")
    for field in ("team_types", "maturity", "start_date", "session_minutes", "max_sessions", "checkin_cadence",
                  "logo", "blackout_weeks"):
        assert f"# {field}: " in text, field
    assert load_mapping(folder / "mapping.yaml").columns == {}
    (folder / "profile.yaml").write_text("organisation: Acme\n", encoding="utf-8")
    again = run("init", folder)
    assert again.returncode == 0 and "kept" in again.stderr and "profile.yaml" in again.stderr
    assert (folder / "profile.yaml").read_text(encoding="utf-8") == "organisation: Acme\n"


def test_init_refuses_a_file_as_its_folder(tmp_path):
    (tmp_path / "acme").write_text("")
    result = run("init", tmp_path / "acme")
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr


def scripted(keys: list[str]):
    pending = list(keys)
    open_pipes = []  # a pipe closes when its manager is collected, which the prompt would read as Ctrl-D

    def prompt_io():
        manager = create_pipe_input()
        open_pipes.append(manager)
        pipe = manager.__enter__()
        pipe.send_text(pending.pop(0) if pending else CTRL_C)
        return {"input": pipe, "output": DummyOutput()}

    return prompt_io


def test_in_a_terminal_the_answers_fill_the_profile():
    keys = ["Acme: Widgets #1" + ENTER, "Sam Lee" + ENTER,
            DOWN + DOWN + SPACE + ENTER,  # shared services ticked besides the defaults
            DOWN + ENTER,  # developing
            "2027-01-11" + ENTER, "\x7f\x7f\x7f180" + ENTER, DOWN + ENTER, DOWN + ENTER, "2027-04-05, 2027-08-02" + ENTER]
    profile = ask_profile(scripted(keys))
    assert profile.organisation == "Acme: Widgets #1" and profile.prepared_by == "Sam Lee"
    assert profile.team_types == ["product", "operations", "shared_services"]
    assert profile.maturity == "developing" and profile.start_date == dt.date(2027, 1, 11)
    assert profile.session_minutes == 180 and profile.checkin_cadence == "biweekly" and profile.locale == "en-US"
    assert profile.blackout_weeks == [dt.date(2027, 4, 5), dt.date(2027, 8, 2)]


def test_ctrl_c_in_the_questions_writes_nothing():
    with pytest.raises(Interrupted):
        ask_profile(scripted(["Acme" + ENTER, CTRL_C]))


@pytest.mark.pdf
def test_from_an_empty_folder_to_the_report_and_summary_with_no_hand_edit(tmp_path):
    folder = tmp_path / "acme"
    assert run("init", folder).returncode == 0
    bank = load_bundled_bank()
    exports = []
    for role in ("team_member", "leader"):
        script = run("bank", "export", "--format", "google-apps-script", "--role", role)
        assert script.returncode == 0 and "createForm" in script.stdout
        role_bank = for_role(bank, role)
        rows = [answers_for(role_bank, row) for row in range(3)]
        exports += ["--responses", f"{google_export(role_bank, rows, tmp_path / f'{role}.csv')}:{role}"]
    out = folder / "report"
    result = run("report", "--profile", folder / "profile.yaml", "--okrs", DEMO / "okrs.csv",
                 "--checkins", DEMO / "checkins.csv", *exports, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "6 people (" in result.stderr and "3 leaders" in result.stderr and "3 team members" in result.stderr
    for name in ("report.pdf", "summary.pdf", "report.html", "diagnosis.json", "rollout.ics", "key_results.csv"):
        assert (out / name).is_file(), name
    assert len(PdfReader(out / "summary.pdf").pages) <= 2
    assert json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))["respondents"] == {"leader": 3,
                                                                                               "team_member": 3}
    assert os.listdir(folder / "answers") == ["README.md"]


def test_a_file_in_the_way_is_refused_before_anything_is_written(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "answers").write_text("")
    result = run("init", folder)
    assert result.returncode == 2 and "answers: is a file where a folder goes" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["answers"]


@pytest.mark.parametrize("name,words", [("", "is empty"), ("a\nb", "line break"), ("a" * 300, "too long")])
def test_a_folder_name_no_shell_or_file_system_can_hold_is_refused(tmp_path, name, words):
    result = run("init", name, cwd=tmp_path)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_next_steps_commands_can_be_pasted_into_a_shell_whatever_the_folder_is_called(tmp_path):
    import shlex

    folder = tmp_path / "Acme & Söhne; $(id)"
    assert run("init", folder).returncode == 0
    steps = (folder / "NEXT-STEPS.md").read_text(encoding="utf-8")
    survey = next(line for line in steps.splitlines() if "okr-diagnose survey" in line)
    assert shlex.split(survey)[-1] == f"{folder}/answers/NAME.yaml"


def test_a_full_disk_is_a_clear_error_not_a_crash():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "diagnose", "bank", "export"], stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2 and "the disk is full" in result.stderr and "Traceback" not in result.stderr
