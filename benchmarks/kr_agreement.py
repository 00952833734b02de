"""How often the outcome-or-activity judgement agrees with a coach's labels on real key results.

Usage: python benchmarks/kr_agreement.py [--show-misses] [--rules] [--set NAME]
The labelled sets hold key results published by real organisations, copied as written (see
tests/fixtures/kr_labels*_SOURCES.md), each labelled without seeing the tool:
  tuning  the first set; the wording rules were written while reading its misses
  second  other organisations; measured unseen (78.1%), then the rules learnt from it too
  test    a third set from yet other organisations; measured unseen (75.6%), then learnt from
  final   a fourth set, never used to change the rules (rules unseen: 82.4%)
  fifth   a fifth set (233 key results, 19 more organisations), never used to change the
          rules (rules unseen: 82.0%)
  sixth   a sixth set from yet other organisations, measured unseen by rules and model (model
          83.1%, rules 76.6%), then learnt from by the model
  seventh a seventh set from yet other organisations, measured unseen (83.3% kind, 93.1%
          measurable), then its misses read and learnt from (its SOURCES.md has the table)
  eighth  an eighth set from yet other organisations, measured unseen (78.8% kind, 98.3%
          measurable), then its misses read and learnt from (its SOURCES.md has the table)
  ninth   a ninth set (34 key results: only 14 from real organisations, the index's real
          OKRs are nearly all used), kept out of the rules and out of the learned model's
          training: the honest measure of the tool on organisations it has not seen
  tenth   a tenth set (29 key results from 5 sources), collected blind after the close calls of
          review/close_calls.py were written, kept out as the ninth is
  eleventh an eleventh set (38 key results, 5 sources), measured unseen (63.2% kind, 94.7%
          measurable), then its misses read (its SOURCES.md has the table)
  twelfth a twelfth set (36 key results, 4 sources), collected blind and kept out as the ninth
          and tenth are (unseen: 80.6% kind, 100% measurable)
  thirteenth, fourteenth  measured unseen (79.2%, 74.2% kind), then learnt from
  fifteenth a fifteenth set (95 key results, 12 sources), measured unseen (72.6% kind, 95.8%
          measurable), then read for the word rules only (its SOURCES.md says why)
  sixteenth a sixteenth set (75 key results, 7 sources), frozen as the ninth is (unseen: 90.7%
          kind, 93.3% measurable)
  seventeenth a seventeenth set (63 key results, 6 sources), frozen as the ninth is (unseen: 82.5%
          kind, 98.4% measurable)
The tool judges with the learned model (curricula/wording_model.json), trained on the first
eight sets: its agreement on those is agreement with its own training labels, shown for
completeness only. Its honest figure on them is the leave-one-organisation-out figure of
`tools/train_wording_model.py --cross-validate`. --rules measures the word rules alone.
A second coach labelled the final, fifth to tenth, and fifteenth to seventeenth sets blind
(kr_labels_second_coach.csv); how often the two coaches agree is printed too, as the ceiling any
judgement can be held to.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from diagnose.content.settings import load_settings
from diagnose.review.wording import KeyResultLanguage

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
LABELS = FIXTURES / "kr_labels.csv"
HELDOUT = FIXTURES / "kr_labels_heldout.csv"
TEST = FIXTURES / "kr_labels_test.csv"
FINAL = FIXTURES / "kr_labels_final.csv"
FIFTH = FIXTURES / "kr_labels_fifth.csv"
SIXTH = FIXTURES / "kr_labels_sixth.csv"
SEVENTH = FIXTURES / "kr_labels_seventh.csv"
EIGHTH = FIXTURES / "kr_labels_eighth.csv"
NINTH = FIXTURES / "kr_labels_ninth.csv"
TENTH = FIXTURES / "kr_labels_tenth.csv"
ELEVENTH = FIXTURES / "kr_labels_eleventh.csv"
TWELFTH = FIXTURES / "kr_labels_twelfth.csv"
THIRTEENTH = FIXTURES / "kr_labels_thirteenth.csv"
FOURTEENTH = FIXTURES / "kr_labels_fourteenth.csv"
FIFTEENTH = FIXTURES / "kr_labels_fifteenth.csv"
SIXTEENTH = FIXTURES / "kr_labels_sixteenth.csv"
SEVENTEENTH = FIXTURES / "kr_labels_seventeenth.csv"
SECOND_COACH = FIXTURES / "kr_labels_second_coach.csv"
SETS = {"tuning": LABELS, "second": HELDOUT, "test": TEST, "final": FINAL, "fifth": FIFTH, "sixth": SIXTH,
        "seventh": SEVENTH, "eighth": EIGHTH, "ninth": NINTH, "tenth": TENTH,
        "eleventh": ELEVENTH, "twelfth": TWELFTH, "thirteenth": THIRTEENTH,
        "fourteenth": FOURTEENTH, "fifteenth": FIFTEENTH, "sixteenth": SIXTEENTH,
        "seventeenth": SEVENTEENTH}


def tool_language(rules_only: bool = False) -> KeyResultLanguage:
    """The judgement the tool uses: the word rules, decided by the learned model unless rules_only."""
    settings = load_settings()
    return KeyResultLanguage(settings.key_result_language, None if rules_only else settings.wording_model)


def agreement(show_misses: bool = False, path: Path = LABELS, rules_only: bool = False
              ) -> tuple[float, int, Counter]:
    language = tool_language(rules_only)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    confusion: Counter = Counter()
    for row in rows:
        judged = language.judge(row["text"]).kind
        confusion[(row["label"], judged)] += 1
        if show_misses and judged != row["label"]:
            print(f"coach {row['label']:<8} tool {judged:<8} {row['text']}")
    agreed = sum(n for (label, judged), n in confusion.items() if label == judged)
    return agreed / len(rows), len(rows), confusion


def rubric_agreement(path: Path) -> dict[str, float]:
    """How often `measurable` and `health_metric` match the coach's rubric labels (the sets were
    relabelled by the rubric of DOMAIN.md on 2026-12-01: fixtures/RELABELLING_*.md)."""
    language = tool_language()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    judged = [language.judge(row["text"]) for row in rows]
    return {field: sum(str(getattr(w, field)).lower() == row[field] for w, row in zip(judged, rows)) / len(rows)
            for field in ("measurable", "health_metric") if rows and field in rows[0]}


def coaches_agree(path: Path) -> tuple[float, int] | None:
    """How often the second coach's blind labels match this set's labels, where both exist."""
    second = {row["text"]: row["label"] for row in csv.DictReader(SECOND_COACH.open(encoding="utf-8"))}
    pairs = [(row["label"], second[row["text"]]) for row in csv.DictReader(path.open(encoding="utf-8"))
             if row["text"] in second]
    return (sum(a == b for a, b in pairs) / len(pairs), len(pairs)) if pairs else None


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else None
    rules_only = "--rules" in sys.argv
    model = load_settings().wording_model
    for name, path in SETS.items():
        if (chosen and name != chosen) or not path.exists():
            continue
        share, total, confusion = agreement("--show-misses" in sys.argv, path, rules_only)
        trained = not rules_only and model is not None and path.name in model.trained_on
        print(f"{name:>6} set ({path.name}): {share:.1%} agreement with the coach's labels, "
              f"{total} real key results" + (" (the model learnt from this set)" if trained else ""))
        for (label, judged), n in sorted(confusion.items()):
            print(f"         coach {label:<8} -> tool {judged:<8} {n}")
        for field, share in rubric_agreement(path).items():
            print(f"         {field} agrees with the coach on {share:.1%}")
        coaches = coaches_agree(path)
        if coaches:
            print(f"         two coaches labelling blind agree on {coaches[0]:.1%} of {coaches[1]}")
