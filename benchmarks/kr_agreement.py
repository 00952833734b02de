"""How often the outcome-or-activity judgement agrees with a coach's labels on real key results.

Usage: python benchmarks/kr_agreement.py [--show-misses] [--set tuning|second|test|final|fifth]
The labelled sets hold key results published by real organisations, copied as written (see
tests/fixtures/kr_labels*_SOURCES.md), each labelled without seeing the tool:
  tuning  the first set; the wording rules were written while reading its misses
  second  other organisations; measured unseen (78.1%), then the rules learnt from it too
  test    a third set from yet other organisations; measured unseen (75.6%), then learnt from
  final   a fourth set, never used to change the rules: the honest measure of how the
          judgement carries over to organisations it has not seen
  fifth   a fifth set (233 key results, 19 more organisations), never used to change the rules
Without --set, all are measured. A second coach labelled the final and fifth sets blind
(kr_labels_second_coach.csv); how often the two coaches agree is printed too, as the ceiling
any judgement can be held to.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from diagnose.krtext import KeyResultLanguage
from diagnose.settings import load_settings

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
LABELS = FIXTURES / "kr_labels.csv"
HELDOUT = FIXTURES / "kr_labels_heldout.csv"
TEST = FIXTURES / "kr_labels_test.csv"
FINAL = FIXTURES / "kr_labels_final.csv"
FIFTH = FIXTURES / "kr_labels_fifth.csv"
SECOND_COACH = FIXTURES / "kr_labels_second_coach.csv"
SETS = {"tuning": LABELS, "second": HELDOUT, "test": TEST, "final": FINAL, "fifth": FIFTH}


def agreement(show_misses: bool = False, path: Path = LABELS) -> tuple[float, int, Counter]:
    language = KeyResultLanguage(load_settings().key_result_language)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    confusion: Counter = Counter()
    for row in rows:
        judged = language.judge(row["text"]).kind
        confusion[(row["label"], judged)] += 1
        if show_misses and judged != row["label"]:
            print(f"coach {row['label']:<8} tool {judged:<8} {row['text']}")
    agreed = sum(n for (label, judged), n in confusion.items() if label == judged)
    return agreed / len(rows), len(rows), confusion


def coaches_agree(path: Path) -> tuple[float, int] | None:
    """How often the second coach's blind labels match this set's labels, where both exist."""
    second = {row["text"]: row["label"] for row in csv.DictReader(SECOND_COACH.open(encoding="utf-8"))}
    pairs = [(row["label"], second[row["text"]]) for row in csv.DictReader(path.open(encoding="utf-8"))
             if row["text"] in second]
    return (sum(a == b for a, b in pairs) / len(pairs), len(pairs)) if pairs else None


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else None
    for name, path in SETS.items():
        if (chosen and name != chosen) or not path.exists():
            continue
        share, total, confusion = agreement("--show-misses" in sys.argv, path)
        print(f"{name:>6} set ({path.name}): {share:.1%} agreement with the coach's labels, "
              f"{total} real key results")
        for (label, judged), n in sorted(confusion.items()):
            print(f"         coach {label:<8} -> tool {judged:<8} {n}")
        coaches = coaches_agree(path)
        if coaches:
            print(f"         two coaches labelling blind agree on {coaches[0]:.1%} of {coaches[1]}")
