"""A consultant's own content (issue 22): `content init DIR` copies the bundled set, `--content DIR`
reads it over the bundled one item by item, and `check DIR` validates it as a whole."""

from __future__ import annotations

import json
import re

import pytest

from diagnose.content.bundle import Content
from diagnose.core.resources import content_dir

DEMO = content_dir("demo")


@pytest.fixture
def own(tmp_path, cli):
    folder = tmp_path / "acme-content"
    code, out, err = cli("content", "init", folder)
    assert code == 0, err
    return folder


def module_file(folder, module_id):
    return folder / "curricula" / "modules" / f"{module_id}.yaml"


def retitle(path, title):
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


def test_content_init_copies_every_bundled_item_and_never_overwrites(own, cli):
    assert (own / "question_banks" / "okr-training-needs.yaml").is_file()
    assert (own / "question_banks" / "imports" / "likert-labels.yaml").is_file()
    assert (own / "curricula" / "rules.yaml").is_file() and (own / "curricula" / "settings.yaml").is_file()
    assert (own / "curricula" / "wording_model.json").is_file()
    bundled = sorted(p.name for p in (content_dir("curricula") / "modules").glob("*.yaml"))
    assert sorted(p.name for p in (own / "curricula" / "modules").glob("*.yaml")) == bundled
    retitle(module_file(own, "okr-fundamentals"), "Mine")
    code, out, err = cli("content", "init", own)
    assert code == 0
    assert "were there already and are kept" in err
    assert "title: Mine" in module_file(own, "okr-fundamentals").read_text(encoding="utf-8")


def test_an_unchanged_copy_is_the_bundled_content(own):
    mine, bundled = Content.load(own), Content.bundled()
    assert mine.library.modules == bundled.library.modules and mine.rules == bundled.rules
    assert mine.settings == bundled.settings and mine.banks == bundled.banks
    assert mine.origin.replaced == [] and mine.origin.added == []


@pytest.mark.pdf
def test_a_module_title_edited_in_the_copy_reaches_the_report_only_with_content(own, cli, tmp_path):
    retitle(module_file(own, "outcome-writing-clinic"), "Harbourline key result clinic")
    code, out, err = cli("demo", "--content", own, "--out", tmp_path / "mine")
    assert code == 0, err
    html = (tmp_path / "mine" / "report.html").read_text(encoding="utf-8")
    assert "Harbourline key result clinic" in html
    assert "the content in acme-content/, over the bundled set; replacing module outcome-writing-clinic" in html
    code, out, err = cli("demo", "--out", tmp_path / "bundled")
    assert code == 0, err
    html = (tmp_path / "bundled" / "report.html").read_text(encoding="utf-8")
    assert "Harbourline key result clinic" not in html and "Outcome-writing clinic" in html
    assert "Content: the bundled question bank, modules, rules and settings." in html


def test_a_folder_with_only_what_changed_is_read_over_the_bundled_set(tmp_path, cli):
    folder = tmp_path / "small"
    (folder / "curricula" / "modules").mkdir(parents=True)
    source = (content_dir("curricula") / "modules" / "okr-fundamentals.yaml").read_text(encoding="utf-8")
    extra = re.sub(r"(?m)^id: .*$", "id: acme-onboarding", source)
    (folder / "curricula" / "modules" / "acme-onboarding.yaml").write_text(extra, encoding="utf-8")
    (folder / "curricula" / "settings.yaml").write_text("limits:\n  cells: 10\n", encoding="utf-8")
    rules = (content_dir("curricula") / "rules.yaml").read_text(encoding="utf-8")
    first = rules.index("  - id:")
    second = rules.index("  - id:", first + 1)
    (folder / "curricula" / "rules.yaml").write_text("rules:\n" + rules[first:second], encoding="utf-8")
    mine = Content.load(folder)
    bundled = Content.bundled()
    assert "acme-onboarding" in mine.library and set(bundled.library.modules) < set(mine.library.modules)
    assert len(mine.rules.rules) == len(bundled.rules.rules)  # the copied rule replaced its bundled self
    assert mine.settings.limits.cells == 10 and mine.settings.review == bundled.settings.review
    assert mine.origin.added == ["module acme-onboarding"] and mine.origin.replaced == ["settings limits"]
    code, out, err = cli("review", DEMO / "okrs.csv", "--content", folder)
    assert code == 2 and "holds more than 10 cells" in err and "Traceback" not in err
    code, out, err = cli("check", folder)
    assert code == 0, out + err
    assert "its limits settings" in out


