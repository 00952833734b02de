"""How often the outcome-or-activity judgement agrees with a coach's labels on real key results.

Usage: python benchmarks/kr_agreement.py [--show-misses]
The labelled set (tests/fixtures/kr_labels.csv) holds key results published by real
organisations, copied as written; see tests/fixtures/kr_labels_SOURCES.md.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from diagnose.krtext import KeyResultLanguage
from diagnose.settings import load_settings

LABELS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "kr_labels.csv"


def agreement(show_misses: bool = False) -> tuple[float, int, Counter]:
    language = KeyResultLanguage(load_settings().key_result_language)
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    confusion: Counter = Counter()
    for row in rows:
        judged = language.judge(row["text"]).kind
        confusion[(row["label"], judged)] += 1
        if show_misses and judged != row["label"]:
            print(f"coach {row['label']:<8} tool {judged:<8} {row['text']}")
    agreed = sum(n for (label, judged), n in confusion.items() if label == judged)
    return agreed / len(rows), len(rows), confusion


if __name__ == "__main__":
    share, total, confusion = agreement("--show-misses" in sys.argv)
    print(f"agreement with the coach's labels: {share:.1%} of {total} real key results")
    for (label, judged), n in sorted(confusion.items()):
        print(f"  coach {label:<8} -> tool {judged:<8} {n}")
