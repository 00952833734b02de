"""Importing last-cycle exports: canonical CSV, synonyms, nested YAML/JSON, check-ins, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_cycle_or_clean_error, write, write_cut_csv
from diagnose.core.errors import InputError
from diagnose.core.values import ValueProblem, parse_confidence, parse_date, parse_fraction, parse_number, quarter_dates
from diagnose.cycle.okrs import read_cycle


def test_canonical_csv_with_checkins(tmp_path):
    okrs = write(tmp_path / "okrs.csv",
                 "cycle,objective_id,objective,level,parent,key_result_id,key_result,owner,score,confidence\n"
                 "2026-Q3,C1,Grow,company,,C1.1,Raise revenue from 1 to 2,Ann,0.5,7\n"
                 "2026-Q3,T1,Help grow,team,C1,T1.1,Launch the app,Bob,1.0,9\n")
    checkins = write(tmp_path / "c.csv", "key_result_id,date,value,confidence,comment\n"
                                         "C1.1,2026-07-06,1.2,8,fine\nC1.1,13/07/2026,1.3,6,\n")
    cycle = read_cycle(okrs, checkins)
    assert (cycle.start, cycle.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert [o.id for o in cycle.objectives] == ["C1", "T1"]
    kr = cycle.objectives[0].key_results[0]
    assert kr.confidence == 0.7 and kr.score == 0.5 and kr.owner == "Ann"
    assert [c.date for c in kr.checkins] == [dt.date(2026, 7, 6), dt.date(2026, 7, 13)]
    assert kr.checkins[0].confidence == 0.8
    assert {"parent", "owner", "score", "checkins"} <= cycle.fields


def test_synonyms_semicolons_and_bom(tmp_path):
    okrs = tmp_path / "export.csv"
    okrs.write_bytes("\ufeffGoal;Key Result;Assignee;Aligned to;Health\nGrow;Raise NPS to 40;Ann;;green\n".encode())
    cycle = read_cycle(okrs)
    kr = cycle.key_results()[0]
    assert kr.text == "Raise NPS to 40" and kr.owner == "Ann" and kr.confidence == 0.85
    assert cycle.objectives[0].title == "Grow"


def test_missing_parent_and_duplicate_ids_reported_together(tmp_path):
    okrs = write(tmp_path / "okrs.csv", "objective_id,objective,parent,key_result_id,key_result\n"
                                        "T1,Help,C9,K1,Raise NPS to 40\nT1,Help,C9,K1,Cut churn to 2%\n")
    with pytest.raises(InputError) as err:
        read_cycle(okrs)
    text = err.value.render()
    assert "row 3" in text and "'K1' is used twice" in text
    assert "parent 'C9'" in text


def test_unknown_column_is_a_warning_with_suggestion(tmp_path):
    okrs = write(tmp_path / "okrs.csv", "objective,key_result,ownr\nGrow,Raise NPS to 40,Ann\n")
    cycle = read_cycle(okrs)
    assert any("ownr" in w and "if it holds owner" in w and "columns: {owner: 'ownr'}" in w for w in cycle.warnings)
    assert "owner" not in cycle.fields


def test_nested_yaml_with_checkins(tmp_path):
    path = write(tmp_path / "cycle.yaml", """cycle: 2026-Q1
objectives:
  - id: C1
    title: Grow
    level: company
    key_results:
      - id: C1.1
        text: Raise revenue from 1 to 2
        owner: Ann
        checkins:
          - {date: 2026-01-05, value: 1.1, confidence: 0.8}
          - {date: 2026-01-12, value: 1.2, confidence: 0.6}
