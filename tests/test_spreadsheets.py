"""Exports as real tools and people make them: encodings, quotes, title rows, grouped
objectives, merged cells, month-first dates (issue 20)."""

from __future__ import annotations

import json

from diagnose.cycle.okrs import read_cycle

HEADER = "objective,key_result,owner\n"


def test_one_stray_windows_byte_in_a_utf8_file_spoils_only_its_cell(tmp_path):
    path = tmp_path / "okrs.csv"
    path.write_bytes((HEADER + "Grow in Zürich,Raise café sign-ups from 10 to 20,Zoë\n").encode("utf-8")
                     + b"Grow,Cut churn from 5% to 3% \x96 fast,Bo\n")
    cycle = read_cycle(path)
    texts = [kr.text for kr in cycle.key_results()]
    assert texts[0] == "Raise café sign-ups from 10 to 20" and cycle.objectives[0].title == "Grow in Zürich"
    assert "\ufffd" in texts[1]
    assert any("not UTF-8 on line 3" in w for w in cycle.warnings)


def test_a_windows_1252_file_is_read_as_such_and_said(tmp_path):
    path = tmp_path / "okrs.csv"
    path.write_bytes((HEADER + "Grow in Zürich,Raise café sign-ups from 10 to 20,Zoë\n"
                      "Grow,Cut costs – fast,Bo\nGrow,Win naïve users,Al\n").encode("cp1252"))
    cycle = read_cycle(path)
    assert cycle.objectives[0].title == "Grow in Zürich" and cycle.key_results()[1].text == "Cut costs – fast"
    assert any("Windows-1252" in w for w in cycle.warnings)


def test_a_utf16_file_is_refused_with_how_to_save_it(tmp_path, cli):
    path = tmp_path / "okrs.csv"
    path.write_bytes((HEADER + "Grow,Raise NPS from 20 to 40,Ann\n").encode("utf-16"))
    code, out, err = cli("review", path)
    assert code == 2 and "UTF-16" in out + err and "UTF-8" in out + err and "Traceback" not in out + err


def test_an_unclosed_quote_is_refused_with_the_line_it_opens_on(tmp_path, cli):
    path = tmp_path / "okrs.csv"
    path.write_text(HEADER + "Grow,Raise NPS from 20 to 40,Ann\nGrow,\"Cut churn from 5% to 3%,Bo\n"
                    "Grow,Win 10 partners,Al\nGrow,Ship the app,Cy\n", encoding="utf-8")
    code, out, err = cli("review", path)
    assert code == 2 and "okrs.csv:3" in out + err and "never closed" in out + err, out + err


def test_a_line_break_inside_a_cell_without_quotes_is_told_in_plain_words(tmp_path, cli):
    # A lone carriage return (old Mac line endings, or a file that is no table): Python's own
    # message asks about "universal-newline mode", which no user can act on.
    path = tmp_path / "okrs.csv"
    path.write_bytes((HEADER + "Grow,Raise NPS\rfrom 20 to 40,Ann\n").replace("\n", "\r\n").encode("utf-8"))
    code, out, err = cli("review", path)
    assert code == 2 and "okrs.csv:2" in out + err and "line break inside a cell" in out + err, out + err
    assert "universal-newline" not in out + err and "Traceback" not in out + err


def google_sheets_template_rows():
    """The shape of the usual Google Sheets OKR template: a title, a blank line, the header,
    and each objective written only on its group's first row."""
    return [
        ["Harbourline OKRs – Q3 2026", "", "", ""],
        ["", "", "", ""],
        ["Objective", "Key result", "Owner", "Progress"],
        ["Win and keep more shippers", "Grow monthly booked loads from 38,000 to 46,000", "Dan", "0.6"],
        ["", "Raise shipper NPS from 21 to 35", "Sara", "0.5"],
        ["", "Cut quote time from 3 days to 1", "Li", "0.7"],
        ["Run the network at lower cost", "Cut cost per shipment from £41 to £37", "Ola", "0.4"],
        ["", "Raise trailer fill from 71% to 80%", "Ola", "0.5"],
    ]


