"""`bank export`: one role's questions in every format, and forms whose response exports come back
in through `report --responses` with no labels file and no warning."""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from diagnose.content.bank import Bank, Question, load_bank, load_bundled_bank
from diagnose.content.labels import load_label_table
from diagnose.core.errors import InputError
from diagnose.core.vocabulary import AREA_TITLES, ROLES
from diagnose.people.bank_export import export_json, for_role
from diagnose.people.form_builders import (
    CLOSING,
    EVIDENCE,
    OPENING,
    export_google_apps_script,
    export_qualtrics,
    joins_ambiguously,
    js,
    plan_form,
)
from diagnose.people.responses import read_responses

FIXTURES = Path(__file__).parent / "fixtures" / "bank_export"
BANK = load_bundled_bank()
NODE = shutil.which("node")


def expected_ids(role: str) -> list[str]:
    """Worked out from the bank itself: the role's questions, bar the role question."""
    return [q.id for q in BANK.questions if role in q.roles and q.profile != "role"]


def run_cli(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "diagnose", *args], capture_output=True, text=True,
                          check=check)


# ------------------------------------------------------------------------------ --role

@pytest.mark.parametrize("role", ROLES)
def test_json_for_a_role_holds_exactly_its_questions(cli, role):
    code, out, err = cli("bank", "export", "--format", "json", "--role", role)
    data = json.loads(out)
    assert code == 0 and data["role"] == role
    assert [q["id"] for q in data["questions"]] == expected_ids(role)
    assert all(role in q["roles"] for q in data["questions"])


def test_csv_and_markdown_for_a_role_hold_the_same_questions(cli):
    code, out, _ = cli("bank", "export", "--format", "csv", "--role", "team_member")
    assert code == 0
    assert [row["id"] for row in csv.DictReader(out.splitlines())] == expected_ids("team_member")
    code, out, _ = cli("bank", "export", "--format", "md", "--role", "Team member")  # spelt as people do
    assert code == 0 and out.startswith("# OKR training needs: Team member")
    assert re.findall(r"- Id: `(\w+)`", out) == expected_ids("team_member")


@pytest.mark.parametrize("fmt", ["google-apps-script", "qualtrics"])
def test_forms_for_a_role_hold_exactly_its_questions(cli, fmt):
    code, out, _ = cli("bank", "export", "--format", fmt, "--role", "hr")
    assert code == 0
    found = (re.findall(r"^  // ([a-z][a-z0-9_]*)(?: \(.*\))?$", out, re.M) if fmt == "google-apps-script"
             else re.findall(r"^\[\[ID:(\w+)\]\]$", out, re.M))
    assert found == expected_ids("hr")


def test_an_unknown_role_exits_2_naming_the_valid_roles():
    result = run_cli("bank", "export", "--format", "google-apps-script", "--role", "boss")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown role 'boss'" in result.stderr and "Traceback" not in result.stderr
    assert all(role in result.stderr for role in ROLES)


def test_help_names_every_format():
    result = run_cli("bank", "export", "--help", check=True)
    for fmt in ("json", "csv", "md", "google-apps-script", "qualtrics", "script.google.com", "Import Survey"):
        assert fmt in result.stdout


def test_skip_logic_on_a_question_the_role_is_not_asked_is_settled():
    bank = load_bank(FIXTURES / "conditional.yaml")
    manager = {q.id: q for q in for_role(bank, "manager").questions}
    # uses_tool is a leader's question: for a manager it is unanswered, as in the interview.
    assert "uses_tool" not in manager
    assert "tool_helps" not in manager and "big_team_tool" not in manager  # could never be asked
    assert manager["tracked_elsewhere"].when is None                       # always asked
    rest = manager["big_team_notes"].when                                  # the part left to test
    assert rest is not None and rest.question == "team_size" and rest.min == 10
    leader = {q.id: q for q in for_role(bank, "leader").questions}
    assert leader["tool_helps"].when == bank.question("tool_helps").when
    assert '"when"' not in json.dumps(json.loads(export_json(for_role(bank, "manager")))["questions"][1])


