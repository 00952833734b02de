"""Writes the three exclusion files BRIEF.md names, from the labelled sets in tests/fixtures/:
every labelled text, every source slug, every URL in a set's notes or SOURCES.md.

Usage: python research/kr_collection/exclusions.py OUT_DIR
"""

import csv
import re
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
URL = re.compile(r"https?://[^\s)>\]|`]+")


def main(out: Path) -> None:
    texts, sources, urls = set(), set(), set()
    for path in FIXTURES.glob("kr_labels*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            texts.add(row["text"].strip())
            sources.add((row.get("source") or "").strip())
            urls.update(u.rstrip(").,") for u in URL.findall(row.get("notes") or ""))
    for path in FIXTURES.glob("*SOURCES.md"):
        urls.update(u.rstrip(").,") for u in URL.findall(path.read_text(encoding="utf-8")))
    out.mkdir(parents=True, exist_ok=True)
    for name, lines in (("existing_texts", texts), ("excluded_sources", sources - {""}), ("excluded_urls", urls)):
        (out / f"{name}.txt").write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"{len(texts)} texts, {len(sources - {''})} sources, {len(urls)} URLs -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