def test_a_google_sheets_template_with_a_title_row_and_grouped_objectives(tmp_path):
    import csv

    path = tmp_path / "okrs.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(google_sheets_template_rows())
    cycle = read_cycle(path)
    assert [len(o.key_results) for o in cycle.objectives] == [3, 2]
    assert cycle.objectives[1].title == "Run the network at lower cost"
    assert any("header is on row 3" in w for w in cycle.warnings)
    assert any("3 key results have no objective of their own" in w for w in cycle.warnings)


def excel_workbook(path, stale_dimension=False):
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = "How to use"
    guide.append(["Fill in one row per key result on the OKRs sheet."])
    sheet = workbook.create_sheet("OKRs")
    for row in google_sheets_template_rows():
        sheet.append(row)
    sheet.merge_cells("A4:A6")  # the objective spans its group, as people lay it out in Excel
    sheet.merge_cells("A7:A8")
    workbook.save(path)
    if stale_dimension:  # as some tools write it: a <dimension> covering one corner of the sheet
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        for name, data in parts.items():
            if name.startswith("xl/worksheets/") and b"<dimension" in data:
                import re

                parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


def test_an_excel_workbook_with_an_instructions_sheet_merged_cells_and_a_stale_dimension(tmp_path):
    for stale in (False, True):
        cycle = read_cycle(excel_workbook(tmp_path / f"okrs-{stale}.xlsx", stale_dimension=stale))
        assert [len(o.key_results) for o in cycle.objectives] == [3, 2], stale
        assert any("read the sheet 'OKRs'" in w for w in cycle.warnings)


def month_first_checkins(tmp_path):
    """Weekly check-ins, month first as a US tool exports them: 07/06/2026 is the 6th of July."""
    import datetime as dt

    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result_id,key_result,owner\nGrow,K1,Raise NPS from 20 to 40,Ann\n",
                    encoding="utf-8")
    checkins = tmp_path / "checkins.csv"
    days = [dt.date(2026, 7, 6) + dt.timedelta(weeks=n) for n in range(12)]
    checkins.write_text("key_result_id,date,value,confidence\n"
                        + "".join(f"K1,{d:%m/%d/%Y},{20 + n},0.7\n" for n, d in enumerate(days)), encoding="utf-8")
    return okrs, checkins, days


def test_a_month_first_checkins_file_is_read_month_first_throughout(tmp_path):
    okrs, checkins, days = month_first_checkins(tmp_path)
    cycle = read_cycle(okrs, checkins)
    assert [c.date for c in cycle.key_results()[0].checkins] == days  # never July mixed with February
    assert any("check-in dates read month-first" in w for w in cycle.warnings)


def test_dates_that_fit_both_orders_follow_the_profiles_locale_and_say_so(tmp_path):
    import datetime as dt

    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result_id,key_result\nGrow,K1,Raise NPS from 20 to 40\n", encoding="utf-8")
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("key_result_id,date,value\nK1,03/04/2026,20\nK1,03/11/2026,21\n", encoding="utf-8")
    british = read_cycle(okrs, checkins)
    american = read_cycle(okrs, checkins, date_order="month-first")
    assert [c.date for c in british.key_results()[0].checkins] == [dt.date(2026, 4, 3), dt.date(2026, 11, 3)]
    assert [c.date for c in american.key_results()[0].checkins] == [dt.date(2026, 3, 4), dt.date(2026, 3, 11)]
    assert any("profile's locale decides" in w for w in american.warnings)


def test_a_date_column_that_mixes_both_orders_is_refused(tmp_path, cli):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result_id,key_result\nGrow,K1,Raise NPS from 20 to 40\n", encoding="utf-8")
    checkins = tmp_path / "checkins.csv"
    checkins.write_text("key_result_id,date,value\nK1,15/07/2026,20\nK1,07/22/2026,21\n", encoding="utf-8")
    code, out, err = cli("review", okrs, "--checkins", checkins)
    assert code == 2 and "checkins.csv" in out + err and "mixes day-first" in out + err, out + err


