"""How often the outcome-or-activity judgement agrees with a coach's labels on real key results.

Usage: python benchmarks/kr_agreement.py [--show-misses] [--heldout]
The labelled sets hold key results published by real organisations, copied as written (see
tests/fixtures/kr_labels*_SOURCES.md). The wording rules were tuned while reading the first
set; the held-out set (--heldout) comes from other organisations and was labelled without
seeing the tool, so it measures how the rules carry over.
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


if __name__ == "__main__":
    path = HELDOUT if "--heldout" in sys.argv else LABELS
    share, total, confusion = agreement("--show-misses" in sys.argv, path)
    print(f"agreement with the coach's labels ({path.name}): {share:.1%} of {total} real key results")
    for (label, judged), n in sorted(confusion.items()):
        print(f"  coach {label:<8} -> tool {judged:<8} {n}")
