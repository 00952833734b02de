"""The real CLI, from the outside: exit codes, messages, start-up cost, the demo end to end."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from conftest import write
from diagnose.core.resources import content_dir
from diagnose.report.pdf import is_environment_notice


def test_help_does_not_import_heavy_libraries():
    code = ("import sys\nfrom diagnose.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'questionary', 'prompt_toolkit')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_report_does_not_import_what_only_other_inputs_and_commands_use():
    # Every module imported is paid for by every report: form-tool imports and `compare` are not.
    code = ("import sys\nfrom diagnose.report.render import render_html\nfrom diagnose.content.bundle import Content\n"
            "from diagnose.pipeline import Inputs, diagnose\n"
            "from diagnose.core.resources import content_dir\ndemo = content_dir('demo')\n"
            "content = Content.bundled()\n"
            "render_html(diagnose(Inputs(answers=sorted((demo / 'answers').glob('*.yaml')), okrs=demo / 'okrs.csv', "
            "checkins=demo / 'checkins.csv', profile=demo / 'profile.yaml'), content), content.library)\n"
            "print(sorted(m for m in sys.modules if m in ('diagnose.progress.compare', 'diagnose.people.responses', 'questionary')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "diagnose", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "okr-diagnose" in result.stdout


@pytest.mark.pdf
def test_demo_writes_every_output_and_prints_top_findings(demo_run):
    code, stdout, out, records = demo_run
    assert code == 0
    for name in ("report.pdf", "report.html", "diagnosis.json", "rollout.ics"):
        assert (out / name).stat().st_size > 1000, name
    assert "Top findings:" in stdout
    assert stdout.count("[high]") + stdout.count("[medium]") >= 3
    assert str(out) in stdout
    logged = [r.getMessage() for r in records if r.levelno >= 20 and not is_environment_notice(r.getMessage())]
    assert not logged, "WeasyPrint logged problems"


@pytest.mark.pdf
def test_demo_json_follows_the_contract(demo_run):
    data = json.loads((demo_run[2] / "diagnosis.json").read_text())
    assert data["schema_version"] == 1
    assert set(data["areas"]) == {"alignment", "goal_quality", "accountability", "leadership_consistency", "confidence"}
    for area in data["areas"].values():
        assert area["score"] is None or 0 <= area["score"] <= 100
    areas_with_findings = {f["area"] for f in data["findings"] if f["severity"] in ("high", "medium")}
    assert len(areas_with_findings) >= 3
    for finding in data["findings"]:
        assert {"id", "area", "severity", "title", "training_need", "evidence"} <= set(finding)
        for item in finding["evidence"]:
            assert item["source"] in ("survey", "okrs", "checkins") and item["ref"] and item["text"]
    finding_ids = {f["id"] for f in data["findings"]}
    for rec in data["recommendations"]:
        assert {"module", "title", "areas", "because"} <= set(rec)
        assert set(rec["because"]) <= finding_ids
    assert len(data["key_results"]) >= 30
    assert {kr["kind"] for kr in data["key_results"]} == {"outcome", "activity"}
    assert all(isinstance(kr["measurable"], bool) for kr in data["key_results"])


@pytest.mark.pdf
def test_demo_pdf_opens_with_scores_and_findings_and_has_dated_sessions(demo_run):
    data = json.loads((demo_run[2] / "diagnosis.json").read_text())
    reader = PdfReader(demo_run[2] / "report.pdf")
    assert len(reader.pages) >= 10
    def words(page_numbers) -> str:
        return " ".join(" ".join(reader.pages[i].extract_text().split()) for i in page_numbers)

    summary = words(range(2, 4))
    assert "Area scores" in summary and "Top findings" in summary
    assert " ".join(data["findings"][0]["title"].split()) in summary
    text = words(range(len(reader.pages)))
    for rec in data["recommendations"]:
        if rec["because"]:
            assert rec["title"] in text
    for session in data["sessions"]:
        day = dt.date.fromisoformat(session["date"])
        assert f"Session {session['number']}, {day.day} {day:%B %Y}" in text
    assert "diagnosis.json" in (reader.attachments or {})


@pytest.mark.pdf
def test_demo_calendar_has_recurring_cadence(demo_run):
    calendar = Calendar.from_ical((demo_run[2] / "rollout.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) >= 10
    rules = {str(e.get("summary")): e.get("rrule") for e in events if e.get("rrule")}
    assert any(r["FREQ"] == ["WEEKLY"] for r in rules.values())
    assert any(r["FREQ"] == ["MONTHLY"] for r in rules.values())


@pytest.mark.parametrize("answers,message", [
    ("bank: okr-training-needs\nrespondent:\n  role: [manager\n", ":4: not valid YAML"),
    ("bank: okr-training-needs\nrespondent:\n  role: \"man\x01ager\"\n",
     ":3: contains a character YAML does not allow (U+0001)"),
])
def test_broken_yaml_names_file_line_and_problem(cli, tmp_path, answers, message):
    bad = write(tmp_path / "answers.yaml", answers)
    code, out, err = cli("report", "--answers", bad, "--out", tmp_path / "o")
    assert code == 2
    assert f"{bad}{message}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_csv_without_key_result_column_names_file_and_row(cli, tmp_path):
    bad = write(tmp_path / "okrs.csv", "objective,owner\nGrow revenue,Ann\n")
    code, out, err = cli("report", "--okrs", bad, "--out", tmp_path / "o")
    assert code == 2
    assert f"{bad}: row 1" in err and "'key_result'" in err
    assert "Traceback" not in err


def test_unknown_question_id_names_file_line_and_suggestion(cli, tmp_path):
    bad = write(tmp_path / "a.yaml", "bank: okr-training-needs\nbank_version: 1\nrespondent:\n  role: manager\n"
                                     "answers:\n  acc_checkin_frequency: weekly\n  strategy_claer: agree\n")
    code, out, err = cli("report", "--answers", bad)
    assert code == 2
    assert f"{bad}:7" in err and "strategy_claer" in err and "did you mean 'strategy_clear'" in err


def test_nothing_to_diagnose_is_a_usage_error(cli):
    code, out, err = cli("report")
    assert code == 2 and "nothing to diagnose" in err


def test_check_passes_on_bundled_content(cli):
    code, out, err = cli("check")
    assert code == 0
    assert "0 failed" in out


def test_check_says_when_the_wording_model_is_broken_or_out_of_date(cli, tmp_path):
    import shutil

    from diagnose.content.settings import settings_path

    settings = tmp_path / "settings.yaml"
    settings.write_text(settings_path().read_text(encoding="utf-8").replace(
        "activity_verbs: [launch,", "activity_verbs: [launch, frobnicate,"), encoding="utf-8")
    shutil.copy(settings_path().parent / "wording_model.json", tmp_path / "wording_model.json")
    code, out, err = cli("check", settings)
    assert code == 0 and "learned model" in out
    assert "wording_model.json: the word lists in key_result_language changed" in out and "retrain" in out
    write(tmp_path / "wording_model.json", '{"bias": 1,\n "weights": {"word:launch" -1}}')
    code, out, err = cli("check", settings)
    assert code == 2 and "Traceback" not in out + err
    assert "wording_model.json:2: is not valid JSON" in out


def test_check_refuses_a_word_list_entry_the_judgement_could_never_match(cli, tmp_path):
    from diagnose.content.settings import settings_path

    settings = tmp_path / "settings.yaml"
    settings.write_text(settings_path().read_text(encoding="utf-8").replace(
        'metric_words: ["%", percent,', 'metric_words: ["%", "£1m revenue", percent,'), encoding="utf-8")
    code, out, err = cli("check", settings)
    assert code == 2 and "Traceback" not in out + err
    line = 1 + settings.read_text(encoding="utf-8").splitlines().index(
        next(text for text in settings.read_text(encoding="utf-8").splitlines() if "metric_words:" in text))
    assert f"settings.yaml:{line}:" in out and "£1m revenue" in out and "at most 3 words" in out


def test_check_reports_every_problem_with_lines(cli, tmp_path):
    rules = write(tmp_path / "rules.yaml", """rules:
  - id: one
    area: alignment
    severity: high
    title: t
    rationale: r
    behaviour: b
    when: {signal: review.alignment_coverag, op: "<", value: 0.8}
    modules: [joint-alignment-workshop]
  - id: two
    area: goal_quality
    severity: hgh
    title: t
    rationale: r
    behaviour: b
    when: {signal: review.activity_share, op: contains, value: 1}
    modules: [no-such-module]
    modlues: []