def test_a_question_still_conditional_is_optional_in_a_form_and_says_when_to_answer():
    bank = for_role(load_bank(FIXTURES / "conditional.yaml"), "manager")
    items = {i.question.id: i for s in plan_form(bank) for i in s.questions}
    assert items["tracked_elsewhere"].required
    notes = items["big_team_notes"]
    assert not notes.required
    assert notes.note == ("Answer this only if your answer to \u201cHow many people are in your team?\u201d "
                          "was at least 10; otherwise leave it blank.")
    script = export_google_apps_script(bank, "manager")
    assert f"setHelpText({js(notes.note)})" in script


def test_a_bank_that_asks_a_role_nothing_is_an_input_error():
    with pytest.raises(InputError, match="asks the role 'hr' no questions"):
        for_role(load_bank(FIXTURES / "conditional.yaml"), "hr")


# ------------------------------------------------------------------------------ exports a form tool would write

def answers_for(bank: Bank, row: int) -> dict[str, object]:
    """A plausible answer to every question, given as a respondent would pick it."""
    answers: dict[str, object] = {}
    for index, q in enumerate(bank.questions):
        if q.type in ("single", "likert"):
            answers[q.id] = q.choices[(row + index) % len(q.choices)].value
        elif q.type == "multi":
            picked = {q.choices[row % len(q.choices)].value, q.choices[(row + 1) % len(q.choices)].value}
            answers[q.id] = [c.value for c in q.choices if c.value in picked]
        elif q.type == "number":
            answers[q.id] = (q.min or 0) + row + 1
        elif q.profile == "start_date":
            answers[q.id] = f"2027-01-{row + 11}"
        else:
            answers[q.id] = f'Row {row}, "{q.id}": a comma, a quote and a backslash \\'
    return answers


def labels(question: Question, values) -> list[str]:
    return [c.label for c in question.choices if c.value in values]


def answer_cells(items, answers: dict[str, object], joiner: str) -> list[str]:
    """One respondent's cells as a form tool writes them: labels, multi-select labels joined by
    `joiner`, a grid's Yes/No per option."""
    cells: list[str] = []
    for item in items:
        q, value = item.question, answers[item.question.id]
        if item.kind == "grid":
            cells += ["Yes" if c.value in value else "No" for c in q.choices]  # type: ignore[operator]
        elif q.type == "multi":
            cells.append(joiner.join(labels(q, value)))
        elif q.choices:
            cells.append(labels(q, [value])[0])
        else:
            cells.append(f"{value}")
    return cells


