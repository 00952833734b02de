"""Other export shapes: Excel, typed rows (Betterworks, Lattice), --mapping files, Viva Goals ZIP."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from conftest import read_cycle_or_clean_error, write
from diagnose.core.errors import InputError
from diagnose.cycle.okrs import read_cycle


def test_excel_export(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Objective", "Key Result", "Owner", "Score", "Last updated"])
    sheet.append(["Grow", "Raise NPS from 20 to 40", "Ann", 0.7, dt.datetime(2026, 9, 1)])
    sheet.append(["Grow", "Launch the referral scheme", None, 1, None])
    book.save(tmp_path / "okrs.xlsx")
    cycle = read_cycle(tmp_path / "okrs.xlsx")
    first, second = cycle.key_results()
    assert first.score == 0.7 and first.last_updated == dt.date(2026, 9, 1) and first.owner == "Ann"
    assert second.owner is None and second.score == 1.0


def test_not_an_excel_file(tmp_path):
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(InputError) as err:
        read_cycle(path)
    assert "not a readable .xlsx workbook" in err.value.render()


def test_betterworks_upload_template(tmp_path):
    path = write(tmp_path / "betterworks.csv",
                 "name,type,progress,start_date,end_date,owner_email,categories,description\n"
                 "Make booking effortless,goal,,2026-07-01,2026-09-30,ceo@example.com,Growth;Product,\n"
                 "Raise weekly active shippers from 4200 to 5500,milestone,64,2026-07-01,2026-09-30,sw@example.com,,\n"
                 "Launch the carrier portal,milestone,100,2026-07-01,2026-09-30,,,\n")
    cycle = read_cycle(path)
    assert len(cycle.objectives) == 1
    krs = cycle.key_results()
    assert [kr.text for kr in krs] == ["Raise weekly active shippers from 4200 to 5500", "Launch the carrier portal"]
    assert krs[0].owner == "sw@example.com" and krs[0].score == 0.64 and krs[1].score == 1.0
    assert krs[0].objective_id == cycle.objectives[0].id


def test_lattice_style_typed_rows_with_parents(tmp_path):
    path = write(tmp_path / "lattice.csv",
                 "id,name,okrType,parentGoal,startingAmount,endingAmount,currentAmount,status\n"
                 "G1,Grow revenue,objective,,,,,on_track\n"
                 "G2,Win the mid-market,objective,G1,,,,on_track\n"
                 "K1,Raise ARR from 10 to 12,key_result,G2,10,12,11,at_risk\n")
    cycle = read_cycle(path)
    kr = cycle.key_results()[0]
    assert (kr.start_value, kr.target_value, kr.current_value) == (10, 12, 11)
    assert kr.objective_id == "G2"
    objective = next(o for o in cycle.objectives if o.id == "G2")
    assert objective.parent == "G1"


def test_unknown_type_is_reported_with_its_row(tmp_path):
    path = write(tmp_path / "t.csv", "name,type\nGrow,goal\nDo things,task\n")
    with pytest.raises(InputError) as err:
        read_cycle(path)
    assert "row 3" in err.value.render() and "'task'" in err.value.render()


def test_mapping_file_names_the_columns(tmp_path):
    path = write(tmp_path / "odd.csv", "Aim,Measure of success,Lead person\nGrow,Raise NPS to 40,Ann\n")
    mapping = write(tmp_path / "mapping.yaml", "columns:\n  objective: Aim\n  key_result: Measure of success\n"
                                               "  owner: Lead person\n")
    kr = read_cycle(path, mapping_path=mapping).key_results()[0]
    assert (kr.text, kr.owner) == ("Raise NPS to 40", "Ann")


@pytest.mark.parametrize("text, where, suggestion", [
    ("colums:\n  objective: Aim\n", "mapping.yaml:1", "did you mean 'columns'"),
    ("columns:\n  objectve: Aim\n  key_result: Measure of success\n", "mapping.yaml:2", "did you mean 'objective'"),
])
def test_a_typo_in_a_mapping_file_is_located(tmp_path, text, where, suggestion):
    mapping = write(tmp_path / "mapping.yaml", text)
    path = write(tmp_path / "odd.csv", "Aim,Measure of success\nGrow,Raise NPS to 40\n")
    with pytest.raises(InputError) as err:
        read_cycle(path, mapping_path=mapping)
    assert where in err.value.render() and suggestion in err.value.render()


def viva_zip(path, objectives, checkins):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Objectives.json", json.dumps(objectives))
        archive.writestr("CheckIns.json", json.dumps(checkins))
        archive.writestr("TimePeriods.json", json.dumps([{"ID": "T1", "Name": "Q3 2025"}]))
    return path


def test_viva_goals_admin_export(tmp_path):
    path = viva_zip(tmp_path / "viva.zip", [
        {"ID": "1", "Title": "Delight customers", "Type": "Objective", "Owner": {"Name": "Ann"}, "Teams": ["Support"],
         "Parent IDs": [], "Status": "On track"},
        {"ID": "2", "Title": "Raise CSAT from 80 to 90", "Type": "Kpi", "Owner": {"Name": "Bob"}, "Parent IDs": ["1"],
         "Outcome": {"Start": 80, "Target": 90}, "Status": "At risk", "Score": 0.5},
        {"ID": "3", "Title": "Roll out the new help centre", "Type": "Project", "Owner": "Cat", "Parent IDs": ["1"],
         "Status": "Completed", "Score": 1},
    ], [
        {"OKR ID": "2", "CheckIn Date": "2025-07-07T09:00:00Z", "Current Value": 82, "Status": "On track",
         "Check In Note": "Good start"},
        {"OKR ID": "2", "CheckIn Date": "2025-07-14T09:00:00Z", "Current Value": 83, "Status": "At risk"},
    ])
    cycle = read_cycle(path)
    krs = {kr.id: kr for kr in cycle.key_results()}
    assert set(krs) == {"2", "3"}
    assert krs["2"].owner == "Bob" and krs["2"].start_value == 80 and krs["2"].target_value == 90
    assert [c.value for c in krs["2"].checkins] == [82, 83]
    assert krs["2"].checkins[1].confidence == 0.55
    assert cycle.objectives[0].team == "Support"


def test_viva_zip_without_objectives(tmp_path):
    path = viva_zip(tmp_path / "viva.zip", [], [])
    with pytest.raises(InputError) as err:
        read_cycle(path)
    assert "no objectives found" in err.value.render()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".xlsx", ".zip", ".json", ".csv"]))
def test_random_bytes_in_any_format_give_a_cycle_or_a_clean_error(tmp_path, raw, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(raw)
    read_cycle_or_clean_error(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.dictionaries(st.sampled_from(["ID", "Title", "Type", "Parent IDs", "Owner", "Score",
                                                       "Outcome", "Status", "OKR ID", "CheckIn Date"]),
                                      st.one_of(st.text(max_size=8), st.integers(), st.none(),
                                                st.lists(st.text(max_size=3), max_size=2)), max_size=6),
                      max_size=6))
def test_malformed_viva_items_give_a_cycle_or_a_clean_error(tmp_path, items):
    path = viva_zip(tmp_path / "viva.zip", items, items)
    read_cycle_or_clean_error(path)


def test_a_mapping_to_a_missing_column_is_named(tmp_path):
    path = write(tmp_path / "odd.csv", "Aim,Measure of success\nGrow,Raise NPS to 40\n")
    absent = write(tmp_path / "absent.yaml", "columns:\n  objective: Aims\n  key_result: Measure of success\n")
    with pytest.raises(InputError) as err:
        read_cycle(path, mapping_path=absent)
    assert "missing required column 'objective'" in err.value.render()
    assert "--mapping names column 'Aims' for objective, which is not among them" in err.value.render()
    cycle = read_cycle(write(tmp_path / "owner.csv", "objective,key_result\nGrow,Raise NPS\n"),
                       mapping_path=write(tmp_path / "owner.yaml", "columns:\n  owner: Lead\n"))
    assert any("--mapping names column 'Lead' for owner, but the export has no such column" in w
               for w in cycle.warnings), cycle.warnings
