"""Leave-one-organisation-out agreement on the real training sets, with synthetic key results added
to every fold's training at a sample weight (they are never held out or scored).

Usage, from the checkout: python research/kr_synthetic/cv_synth.py research/kr_synthetic/synthetic_A.csv,... 0.3
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT)]
import train_wording_model as training  # noqa: E402

from diagnose.content.wording_model import WordingModel  # noqa: E402
from diagnose.review.wording import KeyResultLanguage  # noqa: E402


def fit(feature_sets, labels, weights):
    vocabulary: dict[str, int] = {}
    for features in feature_sets:
        for feature in sorted(features):
            vocabulary.setdefault(feature, len(vocabulary))
    model = LogisticRegression(C=training.C, solver="liblinear", max_iter=5000)
    model.fit(training.matrix(feature_sets, vocabulary), labels, sample_weight=weights)
    return float(model.intercept_[0]), dict(zip(sorted(vocabulary, key=vocabulary.get), map(float, model.coef_[0])))


def main(paths: list[str], weight: float) -> None:
    settings = training.load_model(training.settings_path(), training.Settings)
    language = KeyResultLanguage(settings.key_result_language)
    rows = training.read_labels([training.FIXTURES / name for name in training.TRAINING_SETS])
    seen, synthetic = {row["text"] for row in rows}, []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for row in csv.DictReader(file):
                if row.get("label") in ("outcome", "activity") and row["text"] not in seen:
                    seen.add(row["text"])
                    synthetic.append(row)
    features = [language.features(row["text"]) for row in rows]
    synthetic_features = [language.features(row["text"]) for row in synthetic]
    labels = np.array([row["label"] == "outcome" for row in rows], int)
    synthetic_labels = np.array([row["label"] == "outcome" for row in synthetic], int)
    by_source = defaultdict(list)
    for index, row in enumerate(rows):
        by_source[row["source"]].append(index)
    judged, predicted = np.zeros(len(rows), int), np.zeros(len(rows), int)
    for held in by_source.values():
        train = [i for i in range(len(rows)) if i not in set(held)]
        bias, weights = fit([features[i] for i in train] + synthetic_features,
                            np.concatenate([labels[train], synthetic_labels]),
                            np.concatenate([np.ones(len(train)), np.full(len(synthetic), weight)]))
        fold = KeyResultLanguage(settings.key_result_language,
                                 WordingModel(language_fingerprint="", bias=bias, weights=weights))
        for i in held:
            predicted[i] = training.predict(bias, weights, features[i])
            judged[i] = fold.judge(rows[i]["text"]).kind == "outcome"
    print(f"{len(synthetic)} synthetic rows at weight {weight}: tool {np.mean(judged == labels):.2%}, "
          f"model alone {np.mean(predicted == labels):.2%}")


if __name__ == "__main__":
    main([p for p in sys.argv[1].split(",") if p] if len(sys.argv) > 1 else [], float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