def write_rows(path: Path, lines: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    return path


def google_export(bank: Bank, rows: list[dict[str, object]], path: Path) -> Path:
    """The CSV Google Forms downloads: Timestamp, then a column per item headed by its title
    (a grid: `Title [row]` per row), multi-select answers joined with ", "."""
    items = [item for section in plan_form(bank) for item in section.questions]
    header = ["Timestamp"]
    for item in items:
        q = item.question
        header += [f"{q.text} [{c.label}]" for c in q.choices] if item.kind == "grid" else [q.text]
    lines = [header]
    for number, answers in enumerate(rows):
        line = [f"2026/11/{number + 1:02d} 10:00:00 AM GMT"]
        lines.append(line + answer_cells(items, answers, ", "))
    return write_rows(path, lines)


def qualtrics_export(bank: Bank, rows: list[dict[str, object]], path: Path, texts: bool = True) -> Path:
    """Qualtrics' CSV: export tags, question texts, ImportId row; multi-select answers joined with ","."""
    meta = [("StartDate", "Start Date"), ("EndDate", "End Date"), ("Status", "Response Type"),
            ("Progress", "Progress"), ("Finished", "Finished"), ("ResponseId", "Response ID")]
    codes, heads, ids = [m[0] for m in meta], [m[1] for m in meta], [json.dumps({"ImportId": m[0]}) for m in meta]
    items = [item for section in plan_form(bank) for item in section.questions]
    for number, item in enumerate(items, start=1):
        q = item.question
        # texts=False: a question text that came back changed (HTML, a note) leaves the export tag.
        text = q.text if texts else f"Q{number}. {q.text} (see note)"
        if item.kind == "grid":
            codes += [f"{q.id}_{i}" for i in range(1, len(q.choices) + 1)]
            heads += [f"{text} - {c.label}" for c in q.choices]
            ids += [json.dumps({"ImportId": f"QID{number}_{i}"}) for i in range(1, len(q.choices) + 1)]
        else:
            codes.append(q.id)
            heads.append(text)
            ids.append(json.dumps({"ImportId": f"QID{number}_TEXT" if not q.choices else f"QID{number}"}))
    lines = [codes, heads, ids]
    for number, answers in enumerate(rows):
        line = ["2026-11-02 10:00:00", "2026-11-02 10:09:00", "IP Address", "100", "True", f"R_{number}"]
        lines.append(line + answer_cells(items, answers, ","))
    return write_rows(path, lines)


def assert_every_answer_arrived(path: Path, bank: Bank, rows: list[dict[str, object]], role: str | None) -> None:
    imported = read_responses(path, bank, role=role)
    assert imported.warnings == []
    assert len(imported.answer_sets) == len(rows)
    for answer_set, sent in zip(imported.answer_sets, rows):
        assert answer_set.answers == sent  # 1 == 1.0: numbers compare by value
        if role:
            assert answer_set.respondent.role == role


def assert_report_reads_it_cleanly(argv: list[str], out: Path, role: str, count: int) -> None:
    result = run_cli("report", *argv, "--profile", str(FIXTURES / "profile.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if "warning" in line.lower()], result.stderr
    assert f"{count} respondents" in result.stderr
    assert json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))["respondents"] == {role: count}


# ------------------------------------------------------------------------------ Google Apps Script

@pytest.mark.parametrize("role", ["team_member", "leader"])
def test_a_google_forms_export_of_the_scripts_form_imports_cleanly(tmp_path, role):
    script = run_cli("bank", "export", "--format", "google-apps-script", "--role", role, check=True).stdout
    bank = for_role(BANK, role)
    assert "addGridItem" not in script  # the bundled labels, commas and all, read back unambiguously
    for question in bank.questions:
        assert f".setTitle({js(question.text)})" in script
        if question.choices:
            assert f"setChoiceValues([{', '.join(js(c.label) for c in question.choices)}])" in script
    breaks = re.findall(r"form\.addPageBreakItem\(\)\.setTitle\((.+)\);", script)
    areas = [AREA_TITLES[a] for a in AREA_TITLES if any(q.area == a for q in bank.questions)]
    assert [json.loads(b) for b in breaks if json.loads(b) in AREA_TITLES.values()] == areas
    # The leader is also asked for examples; everyone is asked "anything else" last.
    assert [json.loads(b) for b in breaks] == areas + [EVIDENCE] * (role == "leader") + [CLOSING]
    assert "getEditUrl()" in script and "getPublishedUrl()" in script

    rows = [answers_for(bank, row) for row in range(3)]
    export = google_export(bank, rows, tmp_path / "Responses.csv")
    assert_every_answer_arrived(export, bank, rows, role)
    assert_report_reads_it_cleanly(["--responses", str(export), "--role", role], tmp_path / "a", role, 3)
    assert_report_reads_it_cleanly(["--responses", f"{export}:{role}"], tmp_path / "b", role, 3)


def test_the_whole_bank_asks_the_role_and_imports_without_one(tmp_path):
    rows = [answers_for(BANK, row) | {"role": "manager"} for row in range(3)]
    export = google_export(BANK, rows, tmp_path / "Responses.csv")
    assert_every_answer_arrived(export, BANK, rows, None)
    assert_report_reads_it_cleanly(["--responses", str(export)], tmp_path / "out", "manager", 3)


def test_multi_select_labels_that_a_joined_cell_would_confuse_become_a_yes_no_grid(tmp_path):
    bank = load_bank(FIXTURES / "ambiguous.yaml")
    table = load_label_table(bank)
    functions, shared = bank.question("functions"), bank.question("shared")
    assert functions is not None and shared is not None
    # What Google would write for Finance and HR ticked is the third option's label.
    assert table.split_options(functions, "Finance, HR") == (["finance_hr"], [])
    assert joins_ambiguously(functions, table) and not joins_ambiguously(shared, table)
    script = export_google_apps_script(bank)
    assert 'setRows(["Finance", "HR", "Finance, HR"])' in script and 'setColumns(["Yes", "No"])' in script
    assert 'addCheckboxItem()\n      .setTitle("Which shared services take part?")' in script
    text = export_qualtrics(bank)
    assert "[[Question:Matrix]]\n[[ID:functions]]" in text and "[[Answers]]\nYes\nNo" in text
    rows = [{"functions": ["finance", "hr"], "shared": ["it", "back_office"], "comment": "x"},
            {"functions": ["finance_hr"], "shared": ["back_office"], "comment": "y"}]
    assert_every_answer_arrived(google_export(bank, rows, tmp_path / "g.csv"), bank, rows, "hr")
    assert_every_answer_arrived(qualtrics_export(bank, rows, tmp_path / "q.csv"), bank, rows, "hr")


def test_choice_labels_an_export_could_not_tell_apart_are_refused():
    with pytest.raises(InputError, match="'Weekly' of choice 'monthly' would be read back as 'weekly'"):
        export_google_apps_script(load_bank(FIXTURES / "clash.yaml"))


HOSTILE = ['Say "no" \\ then </script><script>alert(1)</script>', "Two\nlines\r\nand a\u2028separator",
           "'); FormApp.getActiveForm().deleteAllResponses(); ('", "Emoji \U0001f600 and \u00e9 ${x} `tick`"]


def hostile_bank(texts: list[str]) -> Bank:
    questions = [Question(id=f"q{n}", text=t, type="single", help=t,
                          choices=[{"value": "a", "label": t}, {"value": "b", "label": "Other"}])
                 for n, t in enumerate(texts)]
    return Bank(bank="hostile", version=1, title=texts[0], description=texts[-1], questions=questions)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
@example("</script><script>alert(1)</script>")
@example("\u2028\u2029 and \r\n")
@example('"; Logger.log(1); "\\')
def test_any_text_is_one_javascript_string_holding_exactly_it(text):
    literal = js(text)
    assert json.loads(literal) == text
    assert not re.search("[\n\r\u2028\u2029]", literal) and "</" not in literal
    # The literal ends where it should: its only unescaped quotes are the first and the last.
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', literal, re.S)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=3).filter(lambda t: t.strip()))
def test_any_question_text_leaves_the_script_shape_alone(text):
    plain = export_google_apps_script(hostile_bank(["A plain question"]))
    script = export_google_apps_script(hostile_bank([text]))
    assert script.count("\n") == plain.count("\n")
    assert f".setTitle({js(text)})" in script


MOCK_FORMAPP = r"""
const vm = require("vm"), fs = require("fs");
const methods = {
  MultipleChoice: ["setTitle", "setChoiceValues", "setRequired", "setHelpText"],
  Checkbox: ["setTitle", "setChoiceValues", "setRequired", "setHelpText"],
  Grid: ["setTitle", "setRows", "setColumns", "setRequired", "setHelpText"],
  Text: ["setTitle", "setRequired", "setHelpText", "setValidation"],
  ParagraphText: ["setTitle", "setRequired", "setHelpText"],
  PageBreak: ["setTitle", "setHelpText"],
};
const items = [], logs = [], form = {published: false};
function add(type) {
  const item = {type}, api = {};
  for (const name of methods[type]) api[name] = (value) => { item[name.slice(3)] = value; return api; };
  items.push(item);
  return () => api;
}
const formApi = {
  setDescription: (d) => { form.description = d; }, isPublished: () => form.published,
  setPublished: (p) => { form.published = p; }, getEditUrl: () => "EDIT", getPublishedUrl: () => "VIEW",
};
for (const type of Object.keys(methods)) formApi["add" + type + "Item"] = () => add(type)();
const builder = {rule: null};
for (const name of ["setHelpText", "requireNumber", "requireNumberBetween", "requireNumberGreaterThanOrEqualTo",
                    "requireNumberLessThanOrEqualTo"])
  builder[name] = (...args) => { if (name !== "setHelpText") builder.rule = [name, ...args]; return builder; };
builder.build = () => ({rule: builder.rule});
const sandbox = {
  FormApp: {create: (title) => { form.title = title; return formApi; }, createTextValidation: () => builder},
  Logger: {log: (line) => logs.push(line)},
};
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8") + "\ncreateForm();", sandbox);
console.log(JSON.stringify({form, items, logs}));
"""


def run_in_mock_formapp(script: str, tmp_path: Path) -> dict:
    """The script run by node against a FormApp that has only the documented methods it uses."""
    (tmp_path / "mock.js").write_text(MOCK_FORMAPP, encoding="utf-8")
    (tmp_path / "form.gs").write_text(script, encoding="utf-8")
    result = subprocess.run([NODE or "node", str(tmp_path / "mock.js"), str(tmp_path / "form.gs")],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_script_runs_and_builds_the_bank_question_for_question(tmp_path):
    bank = for_role(BANK, "consultant")
    built = run_in_mock_formapp(export_google_apps_script(bank, "consultant"), tmp_path)
    assert built["form"]["published"] and built["logs"] == ["Edit the form: EDIT",
                                                             "Send this link to the respondents: VIEW"]
    questions = [i for i in built["items"] if i["type"] != "PageBreak"]
    assert sorted(i["Title"] for i in questions) == sorted(q.text for q in bank.questions)
    page, pages = OPENING, {}
    for item in built["items"]:
        if item["type"] == "PageBreak":
            page = item["Title"]
        else:
            pages.setdefault(page, []).append(item["Title"])
    for area, title in AREA_TITLES.items():  # each area's questions on its page, in the bank's order
        assert pages[title] == [q.text for q in bank.questions if q.area == area]
    by_text = {q.text: q for q in bank.questions}
    for item, question in ((i, by_text[i["Title"]]) for i in questions):
        assert item.get("ChoiceValues", []) == [c.label for c in question.choices]
        assert item["Required"] == (question.required and question.when is None)
    numbers = {q.text: q for q in bank.questions if q.type == "number"}
    for item in questions:
        if item["Title"] in numbers:
            q = numbers[item["Title"]]
            rule = item["Validation"]["rule"]
            assert rule == (["requireNumberBetween", q.min, q.max] if q.max is not None
                            else ["requireNumberGreaterThanOrEqualTo", q.min])
    breaks = [i["Title"] for i in built["items"] if i["type"] == "PageBreak"]
    assert breaks == list(AREA_TITLES.values()) + [EVIDENCE, CLOSING]
    # The questions before the first area are on the form's own first page.
    assert pages[OPENING] == [q.text for q in itertools.takewhile(lambda q: not q.area, bank.questions)]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_hostile_texts_reach_the_form_exactly(tmp_path):
    built = run_in_mock_formapp(export_google_apps_script(hostile_bank(HOSTILE)), tmp_path)
    assert built["form"]["title"] == HOSTILE[0]
    assert [i["Title"] for i in built["items"]] == HOSTILE
    assert [i["ChoiceValues"][0] for i in built["items"]] == HOSTILE
    assert [i["HelpText"] for i in built["items"]] == HOSTILE


# ------------------------------------------------------------------------------ Qualtrics

def test_the_qualtrics_file_has_a_block_per_area_and_every_question_once_with_its_id():
    text = run_cli("bank", "export", "--format", "qualtrics", check=True).stdout
    assert text.startswith("[[AdvancedFormat]]\n")
    blocks = re.findall(r"^\[\[Block:(.+)\]\]$", text, re.M)
    assert blocks == [OPENING, *AREA_TITLES.values(), EVIDENCE, "Last questions"]
    for question in BANK.questions:
        found = re.findall(rf"^\[\[Question:([\w:]+)\]\]\n\[\[ID:{question.id}\]\]\n(.+)\n", text, re.M)
        assert len(found) == 1, question.id
        tag, shown = found[0]
        assert shown == question.text
        assert tag == {"single": "MC:SingleAnswer:Vertical", "likert": "MC:SingleAnswer:Vertical",
                       "multi": "MC:MultipleAnswer:Vertical", "number": "TE:SingleLine",
                       "text": "TE:SingleLine" if question.profile else "TE:Essay"}[question.type]
        if question.choices:
            choices = "\n".join(c.label for c in question.choices)
            assert f"{question.text}\n[[Choices]]\n{choices}\n\n" in text
    assert "Enter a number from 0 to 40." in text  # what the file cannot validate, it says


@pytest.mark.parametrize("texts", [True, False])
def test_a_qualtrics_export_of_the_survey_imports_cleanly(tmp_path, texts):
    bank = for_role(BANK, "manager")
    rows = [answers_for(bank, row) for row in range(3)]
    export = qualtrics_export(bank, rows, tmp_path / "survey.csv", texts=texts)
    assert_every_answer_arrived(export, bank, rows, "manager")
    if texts:
        assert_report_reads_it_cleanly(["--responses", f"{export}:manager"], tmp_path / "out", "manager", 3)
