"""Hostile and broken inputs (issue 21): each is refused with exit 2, the file and line or row,
and how to fix it; never a traceback, never unbounded work. Bombs run in a subprocess held to
1 GB of memory, so one that expanded would fail instead of passing slowly."""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
import zipfile

import pytest

OKRS = "objective,key_result\nGrow,Raise NPS from 20 to 40\n"


def run_bounded(*args):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run([sys.executable, "-m", "diagnose", *map(str, args)], capture_output=True, text=True,
                            preexec_fn=limit, timeout=120)
    return result.returncode, result.stdout, result.stderr


def refused(code, out, err, *words):
    text = out + err
    assert code == 2 and "Traceback" not in text and "internal error" not in text, text[-2000:]
    for word in words:
        assert word in text, (word, text[-2000:])


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ['kr: &k {text: "Raise NPS from 20 to 40", owner: Ann}', "a: &a [" + ",".join(["*k"] * 10) + "]"]
    for name, inner in zip("bcdef", "abcde"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{inner}"] * 10) + "]")
    lines += ["objectives:", "  - {title: Grow, key_results: *f}"]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    assert bomb.stat().st_size < 1000
    refused(*run_bounded("review", bomb), "bomb.yaml:", "stand for more than 1,000,000 values")


def test_a_zip_that_unpacks_to_gigabytes_is_refused_unopened(tmp_path):
    bomb = tmp_path / "viva.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("objectives.json", "[" + " " * 300_000_000 + "]")
    refused(*run_bounded("review", bomb), "objectives.json", "unpacks to 300,000,002 bytes")


def test_a_csv_with_a_million_columns_is_refused(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1_000_000)) + ",objective,key_result\n"
                    + "," * 1_000_000 + "Grow,Raise NPS from 2 to 4\n")
    refused(*run_bounded("review", wide), "wide.csv", "1,000,002 columns", "at most 5,000")


def test_a_csv_of_millions_of_blank_lines_is_refused_as_it_is_read(tmp_path):
    blank = tmp_path / "blank.csv"
    blank.write_text("objective,key_result\n" + "\n" * 30_000_000)
    refused(*run_bounded("review", blank), "blank.csv:5000000:", "more than 5,000,000 cells")