def test_check_names_an_id_used_twice_in_the_folder_but_not_one_that_replaces_a_bundled_module(own, cli):
    code, out, err = cli("check", own)  # every module has a bundled twin: that is replacing, not clashing
    assert code == 0, out
    twin = own / "curricula" / "modules" / "my-fundamentals.yaml"
    twin.write_text(module_file(own, "okr-fundamentals").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = cli("check", "--content", own)
    assert code == 2
    assert "my-fundamentals.yaml:1" in out and "module id 'okr-fundamentals' is also used by" in out
    code, out, err = cli("report", "--okrs", DEMO / "okrs.csv", "--content", own, "--out", own / "out")
    assert code == 2 and "module id 'okr-fundamentals' is also used by" in err


def test_content_that_fails_check_is_refused_with_file_and_line(own, cli, tmp_path):
    path = module_file(own, "review-cadence")
    path.write_text(path.read_text(encoding="utf-8").replace("duration_minutes:", "duration_minuts:", 1),
                    encoding="utf-8")
    code, out, err = cli("review", DEMO / "okrs.csv", "--content", own)
    assert code == 2 and "Traceback" not in err
    assert re.search(r"review-cadence\.yaml:\d+", err) and "duration_minuts" in err


@pytest.mark.parametrize("make,words", [
    (lambda p: p.write_text("x"), "is a file, not a content folder"),
    (lambda p: None, "no such folder"),
    (lambda p: p.mkdir(), "holds neither question_banks/ nor curricula/"),
])
def test_a_content_path_that_is_no_content_folder_is_refused(tmp_path, cli, make, words):
    path = tmp_path / "content"
    make(path)
    for command in (("review", DEMO / "okrs.csv"), ("bank", "export"), ("report", "--okrs", DEMO / "okrs.csv"),
                    ("demo", "--out", tmp_path / "out"), ("survey", "--answers", tmp_path / "me.yaml"),
                    ("check",)):
        code, out, err = cli(*command, "--content", path)
        assert code == 2 and words in err and str(path) in err and "Traceback" not in err, (command, err)


def test_content_init_refuses_a_file_as_its_folder_and_copies_nothing_past_one_in_the_way(tmp_path, cli, capsys):
    (tmp_path / "file").write_text("")
    with pytest.raises(SystemExit) as refused:  # refused by the parser, before any work
        cli("content", "init", tmp_path / "file")
    assert refused.value.code == 2 and "is a file, not a folder" in capsys.readouterr().err
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "curricula").write_text("")
    code, out, err = cli("content", "init", tmp_path / "half")
    assert code == 2 and "curricula: is a file where a folder goes" in err
    assert sorted(p.name for p in (tmp_path / "half").iterdir()) == ["curricula"]


def test_bank_export_and_the_labels_use_the_folders_bank(own, cli):
    bank = own / "question_banks" / "okr-training-needs.yaml"
    text = bank.read_text(encoding="utf-8")
    question = json.loads(cli("bank", "export")[1])["questions"][1]
    bank.write_text(text.replace(question["text"], "How well does Acme's plan hang together?", 1), encoding="utf-8")
    exported = json.loads(cli("bank", "export", "--content", own)[1])
    assert exported["questions"][1]["text"] == "How well does Acme's plan hang together?"
    assert json.loads(cli("bank", "export")[1])["questions"][1]["text"] == question["text"]


def test_a_wording_model_alone_in_the_folder_is_used_with_the_bundled_word_lists(tmp_path, cli):
    folder = tmp_path / "model-only"
    (folder / "curricula").mkdir(parents=True)
    model = json.loads((content_dir("curricula") / "wording_model.json").read_text(encoding="utf-8"))
    (folder / "curricula" / "wording_model.json").write_text(json.dumps({**model, "bias": 50.0, "weights": {}}),
                                                            encoding="utf-8")
    mine = Content.load(folder)
    assert mine.origin.replaced == ["the wording model"]
    code, out, err = cli("review", DEMO / "okrs.csv", "--content", folder, "--format", "json")
    assert code == 0, err
    kinds = {kr["kind"] for kr in json.loads(out)["key_results"] if kr["kind_by"] == "model"}
    assert kinds == {"outcome"}  # every verdict the model makes is its, not the bundled model's
    code, out, err = cli("check", folder)
    assert code == 0 and "1 passed" in out, out


def test_check_fails_a_folder_with_nothing_to_check(tmp_path, cli):
    (tmp_path / "empty").mkdir()
    code, out, err = cli("check", tmp_path / "empty")
    assert code == 2 and "holds no question bank, module, rules or settings file" in out


def test_a_formula_in_a_question_never_reaches_the_form_csv_as_one_and_a_long_title_fails_check(own, cli):
    import csv
    import io

    bank = own / "question_banks" / "okr-training-needs.yaml"
    question = json.loads(cli("bank", "export")[1])["questions"][1]
    bank.write_text(bank.read_text(encoding="utf-8").replace(question["text"], '=HYPERLINK("http://x.example")', 1),
                    encoding="utf-8")
    code, out, err = cli("bank", "export", "--format", "csv", "--content", own)
    assert code == 0, err
    texts = [row["question"] for row in csv.DictReader(io.StringIO(out))]
    assert texts[1] == "'=HYPERLINK(\"http://x.example\")"
    retitle(module_file(own, "review-cadence"), "A" * 81)
    code, out, err = cli("check", own)
    assert code == 2 and re.search(r"review-cadence\.yaml:2.*at most 80 characters", out), out
