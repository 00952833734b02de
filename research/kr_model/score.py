"""Pure-Python scoring (no numpy): outcome if bias + sum of the weights of the features present > 0."""
import json
import math

import features as F

_MODEL = None


def model(path="/tmp/ml/weights.json"):
    global _MODEL
    if _MODEL is None:
        _MODEL = json.load(open(path))
    return _MODEL


def score(text):
    m = model()
    w = m["weights"]
    return m["bias"] + math.fsum(w.get(k, 0.0) for k in F.featurize(text, m["groups"]))


def judge(text):
    s = score(text)
    return ("outcome" if s > 0 else "activity"), 1 / (1 + math.exp(-s))


if __name__ == "__main__":
    import csv
    rows = list(csv.DictReader(open("/tmp/ml/all.csv")))
    ref = json.load(open("/tmp/ml/sklearn_pred.json"))
    mism, maxdiff, agree = 0, 0.0, 0
    for r, p, mg in zip(rows, ref["pred"], ref["margin"]):
        s = score(r["text"])
        mism += (s > 0) != bool(p)
        maxdiff = max(maxdiff, abs(s - mg))
        agree += ("outcome" if s > 0 else "activity") == r["label"]
    print(f"{len(rows)} items: {mism} prediction mismatches vs sklearn, max |margin diff| {maxdiff:.2e}, "
          f"training-set agreement with labels {agree / len(rows):.4f}")