def test_common_cycle_names_give_their_dates_and_fiscal_years_need_their_start():
    import datetime as dt

    from diagnose.core.values import quarter_dates

    assert quarter_dates("Q3 2026") == quarter_dates("2026-Q3") == quarter_dates("2026Q3") == \
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert quarter_dates("H2 2026") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert quarter_dates("Q3 FY26") is None  # not guessed: fiscal years start in different months
    assert quarter_dates("Q3 FY26", 4) == quarter_dates("FY2026 Q3", 4) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert quarter_dates("FY26 H1", 1) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert quarter_dates("PI 2026.3") is None and quarter_dates("H2O 2026") is None


def test_a_cycle_name_that_gives_no_dates_is_said_and_the_checkins_span_is_used(tmp_path):
    okrs, checkins, days = month_first_checkins(tmp_path)
    okrs.write_text("cycle,objective,key_result_id,key_result\nPI 2026.3,Grow,K1,Raise NPS from 20 to 40\n",
                    encoding="utf-8")
    cycle = read_cycle(okrs, checkins)
    assert (cycle.start, cycle.end) == (days[0], days[-1])
    assert any("'PI 2026.3' gives no dates" in w and "span of its check-ins" in w for w in cycle.warnings)
    fiscal = tmp_path / "fiscal.csv"
    fiscal.write_text("cycle,objective,key_result\nQ3 FY26,Grow,Raise NPS from 20 to 40\n", encoding="utf-8")
    assert any("fiscal_year_start" in w for w in read_cycle(fiscal).warnings)
    assert read_cycle(fiscal, fiscal_year_start=4).start.isoformat() == "2025-10-01"


def test_a_mapping_maps_values_ignores_columns_and_picks_the_sheet_and_header_row(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Summary"
    workbook.active.append(["objective", "key_result"])  # a summary sheet that looks like a table
    workbook.active.append(["Total", "41 key results"])
    sheet = workbook.create_sheet("Jira export")
    sheet.append(["Exported 2026-10-01 by admin"])
    sheet.append(["Notes: confidential"])
    sheet.append(["Summary", "Measure", "Hierarchy", "Aligned to", "Colour"])
    sheet.append(["Grow the business", "Raise ARR from 10 to 12", "Portfolio", "", "red"])
    sheet.append(["Win in retail", "Sign 30 retailers", "Program", "Grow the business", "blue"])
    path = tmp_path / "jira.xlsx"
    workbook.save(path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns: {objective: Summary, key_result: Measure, level: Hierarchy, parent: Aligned to}\n"
                       "values: {level: {portfolio: company, PROGRAM: department}}\n"
                       "ignore: [Colour]\nsheet: Jira export\nheader_row: 3\n", encoding="utf-8")
    cycle = read_cycle(path, mapping_path=mapping)
    levels = {o.title: o.level for o in cycle.objectives}
    assert levels == {"Grow the business": "company", "Win in retail": "department"}
    retail = next(o for o in cycle.objectives if o.title == "Win in retail")
    assert retail.parent == next(o.id for o in cycle.objectives if o.title == "Grow the business")  # by title
    assert not any("Colour" in w for w in cycle.warnings), cycle.warnings


def test_a_typed_export_takes_a_mapped_type_in_any_spelling(tmp_path):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("type,title,parent\nGoal,Grow,\nKey-Initiative,Raise NPS from 20 to 40,\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("key_result_types: [key_initiative]\n", encoding="utf-8")
    cycle = read_cycle(okrs, mapping_path=mapping)
    assert [kr.text for kr in cycle.key_results()] == ["Raise NPS from 20 to 40"]


def test_mapping_suggest_writes_a_mapping_that_reads_the_export(tmp_path, cli):
    import csv

    path = tmp_path / "okrs.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([["Team OKRs"], [], ["Objective", "Key result", "Owner", "Colour", "ownr x"],
                                    ["Grow", "Raise NPS from 20 to 40", "Ann", "red", ""]])
    code, out, err = cli("mapping", "suggest", path)
    assert code == 0 and "header_row: 3" in out and "key_result: Key result" in out and "- Colour" in out, out
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(out, encoding="utf-8")
    cycle = read_cycle(path, mapping_path=mapping)
    assert [kr.text for kr in cycle.key_results()] == ["Raise NPS from 20 to 40"]
    assert not any("Colour" in w for w in cycle.warnings)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu"), max_codepoint=0x17F), min_size=1,
                 max_size=12)


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.lists(_words, min_size=0, max_size=2), max_size=4),
       groups=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=5),
       grouped=st.booleans())
