"""Exports as real tools and people make them: encodings, quotes, title rows, grouped
objectives, merged cells, month-first dates (issue 20)."""

from __future__ import annotations

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