def test_every_limit_comes_from_the_settings(tmp_path, content):
    """A consultant's content can lower (or raise) each bound: the readers use the settings' limits."""
    from diagnose.core.errors import InputError
    from diagnose.pipeline import Inputs, gather

    def refusal(limits: dict, **given) -> str:
        tight = content.settings.model_copy(update={"limits": content.settings.limits.model_copy(update=limits)})
        with pytest.raises(InputError) as caught:
            gather(Inputs(**given), dataclasses.replace(content, settings=tight))
        return str(caught.value)

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["objective", "key_result"])
    for number in range(30):
        workbook.active.append(["Grow", f"Raise NPS from {number} to 40"])
    workbook.save(tmp_path / "okrs.xlsx")
    assert "okrs.xlsx: row 26: holds more than 50 cells" in refusal({"cells": 50}, okrs=tmp_path / "okrs.xlsx")
    okrs = tmp_path / "okrs.csv"
    okrs.write_text(OKRS)
    assert "is 50 bytes; files over 40 are not read" in refusal({"file_bytes": 40}, okrs=okrs)
    assert "at most 1 are read" in refusal({"columns": 1}, okrs=okrs)
    two = tmp_path / "two.csv"
    two.write_text(OKRS + "Grow,Cut churn from 5% to 3%\n")
    assert "holds 2 key results; at most 1 are read" in refusal({"key_results": 1}, okrs=two)
    assert "more than 10 characters" in refusal({"cell_characters": 10}, okrs=okrs)
    assert "key result is 23 characters long; at most 10 are read as one" in refusal({"text_characters": 10}, okrs=okrs)
    nested = tmp_path / "cycle.yaml"
    nested.write_text("kr: &k {text: Raise NPS from 20 to 40}\nobjectives:\n  - {title: Grow, key_results: [*k, *k]}\n")
    assert "stand for more than 3 values" in refusal({"yaml_values": 3}, okrs=nested)
    viva = tmp_path / "viva.zip"
    with zipfile.ZipFile(viva, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("objectives.json", "[" + " " * 10_000 + "]")
    assert "unpacks to 10,002 bytes" in refusal({"zip_ratio": 10}, okrs=viva)


def test_json_nested_hundreds_deep_and_a_cell_over_the_field_limit_are_refused(tmp_path, cli):
    deep = tmp_path / "deep.json"
    deep.write_text('{"objectives": ' + "[" * 3000 + "]" * 3000 + "}")
    refused(*cli("review", deep), "deep.json", "nested too deep")
    long = tmp_path / "long.csv"
    long.write_text('objective,key_result\nGrow,"' + "x" * 200_000 + '"\n')
    refused(*cli("review", long), "long.csv:2", "more than 131,072 characters")


def test_json_as_python_writes_it_with_emoji_escapes_is_read(tmp_path, cli):
    export = tmp_path / "cycle.json"
    export.write_text(json.dumps({"objectives": [{"title": "Grow 😀", "key_results": [
        {"text": "Raise NPS 😀 from 20 to 40"}]}]}))
    assert "\\ud83d" in export.read_text()
    code, out, err = cli("review", export, "--format", "json")
    assert code == 0 and json.loads(out)["key_results"][0]["text"] == "Raise NPS 😀 from 20 to 40"


@pytest.mark.pdf
def test_an_organisation_name_with_a_line_break_reaches_the_calendar_as_one_line(tmp_path, cli):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text(OKRS)
    profile = tmp_path / "profile.yaml"
    profile.write_text('organisation: "Acme\\nInc"\n')
    code, out, err = cli("report", "--okrs", okrs, "--profile", profile, "--out", tmp_path / "out")
    assert code == 0, err
    assert "X-WR-CALNAME:OKR programme: Acme Inc" in (tmp_path / "out" / "rollout.ics").read_text()


@pytest.mark.parametrize("profile,words", [
    ("accent_colour: #1f5f8b\n", ["profile.yaml:1", "# starts a comment"]),
    ("start_date: 9999-12-31\n", ["profile.yaml:1", "between 2000 and 2100"]),
    ("blackout_weeks: [1066-10-14]\n", ["profile.yaml:1", "between 2000 and 2100"]),
    ("start_date: 2027-02-30\n", ["profile.yaml:1", "'2027-02-30' is no day of the calendar"]),
    ("- organisation: Acme\n", ["profile.yaml:1", "should be a mapping of keys and values", "not a list"]),
    ("logo: missing.png\n", ["profile.yaml:1", "logo 'missing.png' is not there (looked for"]),
])
def test_profile_values_that_crashed_are_located_errors(tmp_path, cli, profile, words):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text(OKRS)
    (tmp_path / "profile.yaml").write_text(profile)
    refused(*cli("report", "--okrs", okrs, "--profile", tmp_path / "profile.yaml", "--out", tmp_path / "out"), *words)


def test_a_logo_that_is_no_image_is_refused_before_rendering(tmp_path, cli):
    okrs = tmp_path / "okrs.csv"
    okrs.write_text(OKRS)
    (tmp_path / "logo.png").write_bytes(b"not a picture" * 1000)
    (tmp_path / "profile.yaml").write_text("logo: logo.png\n")
    code, out, err = cli("report", "--okrs", okrs, "--profile", tmp_path / "profile.yaml", "--out", tmp_path / "out")
    refused(code, out, err, "profile.yaml:1", "cannot be read as the image")
    assert len(err) < 2000


@pytest.mark.parametrize("change,words", [
    (lambda d: d["areas"]["confidence"].__setitem__("score", float("nan")), ["NaN is no number"]),
    (lambda d: d["areas"].pop("confidence"), ["areas has no confidence"]),
])
def test_compare_refuses_a_diagnosis_with_nan_or_a_missing_area(tmp_path, cli, change, words):
    from diagnose.core.resources import content_dir
    from diagnose.pipeline import Inputs, diagnose

    demo = content_dir("demo")
    data = json.loads(diagnose(Inputs(okrs=demo / "okrs.csv")).model_dump_json())
    before = tmp_path / "before.json"
    before.write_text(json.dumps(data))
    change(data)
    after = tmp_path / "after.json"
    after.write_text(json.dumps(data))
    refused(*cli("compare", before, after, "--out", tmp_path / "progress"), "after.json", *words)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_cells = st.one_of(st.text(max_size=30), st.sampled_from(["", '"', '""', "=SUM(1)", "07/15/2026", "15/07/2026",
                                                          "7/10", "1,200", "&a", "*a", "\ufeff", "\x00", "Q3 FY26"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["objective", "key_result", "owner", "team", "level", "parent", "score",
                                        "confidence", "cycle", "due_date", "junk", ""]), min_size=1, max_size=8),
       rows=st.lists(st.lists(_cells, max_size=8), max_size=12),
       suffix=st.sampled_from([".csv", ".yaml", ".json", ".txt"]),
       encoding=st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1"]))
def test_the_real_cli_on_random_exports_exits_0_or_2_and_never_crashes(tmp_path_factory, capsys, header, rows,
                                                                        suffix, encoding):
    import csv
    import io

    from diagnose.cli import main

    folder = tmp_path_factory.mktemp("random")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    text = buffer.getvalue() if suffix in (".csv", ".txt") else "\n".join(",".join(r) for r in [header, *rows])
    path = folder / f"export{suffix}"
    path.write_bytes(text.encode(encoding, errors="replace"))
    code = main(["review", str(path)])
    captured = capsys.readouterr()
    assert code in (0, 2), captured.err[-2000:]
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err[-2000:]


@pytest.mark.parametrize("name", ["okrs.csv", "okrs.xlsx", "cycle.yaml", "viva.zip"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, name):
    huge = tmp_path / name
    with huge.open("wb") as file:  # sparse: no disk is used for the hole
        file.truncate(400_000_000)
    refused(*run_bounded("review", huge), name, "400,000,000 bytes", "are not read")


def test_an_export_with_only_its_header_is_refused_not_judged_sound(tmp_path, cli):
    header = tmp_path / "header.csv"
    header.write_text("objective,key_result,owner\n")
    refused(*cli("report", "--okrs", header, "--out", tmp_path / "out"), "header.csv: row 2", "holds no key results")
    assert not (tmp_path / "out").exists()


def test_the_last_cycle_given_again_as_the_previous_one_is_refused_or_said(tmp_path, cli):
    from diagnose.core.resources import content_dir

    okrs = content_dir("demo") / "okrs.csv"
    refused(*cli("review", okrs, "--previous", okrs), "--previous is the same file as --okrs")
    copy = tmp_path / "copy.csv"
    copy.write_bytes(okrs.read_bytes())
    code, out, err = cli("review", okrs, "--previous", copy)
    assert code == 0 and "the previous cycle is named '2026-Q3', as the last one is" in out + err


def test_a_key_result_thousands_of_characters_long_is_refused_with_its_row(tmp_path, cli):
    # A description column read as the key result would be judged, coached and typeset page after
    # page; it is refused, with the row, instead.
    okrs = tmp_path / "okrs.csv"
    okrs.write_text("objective,key_result\nGrow,Raise NPS from 20 to 40\nGrow,\"" + "Launch (Ab) " * 400 + "\"\n")
    code, out, err = cli("review", okrs)
    assert code == 2 and "okrs.csv: row 3: the key result is 4,799 characters long; at most 2,000" in err, err
    assert "Traceback" not in err