""")
    code, out, err = cli("check", rules)
    assert code == 2
    assert "FAILED" in out
    assert "rules.yaml:8" in out and "did you mean 'review.alignment_coverage'" in out
    assert "rules.yaml:12" in out and "did you mean 'high'" in out
    assert "rules.yaml:16" in out and "operator 'contains'" in out
    assert "rules.yaml:18" in out and "did you mean 'modules'" in out


def test_bank_export_json_matches_contract(cli):
    code, out, err = cli("bank", "export", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["bank"] and data["version"] >= 1
    areas = {q["area"] for q in data["questions"] if q["area"]}
    assert areas == {"alignment", "goal_quality", "accountability", "leadership_consistency", "confidence"}
    for question in data["questions"]:
        assert question["type"] in ("single", "multi", "likert", "number", "text")
        for choice in question["choices"]:
            if question["area"] and question["type"] in ("single", "likert", "multi"):
                assert 0 <= choice["score"] <= 100
            else:
                assert "score" not in choice


def test_survey_without_terminal_exits_2_with_advice(tmp_path):
    result = subprocess.run([sys.executable, "-m", "diagnose", "survey", "--answers", str(tmp_path / "a.yaml")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "bank export" in result.stderr


def test_an_unreadable_start_date_is_caught_in_the_answers_file(cli, tmp_path):
    bad = write(tmp_path / "a.yaml", "bank: okr-training-needs\nbank_version: 1\nrespondent:\n  role: consultant\n"
                                     "answers:\n  start_date: next monday\n")
    code, out, err = cli("report", "--answers", bad)
    assert code == 2 and f"{bad}:6" in err and "not a date" in err


def test_the_console_script_keeps_everything_printed_and_the_exit_code(tmp_path):
    bank = subprocess.run([sys.executable, "-m", "diagnose", "bank", "export", "--format", "json"],
                          capture_output=True, text=True)
    assert bank.returncode == 0
    assert json.loads(bank.stdout)["questions"]
    missing = subprocess.run([sys.executable, "-m", "diagnose", "report", "--okrs", str(tmp_path / "none.csv"),
                              "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "none.csv" in missing.stderr and missing.stderr.endswith("\n")


def _respondents_in(out) -> int:
    return sum(json.loads((out / "diagnosis.json").read_text())["respondents"].values())


@pytest.mark.pdf
def test_answers_typed_one_flag_per_file_with_globs_are_all_read(tmp_path):
    # As a shell user types it: the flag repeated, each followed by a glob or a file.
    demo = content_dir("demo")
    out = tmp_path / "out"
    command = (f'"{sys.executable}" -m diagnose report --answers answers/c*.yaml --answers answers/manager-*.yaml '
               f'--answers answers/team-carrier.yaml answers/team-support.yaml '
               f'--answers answers/intake-consultant.yaml --out "{out}"')
    result = subprocess.run(["bash", "-c", command], cwd=demo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _respondents_in(out) == len(list((demo / "answers").glob("*.yaml"))) == 9


@pytest.mark.pdf
def test_responses_typed_one_flag_per_file_are_all_read(tmp_path):
    from test_responses import PEOPLE, google_forms, write_csv

    files = [write_csv(tmp_path / f"form-{n}.csv", google_forms(PEOPLE[n::3])) for n in range(3)]
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "diagnose", "report", "--responses", str(files[0]),
                             "--responses", str(files[1]), "--responses", str(files[2]), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _respondents_in(out) == len(PEOPLE)


@pytest.mark.pdf
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_report_stopped_part_way_exits_130_and_leaves_no_temporary_file(tmp_path, stop):
    export = tmp_path / "okrs.csv"
    lines = ["objective_id,objective,key_result_id,key_result,owner,target_value"]
    lines += [f"O{n // 3},Grow region {n // 3},K{n},Raise weekly orders in area {n} from 10 to 20,Sam,20"
              for n in range(3000)]
    export.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    command = subprocess.Popen([sys.executable, "-m", "diagnose", "report", "--okrs", str(export), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # past the imports, somewhere in the work
    command.send_signal(stop)
    _, stderr = command.communicate(timeout=60)
    # Stopped during the imports, Python may end itself by SIGINT after the message; a shell
    # reports that as 130 too.
    assert command.returncode in (130, -signal.SIGINT) and "interrupted" in stderr, stderr
    assert not [p for p in out.glob(".*") if p.name.endswith(".tmp")] if out.exists() else True
    assert not (out / "report.pdf").exists()  # a stop that Python swallowed still stops the report


@pytest.mark.pdf
@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_output_files_get_the_mode_the_users_umask_gives(tmp_path, umask, mode):
    # Colleagues on a shared drive must be able to open the report under the usual umask.
    demo = content_dir("demo")
    out = tmp_path / "out"
    result = subprocess.run(["bash", "-c", f'umask {umask:03o} && "{sys.executable}" -m diagnose report '
                             f'--okrs "{demo / "okrs.csv"}" --out "{out}"'], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert set(modes) == {"report.pdf", "summary.pdf", "report.html", "diagnosis.json", "rollout.ics",
                          "key_results.csv"}
    assert set(modes.values()) == {mode}, modes


def test_output_piped_into_head_ends_quietly(tmp_path):
    # Far more than a pipe holds, so the reader is gone long before the writer is done.
    export = tmp_path / "okrs.csv"
    export.write_text("objective,key_result\n" + "".join(f"Grow region {n},Raise weekly orders in area {n} from 10 to 20\n"
                                                        for n in range(1500)))
    command = f'"{sys.executable}" -m diagnose review "{export}" --format json | head -n 1'
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    # Only the import summary on stderr: no broken-pipe traceback or message.
    assert result.stdout.strip() == "{", result.stdout
    assert all(line.startswith("okr-diagnose:   ") or line == "okr-diagnose: read:"
               for line in result.stderr.splitlines()), result.stderr
    assert result.returncode == 0


@pytest.mark.parametrize("args,message", [
    (["--out", "{file}"], "is a file, not a folder"),
    (["--min-group", "0"], "0 is too small: give 1 or more"),
])
def test_bad_usage_is_refused_before_any_work(tmp_path, args, message):
    file = write(tmp_path / "taken.txt", "not a folder")
    okrs = write(tmp_path / "okrs.csv", "objective,key_result\nGrow,Raise NPS from 30 to 40\n")
    argv = [sys.executable, "-m", "diagnose", "report", "--okrs", str(okrs)] + [a.format(file=file) for a in args]
    result = subprocess.run(argv, capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert file.read_text() == "not a folder"


@pytest.mark.pdf
def test_no_internal_id_or_snake_case_name_reaches_the_pdfs_text_before_the_rule_trace(demo_run, content):
    import re

    data = json.loads((demo_run[2] / "diagnosis.json").read_text())
    reader = PdfReader(demo_run[2] / "report.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    before_trace = text[:text.rindex("Rule trace")]
    internal = ({f["id"] for f in data["findings"]} | set(content.library.modules)
                | {"shared_services", "first_cycle", "team_member", "leadership_consistency", "goal_quality",
                   "max_sessions", "session_minutes", "checkin_cadence"})
    found = [name for name in internal if re.search(rf"(?<![\w/.-]){re.escape(name)}(?![\w-])", before_trace)]
    assert not found, found


def test_every_run_says_what_it_read_and_strict_refuses_warnings(tmp_path, cli):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result,colour\nGrow,Raise NPS from 20 to 40,red\nGrow,Cut churn from 5% to 3%,blue\n",
                    encoding="utf-8")
    code, out, err = cli("review", okrs)
    assert code == 0 and "read:" in err and "1 objective, 2 key results" in err, err
    code, out, err = cli("report", "--okrs", okrs, "--strict", "--out", tmp_path / "out")
    assert code == 2 and "--strict" in err and "colour" in err and not (tmp_path / "out").exists(), err