def test_any_title_rows_and_grouped_objectives_read_back_as_written(tmp_path_factory, titles, groups, grouped):
    import csv

    rows = [row + [""] * (3 - len(row)) for row in titles]  # a title, notes or blank rows above the header
    rows.append(["Objective", "Key result", "Owner"])
    expected = []
    for o, size in enumerate(groups):
        texts = [f"Raise measure {o}-{k} from 10 to 20" for k in range(size)]
        expected.append((f"Objective number {o}", texts))
        for k, text in enumerate(texts):
            # Written on the group's first row only (a grouped sheet), or on every row.
            rows.append([f"Objective number {o}" if k == 0 or not grouped else "", text, "Ann"])
    path = tmp_path_factory.mktemp("sheet") / "okrs.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    cycle = read_cycle(path)
    assert [(o.title, [kr.text for kr in o.key_results]) for o in cycle.objectives] == expected
    header_row = len(titles) + 1
    assert cycle.key_results()[0].row == header_row + 1


def test_mapping_suggest_refuses_an_empty_file(tmp_path, cli):
    (tmp_path / "empty.csv").write_text("")
    code, out, err = cli("mapping", "suggest", tmp_path / "empty.csv")
    assert code == 2 and "empty.csv" in err and "no header row" in err and out == ""


def _with_sheet_xml(path, edit):
    """The workbook at `path` with its first sheet's XML passed through `edit`, as another program
    (Excel, a script) would have saved it."""
    import zipfile

    members = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            members[name] = archive.read(name)
    members["xl/worksheets/sheet1.xml"] = edit(members["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_formula_a_script_left_uncalculated_is_refused_not_read_as_empty(tmp_path, cli):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["objective", "key_result", "target_value"])
    workbook.active.append(["Grow", "Raise NPS from 20 to 40", "=20*2"])
    workbook.active.append(["Grow", "Cut churn from 5% to 3%", 3])
    workbook.save(tmp_path / "okrs.xlsx")  # openpyxl saves formulas without their results
    code, _, err = cli("review", tmp_path / "okrs.xlsx")
    assert code == 2 and "okrs.xlsx: C2: a formula with no saved value" in err and "save it again" in err, err
    # Saved by a spreadsheet, the result is there beside the formula, and is what is read; a
    # formula whose result is empty text (t="str") is an empty cell, not a lost one.
    def as_excel_saves_it(xml: bytes) -> bytes:
        assert b"<f>20*2</f><v />" in xml and b'<c r="C3" t="n"><v>3</v></c>' in xml
        return xml.replace(b"<f>20*2</f><v />", b"<f>20*2</f><v>40</v>").replace(
            b'<c r="C3" t="n"><v>3</v></c>', b'<c r="C3" t="str"><f>""</f><v></v></c>')

    _with_sheet_xml(tmp_path / "okrs.xlsx", as_excel_saves_it)
    code, out, err = cli("review", tmp_path / "okrs.xlsx", "--format", "json")
    assert code == 0, err
    assert [kr["text"] for kr in json.loads(out)["key_results"]] == ["Raise NPS from 20 to 40", "Cut churn from 5% to 3%"]