""")
    cycle = read_cycle(path)
    kr = cycle.key_results()[0]
    assert cycle.start == dt.date(2026, 1, 1)
    assert len(kr.checkins) == 2 and kr.checkins[1].confidence == 0.6
    assert "checkins" in cycle.fields


def test_a_bad_cell_in_nested_yaml_is_named_with_its_line(tmp_path):
    path = write(tmp_path / "cycle.yaml", "objectives:\n  - id: C1\n    title: Grow\n    key_results:\n"
                                          "      - id: K1\n        text: Raise NPS\n        score: lots\n")
    warnings = read_cycle(path).warnings
    assert any("cycle.yaml:5" in w and "'lots' is not a number" in w for w in warnings), warnings


def test_nested_checkins_belong_to_their_key_result_even_without_ids_and_keys_take_synonyms(tmp_path):
    path = write(tmp_path / "cycle.json", """{"objectives": [{"title": "Grow", "key_results": [
      {"text": "Raise NPS from 30 to 40", "Target": 40, "checkins": [{"date": "2026-01-05", "Actual": 31}]},
      {"text": "Cut churn from 5% to 3%", "checkins": [{"date": "2026-01-05"}, {"date": "2026-01-12"}]}]}]}""")
    first, second = read_cycle(path).key_results()
    assert first.target_value == 40 and [c.value for c in first.checkins] == [31]
    assert len(second.checkins) == 2


def test_every_bad_key_in_a_nested_file_is_named_with_its_line(tmp_path):
    path = write(tmp_path / "cycle.yaml", "objectives:\n  - title: Grow\n    key_results:\n"
                                          "      - text: Raise NPS\n        ownr: Ann\n"
                                          "        checkins:\n          - 2026-01-05\n"
                                          "          - {date: 2026-01-12, confidance: 7}\n")
    with pytest.raises(InputError) as err:
        read_cycle(path)
    lines = err.value.render().splitlines()
    assert len(lines) == 3, lines
    assert "cycle.yaml:5: unknown key 'ownr' (did you mean 'owner'?)" in lines[0]
    assert "cycle.yaml:7: each check-in must be a mapping" in lines[1]
    assert "cycle.yaml:8: unknown key 'confidance' (did you mean 'confidence'?)" in lines[2]


def test_an_unknown_id_is_named_once_and_a_bad_optional_cell_is_a_warning(tmp_path):
    okrs = write(tmp_path / "okrs.csv", "objective,key_result_id,key_result,score\nGrow,K1,Raise NPS,lots\n"
                                        "Grow,K2,Cut churn,0.5\n")
    checkins = write(tmp_path / "checkins.csv", "key_result_id,date\n" + "K1,2026-07-01\n" * 3
                     + "K9,2026-07-01\n" * 40 + "K2,2026-07-01\n")
    with pytest.raises(InputError) as err:
        read_cycle(okrs, checkins)
    lines = err.value.render().splitlines()
    assert len(lines) == 1, lines
    assert "row 5: check-in for unknown key result 'K9' (and 39 more check-ins for it)" in lines[0]
    # The bad score is in an optional column: the key result is kept without it, and the cell named.
    checkins.write_text(checkins.read_text().replace("K9,2026-07-01\n", ""))
    cycle = read_cycle(okrs, checkins)
    assert [kr.score for kr in cycle.key_results()] == [None, 0.5] and len(cycle.key_results()[0].checkins) == 3
    assert any("row 2: score: 'lots' is not a number; the cell is left out" in w for w in cycle.warnings)


def test_every_bad_checkin_is_reported_with_its_row_and_field(tmp_path):
    okrs = write(tmp_path / "okrs.csv", "objective,key_result_id,key_result\nGrow,K1,Raise NPS from 30 to 40\n")
    checkins = write(tmp_path / "checkins.csv", "key_result_id,date,value,confidence\n"
                                                "K1,2026-13-45,5,7\nK1,2026-07-01,x,7\n,,,\n"
                                                "K1,2026-07-08,5,maybe\nK1x,2026-07-08,5,7\nK1,2026-07-15,6,7\n")
    with pytest.raises(InputError) as err:
        read_cycle(okrs, checkins)
    lines = err.value.render().splitlines()
    assert len(lines) == 2  # a check-in needs its date and a key result to belong to
    assert "row 2: date: '2026-13-45' is not a date" in lines[0]
    assert "row 6: check-in for unknown key result 'K1x' (did you mean 'K1'?)" in lines[1]
    # A bad value or confidence (optional columns) is left out of its check-in and named.
    checkins.write_text(checkins.read_text().replace("K1,2026-13-45,5,7\n", "").replace("K1x", "K1"))
    cycle = read_cycle(okrs, checkins)
    assert len(cycle.key_results()[0].checkins) == 4
    assert any("row 2: value: 'x' is not a number; the cell is left out" in w for w in cycle.warnings)
    assert any("row 4: confidence: 'maybe' is not understood" in w for w in cycle.warnings)


def test_json_syntax_error_has_a_line(tmp_path):
    path = write(tmp_path / "cycle.json", '{"objectives": [\n  {"id": "C1",}\n]}')
    with pytest.raises(InputError) as err:
        read_cycle(path)
    assert "cycle.json:2" in err.value.render()


@pytest.mark.parametrize("text,expected", [
    ("0.7", 0.7), ("70", 0.7), ("70%", 0.7), ("1", 1.0)])
def test_scores_in_either_scale(text, expected):
    assert parse_fraction(text) == expected


@pytest.mark.parametrize("text,scale,expected", [
    ("7", 10, 0.7), ("0.7", 1, 0.7), ("Red", 1, 0.2), ("at risk", 1, 0.55), ("On Track", 1, 0.85), ("70%", 100, 0.7)])
def test_confidence_forms(text, scale, expected):
    assert parse_confidence(text, scale) == expected


@pytest.mark.parametrize("text,expected", [
    ("2026-07-06", dt.date(2026, 7, 6)), ("06/07/2026", dt.date(2026, 7, 6)), ("6 Jul 2026", dt.date(2026, 7, 6)),
    ("July 6, 2026", dt.date(2026, 7, 6)), ("2026-07-06T09:30:00Z", dt.date(2026, 7, 6)), ("07/13/2026", dt.date(2026, 7, 13))])
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [("1,500", 1500), ("12,345,678", 12345678), ("1,234.5", 1234.5),
                                            ("0,7", 0.7), ("12,50 %", 12.5), ("1.234,5", 1234.5), ("€2,5", 2.5)])
def test_numbers_with_thousands_or_decimal_commas(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,2,3", "1,5.3", "1,,5"])
def test_commas_that_make_no_number_are_refused(text):
    with pytest.raises(ValueProblem, match="is not a number"):
        parse_number(text)


def test_quarters():
    assert quarter_dates("Q4 2026") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter_dates("sprint 5") is None


CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", "0.5", "70%", "green", "2026-07-06", "x,y", '"', "\n"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["objective", "key_result", "owner", "score", "confidence", "parent",
                                        "objective_id", "key_result_id", "due_date", "junk", ""]), max_size=7),
       rows=st.lists(st.lists(CELLS, max_size=8), max_size=6), cut=st.integers(min_value=0, max_value=400))
def test_random_csv_gives_a_cycle_or_a_clean_error(tmp_path, header, rows, cut):
    cycle = read_cycle_or_clean_error(write_cut_csv(tmp_path / "random.csv", header, rows, cut))
    if cycle is not None:
        assert all(kr.text for kr in cycle.key_results())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_random_bytes_in_yaml_give_a_cycle_or_a_clean_error(tmp_path, raw):
    path = tmp_path / "random.yaml"
    path.write_bytes(b"objectives:\n" + raw)
    read_cycle_or_clean_error(path)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False, width=16),
                    st.sampled_from(["", "2026-07-06", "31/31/2026", "70%", "green", "Ann", "O1", "K1"]),
                    st.text(max_size=8))
_ANY = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5),
                                                                                          inner, max_size=2),
                    max_leaves=4)


def _mapping(keys: list[str], extra: dict) -> st.SearchStrategy:
    # Mostly mappings of the layout's keys (so the reader gets deep), sometimes anything at all.
    mappings = st.fixed_dictionaries({}, optional={**{key: _SCALARS for key in keys}, **extra})
    return st.one_of(mappings, mappings, mappings, _ANY)


# Deferred, so that a failing example's report does not print the whole strategy.
_CHECKIN = st.deferred(lambda: _mapping(["date", "value", "confidence", "comment", "Actual", "confidance"], {}))
_KEY_RESULT = st.deferred(lambda: _mapping(
    ["id", "text", "title", "owner", "score", "target", "start_value", "status", "ownr"],
    {"checkins": st.lists(_CHECKIN, max_size=3) | _SCALARS}))
_OBJECTIVE = st.deferred(lambda: _mapping(["id", "title", "team", "level", "parent"],
                                          {"key_results": st.lists(_KEY_RESULT, max_size=3) | _SCALARS}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(objectives=st.lists(_OBJECTIVE, max_size=3), cycle=st.sampled_from([None, "2026-Q3", "Q9"]))
def test_random_nested_files_give_a_cycle_or_a_clean_error(tmp_path, objectives, cycle):
    """Files shaped like the nested layout, with wrong types, unknown keys and bad values in any place."""
    import yaml

    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump({"cycle": cycle, "objectives": objectives}), encoding="utf-8")
    read_cycle_or_clean_error(path)


def test_a_second_column_for_the_same_field_is_named_as_such(tmp_path):
    okrs = write(tmp_path / "okrs.csv", "objective,key_result,Owner Email,Owner\nGrow,Raise NPS,a@x.org,Ann\n")
    cycle = read_cycle(okrs)
    assert cycle.key_results()[0].owner == "a@x.org"
    assert any("column 'Owner' would also give owner, which column 'Owner Email' already gives" in w
               for w in cycle.warnings), cycle.warnings


@settings(max_examples=80, deadline=None)
@given(st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)), min_size=1, max_size=30),
       st.sampled_from(["day-first", "month-first"]), st.sampled_from(["/", ".", "-"]))
def test_a_date_column_reads_back_in_one_order_whatever_its_values(dates, order, separator):
    from diagnose.core.values import column_date_order

    form = f"%d{separator}%m{separator}%Y" if order == "day-first" else f"%m{separator}%d{separator}%Y"
    texts = [d.strftime(form) for d in dates]
    other = "month-first" if order == "day-first" else "day-first"
    found, _ = column_date_order(texts, default=order)
    assert [parse_date(t, found) for t in texts] == dates
    # With the other default, a column that shows its order still reads right; one that fits
    # both orders everywhere is read the default's way, every value alike.
    found, _ = column_date_order(texts, default=other)
    decisive = any(max(d.day, d.month) > 12 and d.day != d.month for d in dates)
    if decisive:
        assert [parse_date(t, found) for t in texts] == dates
    else:
        assert found == other


@pytest.mark.parametrize("text,expected", [("7/10", 0.7), ("3 out of 5", 0.6), ("8 / 10", 0.8), ("high", 0.85),
                                           ("medium", 0.55), ("low", 0.2), ("70%", 0.7)])
def test_confidence_written_on_its_own_scale_or_in_words(text, expected):
    from diagnose.core.values import confidence_scale

    assert parse_confidence(text, confidence_scale([text])) == expected
