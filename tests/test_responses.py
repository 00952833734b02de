"""Team-survey exports from form tools, read back into the answers people gave.

Each tool's export is generated here from the demo organisation's answer files, in that
tool's real shape, so a round trip shows nothing is lost or changed on the way.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose.content.bank import Question, load_bundled_bank
from diagnose.content.labels import bundled_labels_path
from diagnose.core.errors import InputError
from diagnose.core.models import AnswerSet
from diagnose.core.resources import content_dir
from diagnose.people.answers import read_answers
from diagnose.people.responses import ImportedResponses, read_responses
from diagnose.scoring.survey import score_answers

BANK = load_bundled_bank()
PEOPLE = [read_answers(path, {BANK.bank: BANK}) for path in sorted((content_dir("demo") / "answers").glob("*.yaml"))]
Q = BANK.question


def text_of(qid: str) -> str:
    return Q(qid).text


def expected_answers(person: AnswerSet) -> dict:
    """What an import should recover: the answers, plus the team the form asks as a question."""
    answers = dict(person.answers)
    if person.respondent.team:
        answers["team"] = person.respondent.team
    return answers


def label(question: Question, value: str) -> str:
    return question.choice(value).label


def is_frequency(question: Question) -> bool:
    return question.type == "likert" and question.choices[-1].value == "always"


def one_cell(question: Question, value, *, likert_numbers=False, join=", ", trailing="") -> str:
    """An answer as a one-cell-per-question export writes it."""
    if value is None:
        return ""
    if question.type == "multi":
        return join.join(label(question, v) for v in value) + trailing
    if question.type == "likert" and likert_numbers:
        return str([c.value for c in question.choices].index(value) + 1)
    if question.type in ("single", "likert"):
        return label(question, value)
    return str(value)


# ------------------------------------------------------------------------------ one generator per tool

def google_forms(people):
    # Google exports a linear-scale question as the point's number; here the frequency items are scales.
    header = ["Timestamp", "Email Address"] + [q.text for q in BANK.questions]
    rows = [["2025/01/13 9:41:02 AM GMT", f"person{i}@example.com"]
            + [one_cell(q, expected_answers(p).get(q.id), likert_numbers=is_frequency(q)) for q in BANK.questions]
            for i, p in enumerate(people)]
    return [header] + rows


def microsoft_forms(people):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"] + [
        q.text for q in BANK.questions]
    rows = [[str(i + 1), "1/13/25 9:40:11", "1/13/25 9:52:40", "anonymous", "", ""]
            + [one_cell(q, expected_answers(p).get(q.id), join=";", trailing=";") for q in BANK.questions]
            for i, p in enumerate(people)]
    return [header] + rows


def surveymonkey(people):
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1"]
    first, second = list(meta), [""] * len(meta)
    for q in BANK.questions:
        if q.type == "multi":
            first += [q.text] + [""] * (len(q.choices) - 1)
            second += [c.label for c in q.choices]
        else:
            first.append(q.text)
            second.append("Open-Ended Response" if q.type in ("text", "number") else "Response")
    rows = []
    for i, person in enumerate(people):
        answers = expected_answers(person)
        row = [str(11800000 + i), "4049", "01/13/2025 09:40:11 AM", "01/13/2025 09:52:40 AM", "10.0.0.1", "", "", "", ""]
        for q in BANK.questions:
            if q.type == "multi":
                row += [c.label if c.value in answers.get(q.id, []) else "" for c in q.choices]
            else:
                row.append(one_cell(q, answers.get(q.id)))
        rows.append(row)
    return [first, second] + rows


def qualtrics(people):
    codes = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
             "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
             "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
             "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel",
             "User Language"]
    imports = [f'{{"ImportId":"{c}","timeZone":"Europe/London"}}' if "Date" in c else f'{{"ImportId":"{c}"}}'
               for c in codes]
    first = codes + [f"Q{i}" for i, _ in enumerate(BANK.questions, start=1)]
    second = texts + [q.text for q in BANK.questions]
    third = imports + [f'{{"ImportId":"QID{i}"}}' for i, _ in enumerate(BANK.questions, start=1)]
    rows = [["2025-01-13 09:40:11", "2025-01-13 09:52:40", "0", "10.0.0.1", "100", "749", "1", "2025-01-13 09:52:41",
             f"R_{i:015d}", "", "", "", "", "51.5", "-0.1", "anonymous", "EN"]
            + [one_cell(q, expected_answers(p).get(q.id), join=",") for q in BANK.questions]
            for i, p in enumerate(people)]
    return [first, second, third] + rows


def typeform(people):
    # The older layout: one column per option, headed by the option's label and holding it when ticked.
    header = ["#"]
    for q in BANK.questions:
        header += [c.label for c in q.choices] if q.type == "multi" else [q.text]
    header += ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = []
    for i, person in enumerate(people):
        answers = expected_answers(person)
        row = [f"k3b{i}x9"]
        for q in BANK.questions:
            if q.type == "multi":
                row += [c.label if c.value in answers.get(q.id, []) else "" for c in q.choices]
            else:
                row.append(one_cell(q, answers.get(q.id), likert_numbers=True))
        rows.append(row + ["2025-01-13 09:40:11", "2025-01-13 09:52:40", "a81f20c3de"])
    return [header] + rows


def limesurvey(people):
    meta = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header = list(meta)
    for q in BANK.questions:
        header += [f"{q.text} [{c.label}]" for c in q.choices] if q.type == "multi" else [q.text]
    rows = []
    for i, person in enumerate(people):
        answers = expected_answers(person)
        row = [str(i + 1), "2025-01-13 09:52:40", "6", "en", "1873451", "2025-01-13 09:40:11", "2025-01-13 09:52:40"]
        for q in BANK.questions:
            if q.type == "multi":
                row += ["Y" if c.value in answers.get(q.id, []) else "" for c in q.choices]
            else:
                row.append(one_cell(q, answers.get(q.id)))
        rows.append(row)
    return [header] + rows


def write_csv(path: Path, rows, *, delimiter=",", encoding="utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        # Spreadsheets hold numbers as numbers: the import must read 3 and 3.0 as "3".
        sheet.append([float(cell) if cell.isdigit() else cell for cell in row])
    workbook.save(path)
    return path


ROUND_TRIPS = {
    "google-forms": lambda tmp: write_csv(tmp / "google.csv", google_forms(PEOPLE)),
    "microsoft-forms": lambda tmp: write_csv(tmp / "microsoft.csv", microsoft_forms(PEOPLE), delimiter=";",
                                             encoding="utf-8-sig"),
    "surveymonkey": lambda tmp: write_csv(tmp / "surveymonkey.csv", surveymonkey(PEOPLE), encoding="cp1252"),
    "qualtrics": lambda tmp: write_csv(tmp / "qualtrics.tsv", qualtrics(PEOPLE), delimiter="\t",
                                       encoding="utf-8-sig"),
    "typeform": lambda tmp: write_csv(tmp / "typeform.csv", typeform(PEOPLE)),
    "limesurvey": lambda tmp: write_csv(tmp / "limesurvey.csv", limesurvey(PEOPLE), delimiter=";"),
}


@pytest.mark.parametrize("tool", sorted(ROUND_TRIPS))
def test_every_tool_round_trips_the_demo_answers(tool, tmp_path):
    path = ROUND_TRIPS[tool](tmp_path)
    imported = read_responses(path, BANK)
    assert imported.tool == tool
    assert_same_people(imported, path)


def test_xlsx_with_numeric_cells_round_trips(tmp_path):
    path = write_xlsx(tmp_path / "responses.xlsx", google_forms(PEOPLE))
    imported = read_responses(path, BANK)
    assert imported.tool == "google-forms"
    assert_same_people(imported, path)


def assert_same_people(imported: ImportedResponses, path: Path) -> None:
    # SurveyMonkey writes Windows-1252: read as such, and said, but nothing else to warn of.
    assert [w for w in imported.warnings if "Windows-1252" not in w.message] == []
    assert all(w.warning for w in imported.warnings)
    assert len(imported.answer_sets) == len(PEOPLE)
    header_rows = {"surveymonkey": 2, "qualtrics": 3}.get(imported.tool, 1)
    for number, (got, person) in enumerate(zip(imported.answer_sets, PEOPLE), start=header_rows + 1):
        assert got.answers == expected_answers(person), person.source
        assert got.respondent.role == person.respondent.role
        assert got.respondent.team == person.respondent.team
        assert got.respondent.name is None  # names are not read
        assert got.source == f"{path} row {number}"
    banks = {BANK.bank: BANK}
    assert score_answers(imported.answer_sets, banks).area_scores == score_answers(PEOPLE, banks).area_scores


# ------------------------------------------------------------------------------ labels and columns

def google(tmp_path: Path, header: list[str], *rows: list[str], name="export.csv") -> Path:
    return write_csv(tmp_path / name, [["Timestamp"] + header] + [["2025/01/13 9:41"] + row for row in rows])


AGREE = text_of("align_priorities_known")
OFTEN = text_of("acc_checkin_decisions")
ROLE = text_of("role")


def test_linear_scale_numbers_and_table_labels_map_to_choices(tmp_path):
    path = google(tmp_path, [ROLE, AGREE, OFTEN],
                  ["Team member", "4", "1"],
                  ["Team member", "Somewhat agree", "Always"],
                  ["Team member", "neutral", "Most of the time"],
                  ["Team member", "5 - Strongly agree", "N/A"])
    answers = [a.answers for a in read_responses(path, BANK).answer_sets]
    assert [a["align_priorities_known"] for a in answers] == ["agree", "agree", "neutral", "strongly_agree"]
    assert [a.get("acc_checkin_decisions") for a in answers] == ["never", "always", "often", None]


def test_reverse_worded_items_map_numbers_to_the_same_position(tmp_path):
    path = google(tmp_path, [ROLE, text_of("align_set_in_isolation")], ["Team member", "5"])
    imported = read_responses(path, BANK)
    assert imported.answer_sets[0].answers["align_set_in_isolation"] == "strongly_agree"


def test_a_user_labels_file_extends_and_overrides_the_table(tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("scales:\n  agree5:\n    Somewhat agree: strongly_agree\n    Kinda: agree\n"
                      "questions:\n  role:\n    Engineer: team_member\n", encoding="utf-8")
    path = google(tmp_path, [ROLE, AGREE], ["Engineer", "Somewhat agree"], ["Team member", "kinda"])
    answers = read_responses(path, BANK, labels=labels).answer_sets
    assert answers[0].answers["align_priorities_known"] == "strongly_agree"
    assert answers[0].respondent.role == "team_member"
    assert answers[1].answers["align_priorities_known"] == "agree"


def test_unquoted_yes_and_no_in_a_labels_file_still_map(tmp_path):
    # YAML reads an unquoted Yes or No as a boolean; the label must still match the cell.
    labels = tmp_path / "labels.yaml"
    labels.write_text("scales:\n  agree5:\n    Yes: agree\n    No: disagree\n", encoding="utf-8")
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Yes"], ["Team member", "no"])
    imported = read_responses(path, BANK, labels=labels)
    assert [a.answers["align_priorities_known"] for a in imported.answer_sets] == ["agree", "disagree"]


def test_a_labels_file_naming_an_unknown_scale_or_value_is_an_error_with_its_line(tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("scales:\n  agreee5:\n    Meh: neutral\n  frequency5:\n    Hourly: alwayz\n", encoding="utf-8")
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Agree"])
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK, labels=labels)
    message = str(caught.value)
    assert f"{labels}:2" in message and "did you mean 'agree5'" in message
    assert f"{labels}:5" in message and "did you mean 'always'" in message


def test_the_bundled_label_table_is_valid_for_the_bundled_bank(tmp_path):
    # Read as a user's file, every entry is checked against the bank instead of passed over.
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Agree"])
    read_responses(path, BANK, labels=bundled_labels_path())


def test_an_unmapped_label_is_a_warning_with_its_row_and_column_and_is_left_out(tmp_path):
    path = google(tmp_path, [ROLE, AGREE, OFTEN], ["Team member", "Agree", "Often"],
                  ["Team member", "Maybe", "Often"])
    imported = read_responses(path, BANK)
    assert "align_priorities_known" not in imported.answer_sets[1].answers
    [warning] = imported.warnings
    assert warning.warning and warning.row == 3 and warning.file == str(path)
    assert "'Maybe'" in str(warning) and "column 3" in str(warning)


def test_an_unmatched_column_is_a_warning_that_suggests_the_question(tmp_path):
    near = "Without looking them up, I could name the company priorities our team objectives support"
    path = google(tmp_path, [ROLE, AGREE, near, "Favourite colour"], ["Team member", "Agree", "Agree", "Blue"])
    imported = read_responses(path, BANK)
    assert len(imported.answer_sets) == 1
    near_warning, other = imported.warnings
    assert near_warning.row == 1 and near_warning.warning
    assert f"did you mean {AGREE!r}" in str(near_warning)
    assert "Favourite colour" in str(other)


def test_headers_match_through_quotes_case_spacing_punctuation_required_marks_and_ids(tmp_path):
    measurable = text_of("goal_measurable_now")
    headers = [
        "  " + ROLE.upper().replace(" ", "   ") + " *",
        AGREE.rstrip(".") + " *",
        "acc_named_owner",
        measurable.replace("?", "") + ":",
        text_of("priority_count").replace("?", ""),
    ]
    path = google(tmp_path, headers, ["Team member", "Agree", "Disagree", "I\u2019m not sure", "I'm not sure"])
    imported = read_responses(path, BANK)
    assert imported.warnings == []
    assert imported.answer_sets[0].answers == {
        "role": "team_member", "align_priorities_known": "agree", "acc_named_owner": "disagree",
        "goal_measurable_now": "not_sure", "priority_count": "unsure"}


def test_joined_multi_select_cells_split_on_known_labels(tmp_path):
    types = text_of("team_types")
    path = google(tmp_path, [ROLE, types],
                  ["Senior leader or executive",
                   "Shared services (finance, HR, IT, legal and similar), The leadership team itself, Other: Sales"],
                  ["Senior leader or executive", "Operations and service delivery teams;Product;"])
    imported = read_responses(path, BANK)
    first, second = (a.answers["team_types"] for a in imported.answer_sets)
    assert first == ["shared_services", "leadership"]
    assert second == ["product", "operations"]
    [warning] = imported.warnings
    assert warning.row == 2 and "'Other: Sales'" in str(warning)


def test_a_file_whose_rows_cannot_be_read_says_why(tmp_path):
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Maybe"], ["Team member", "Perhaps"])
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK)
    message = str(caught.value)
    assert "no row answers a question" in message
    assert f"{path}: row 2" in message and "'Maybe'" in message and "'Perhaps'" in message


def test_an_other_column_of_a_single_choice_question_is_a_warning(tmp_path):
    rows = surveymonkey(PEOPLE[:1])
    rows[0].append("")
    rows[1].append("Other (please specify)")
    rows[2].append("Two, maybe three")
    imported = read_responses(write_csv(tmp_path / "sm.csv", rows), BANK)
    [warning] = imported.warnings
    assert warning.row == 2 and "extra column of question 'anything_else'" in str(warning)


def test_numbers_out_of_range_or_unreadable_are_warnings(tmp_path):
    cycles = text_of("cycles_run")
    path = google(tmp_path, [ROLE, AGREE, cycles], ["Senior leader or executive", "Agree", "99"],
                  ["Senior leader or executive", "Agree", "a few"], ["Senior leader or executive", "Agree", "3"])
    imported = read_responses(path, BANK)
    assert [a.answers.get("cycles_run") for a in imported.answer_sets] == [None, None, 3]
    assert [w.row for w in imported.warnings] == [2, 3]
    assert "outside 0 to 40" in str(imported.warnings[0])


def test_truncated_rows_and_blank_rows_are_fine(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(f'Timestamp,"{ROLE}","{AGREE}","{OFTEN}"\n2025/01/13,Team member,Agree\n\n'
                    "2025/01/14,Manager or team lead\n2025/01/15,Team member,,Often\n", encoding="utf-8")
    imported = read_responses(path, BANK)
    assert [a.answers for a in imported.answer_sets] == [
        {"role": "team_member", "align_priorities_known": "agree"},
        {"role": "team_member", "acc_checkin_decisions": "often"}]
    # The manager's row answered nothing but the role: reported, not counted as a respondent.
    [warning] = imported.warnings
    assert warning.row == 4


def test_qualtrics_split_multi_columns_and_export_tags(tmp_path):
    types = text_of("team_types")
    rows = [["ResponseId", "role", "QID9_1", "QID9_4"],
            ["Response ID", "Your role", f"{types} - Product and engineering teams", f"{types} - The leadership team itself"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID9_1"}', '{"ImportId":"QID9_4"}'],
            ["R_1", "Senior leader or executive", "1", ""]]
    imported = read_responses(write_csv(tmp_path / "q.csv", rows), BANK)
    assert imported.tool == "qualtrics" and imported.warnings == []
    assert imported.answer_sets[0].answers == {"role": "leader", "team_types": ["product"]}


# ------------------------------------------------------------------------------ roles

def test_role_comes_from_the_column_and_the_argument_fills_only_the_blanks(tmp_path):
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Agree"], ["", "Agree"], ["Senior leader", "Agree"])
    imported = read_responses(path, BANK, role="manager")
    assert [a.respondent.role for a in imported.answer_sets] == ["team_member", "manager", "leader"]
    assert "role" not in imported.answer_sets[1].answers


def test_role_argument_gives_everyone_a_role_when_the_form_did_not_ask(tmp_path):
    path = google(tmp_path, [AGREE], ["Agree"], ["Disagree"])
    imported = read_responses(path, BANK, role="team member")
    assert [a.respondent.role for a in imported.answer_sets] == ["team_member", "team_member"]


def test_no_role_anywhere_is_an_error_naming_the_file_row_and_role_option(tmp_path):
    path = google(tmp_path, [AGREE], ["Agree"])
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK)
    assert f"{path}: row 2" in str(caught.value) and "--role ROLE" in str(caught.value)


def test_a_blank_role_cell_without_the_argument_is_an_error_for_that_row(tmp_path):
    path = google(tmp_path, [ROLE, AGREE], ["Team member", "Agree"], ["", "Agree"])
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK)
    assert f"{path}: row 3" in str(caught.value) and "--role" in str(caught.value)
    assert "row 2" not in str(caught.value)


def test_an_unknown_role_label_is_an_error_listing_the_labels(tmp_path):
    path = google(tmp_path, [ROLE, AGREE], ["Intern", "Agree"], ["Astronaut", "Agree"])
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK)
    message = str(caught.value)
    assert f"{path}: row 2" in message and f"{path}: row 3" in message
    assert "'Intern'" in message and "'Team member'" in message


def test_an_unknown_role_argument_is_an_error():
    with pytest.raises(InputError, match="--role"):
        read_responses(Path("unused.csv"), BANK, role="boss")


# ------------------------------------------------------------------------------ unreadable inputs

@pytest.mark.parametrize("content, expected", [
    ("", "the file is empty"),
    ("\n\n", "the file is empty"),
    (",,\nTeam member,Agree,\n", "no header row"),
    ("Timestamp,Colour,Size\n2025,Blue,L\n", "does not look like an export of the okr-training-needs bank"),
    (f'Timestamp,"{AGREE}"\n', "no respondent gave an answer"),
])
def test_unusable_files_are_input_errors_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK, role="team_member")
    assert expected in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize("name, content", [("old.xls", b"\xd0\xcf\x11\xe0"), ("broken.xlsx", b"not a zip file"),
                                           ("missing.csv", None)])
def test_unreadable_files_are_input_errors(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_responses(path, BANK, role="team_member")
    assert str(path) in str(caught.value)


# ------------------------------------------------------------------------------ anything at all

HEADER_WORDS = ([q.text for q in BANK.questions] + [q.id for q in BANK.questions]
                + ["Timestamp", "#", "ID", "Start time", "Respondent ID", "Collector ID", "Start Date", "End Date",
                   "StartDate", "ResponseId", "Submit Date (UTC)", "id", "submitdate", "lastpage", "startlanguage",
                   '{"ImportId":"QID1"}', "Response", "Open-Ended Response"]
                + [f"{Q('team_types').text} [{c.label}]" for c in Q("team_types").choices])
CELL_WORDS = sorted({c.label for q in BANK.questions for c in q.choices}) + ["", "1", "5", "99", "Y", "Somewhat agree",
                                                                             "N/A", "Team member;Agree;"]
# Mostly real question texts and labels, so that many examples get past the header and into the rows.
headers = st.lists(st.one_of(st.sampled_from([q.text for q in BANK.questions]), st.sampled_from(HEADER_WORDS),
                             st.text(max_size=12)), min_size=1, max_size=8)
cells = st.one_of(st.sampled_from(CELL_WORDS), st.text(max_size=12))


TOOL_STARTS = [[], ["Timestamp"], ["ID", "Start time", "Completion time", "Email", "Name"],
               ["Respondent ID", "Collector ID", "Start Date", "End Date"], ["StartDate", "ResponseId"],
               ["#", "Submit Date (UTC)"], ["id", "submitdate", "lastpage", "startlanguage"]]


@st.composite
def exports(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    rows = [draw(headers) for _ in range(draw(st.integers(1, 3)))] + draw(st.lists(st.lists(cells, max_size=9),
                                                                                   min_size=1, max_size=5))
    rows[0] = draw(st.sampled_from(TOOL_STARTS)) + rows[0]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text[:draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"])), errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=exports(), role=st.sampled_from([None, "team_member", "leader"]))
def test_any_export_gives_responses_or_an_input_error_naming_the_file(tmp_path_factory, content, role):
    path = tmp_path_factory.mktemp("fuzz") / "export.csv"
    path.write_bytes(content)
    try:
        imported = read_responses(path, BANK, role=role)
    except InputError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(imported, ImportedResponses) and imported.answer_sets
        assert all(w.warning and w.file == str(path) for w in imported.warnings)


@pytest.mark.pdf
def test_a_report_of_several_exports_names_a_labels_mistake_once(tmp_path, cli):
    labels = tmp_path / "labels.yaml"
    labels.write_text("scales:\n  agreee5:\n    Meh: neutral\n", encoding="utf-8")
    exports = [google(tmp_path, [AGREE], ["Agree"], name=f"team{n}.csv") for n in range(3)]
    code, out, err = cli("report", "--responses", *exports, "--role", "Team-member", "--labels", labels,
                         "--out", tmp_path / "out")
    assert code == 2 and "Traceback" not in err
    assert err.count("did you mean 'agree5'") == 1, err
    code, _, err = cli("report", "--responses", *exports, "--role", "Team-member", "--out", tmp_path / "out")
    assert code == 0, err  # the role as people write it


def test_a_hand_written_answers_file_matches_labels_as_the_form_importer_does(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("bank: okr-training-needs\nbank_version: 1\nrespondent: {role: manager}\nanswers:\n"
                    "  align_priorities_known: \"Strongly  agree.\"\n  align_traceable: AGREE\n"
                    "  align_set_in_isolation: Strongly_Disagree\n", encoding="utf-8")
    answers = read_answers(path, {BANK.bank: BANK}).answers
    assert (answers["align_priorities_known"], answers["align_traceable"], answers["align_set_in_isolation"]) == \
        ("strongly_agree", "agree", "strongly_disagree")
    path.write_text(path.read_text(encoding="utf-8").replace("AGREE", "agreeable"), encoding="utf-8")
    with pytest.raises(InputError, match="'agreeable' is not a choice"):
        read_answers(path, {BANK.bank: BANK})


def without_role_question(rows):
    column = rows[0].index(text_of("role"))
    return [row[:column] + row[column + 1:] for row in rows]


def test_each_responses_file_can_carry_its_own_role(tmp_path, content):
    import datetime as dt

    from diagnose.pipeline import Inputs, diagnose

    leaders = write_csv(tmp_path / "leaders.csv", without_role_question(google_forms(PEOPLE[:3])))
    team = write_csv(tmp_path / "team.csv", without_role_question(google_forms(PEOPLE[3:7])))
    diagnosis = diagnose(Inputs(responses=[Path(f"{leaders}:leader"), Path(f"{team}:team_member")],
                                today=dt.date(2026, 12, 2)), content)
    assert diagnosis.respondents == {"leader": 3, "team_member": 4}


def test_the_same_file_given_twice_is_counted_once_and_said(tmp_path, content):
    import datetime as dt

    from diagnose.pipeline import Inputs, diagnose

    form = write_csv(tmp_path / "form.csv", google_forms(PEOPLE))
    answers = sorted((content_dir("demo") / "answers").glob("*.yaml"))
    diagnosis = diagnose(Inputs(responses=[form, form, tmp_path / "." / "form.csv"], answers=[answers[0], answers[0]],
                                today=dt.date(2026, 12, 2)), content)
    assert sum(diagnosis.respondents.values()) == len(PEOPLE) + 1
    assert sum("given more than once" in w for w in diagnosis.input_warnings) == 3


def test_a_named_respondent_who_answered_twice_counts_once_with_the_later_answers(tmp_path, content):
    import datetime as dt

    import yaml

    from diagnose.pipeline import Inputs, diagnose

    first = yaml.safe_load(sorted((content_dir("demo") / "answers").glob("*.yaml"))[0].read_text())
    first["respondent"]["name"] = "Dana Reyes"
    again = {**first, "answers": dict(first["answers"])}
    (tmp_path / "monday.yaml").write_text(yaml.safe_dump(first))
    (tmp_path / "tuesday.yaml").write_text(yaml.safe_dump(again))
    diagnosis = diagnose(Inputs(answers=[tmp_path / "monday.yaml", tmp_path / "tuesday.yaml"],
                                today=dt.date(2026, 12, 2)), content)
    assert sum(diagnosis.respondents.values()) == 1
    assert any("Dana Reyes" in w and "tuesday.yaml" in w for w in diagnosis.input_warnings)


def google_forms_with_grid(people):
    """Agreement questions built as one Google Forms grid: each row exports as `Grid [statement]`."""
    rows = google_forms(people)
    grid = "How far do you agree with each statement?"
    rows[0] = [f"{grid} [{text}]" if (q := next((q for q in BANK.questions if q.text == text), None)) is not None
               and q.type == "likert" else text for text in rows[0]]
    return rows


def test_a_google_forms_grid_is_read_row_by_row(tmp_path):
    rows = google_forms_with_grid(PEOPLE)
    assert sum(header.endswith("]") for header in rows[0]) >= 10
    imported = read_responses(write_csv(tmp_path / "grid.csv", rows), BANK)
    assert_same_people(imported, tmp_path / "grid.csv")


def test_a_form_worded_otherwise_is_read_through_a_labels_files_columns(tmp_path):
    rows = google_forms(PEOPLE)
    reworded = {text_of("align_priorities_known"): "Can you name the company's priorities for this quarter?",
                text_of("goal_baseline_target"): "Do our KRs have a start value and a target?"}
    rows[0] = [reworded.get(text, text) for text in rows[0]]
    labels = tmp_path / "labels.yaml"
    labels.write_text("columns:\n"
                      "  Can you name the company's priorities for this quarter?: align_priorities_known\n"
                      "  \"Do our KRs have a start value and a target?\": goal_baseline_target\n", encoding="utf-8")
    form = write_csv(tmp_path / "form.csv", rows)
    unread = read_responses(form, BANK)
    assert sum("matches no question" in w.message for w in unread.warnings) == 2
    assert_same_people(read_responses(form, BANK, labels=labels), form)
    labels.write_text("columns:\n  Anything: align_priorities_knwn\n", encoding="utf-8")
    import pytest

    from diagnose.core.errors import InputError

    with pytest.raises(InputError) as err:
        read_responses(form, BANK, labels=labels)
    assert "align_priorities_knwn" in err.value.render() and "did you mean 'align_priorities_known'" in err.value.render()


def test_a_misspelt_role_after_a_responses_file_is_named(tmp_path, cli):
    form = write_csv(tmp_path / "team.csv", without_role_question(google_forms(PEOPLE[:3])))
    code, out, err = cli("report", "--responses", f"{form}:team_membr", "--out", tmp_path / "out")
    assert code == 2 and "'team_membr' after the file name is no role" in err and "team_member" in err, err


def test_one_person_who_submitted_the_form_twice_counts_once_and_anonymous_rows_never_merge(tmp_path):
    rows = [["ann@example.com", "Team member", "Agree", "Always"],
            ["anonymous", "Team member", "Agree", "Always"],
            ["anonymous", "Team member", "Agree", "Always"],
            ["ANN@example.com ", "Team member", "Disagree", "Rarely"]]
    path = google(tmp_path, ["Email Address", ROLE, AGREE, OFTEN], *rows)
    imported = read_responses(path, BANK)
    assert len(imported.answer_sets) == 3  # Ann once, and the two anonymous people
    assert imported.answer_sets[-1].answers["align_priorities_known"] == BANK.question(
        "align_priorities_known").choices[1].value  # Ann's later answers
    [warning] = [w for w in imported.warnings if "answered twice" in w.message]
    assert warning.row == 2 and "row 5" in warning.message and "ann@" not in str(warning).lower()
