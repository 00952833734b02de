"""Best variant ("SX"): L2 logistic regression (liblinear, C=1) over sparse binary features:
  - stemmed word unigrams + bigrams (with a <s> start marker, so "sb=<s>_launch" is the leading verb) over the
    rule engine's cleaned text (KR prefixes, owner tags, "we will" removed; lowercased; numbers -> NUM; % £ $ € # kept)
  - the rule engine's predicates without its verdict ("x_lead_act", "x_metric", "x_from_to", ...; see features.lex_feats)
Trains on all 959 items and writes /tmp/ml/weights.json (feature -> weight, plus bias) and sklearn's predictions.
"""
import csv
import json

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

import features as F

GROUPS = "SX"
C = 1.0

rows = list(csv.DictReader(open("/tmp/ml/all.csv")))
texts = [r["text"] for r in rows]
y = np.array([1 if r["label"] == "outcome" else 0 for r in rows])
feats = [sorted(F.featurize(t, GROUPS)) for t in texts]
vocab = {}
for fs in feats:
    for k in fs:
        vocab.setdefault(k, len(vocab))
ind, ptr = [], [0]
for fs in feats:
    ind.extend(vocab[k] for k in fs)
    ptr.append(len(ind))
X = sp.csr_matrix((np.ones(len(ind)), np.array(ind, np.int32), np.array(ptr, np.int32)), shape=(len(rows), len(vocab)))
m = LogisticRegression(C=C, solver="liblinear", max_iter=5000).fit(X, y)
names = sorted(vocab, key=vocab.get)
weights = {k: float(w) for k, w in zip(names, m.coef_[0])}
json.dump({"model": "logistic regression, L2, liblinear, C=%g" % C, "groups": GROUPS, "positive": "outcome",
           "bias": float(m.intercept_[0]), "weights": weights}, open("/tmp/ml/weights.json", "w"), indent=0)
pred = m.predict(X)
margin = m.decision_function(X)
json.dump({"pred": pred.tolist(), "margin": margin.tolist()}, open("/tmp/ml/sklearn_pred.json", "w"))
print(f"{len(weights)} features; training accuracy {(pred == y).mean():.4f}; min |margin| {np.abs(margin).min():.2e}")
top = sorted(weights.items(), key=lambda kv: kv[1])
print("most activity:", [(k, round(v, 2)) for k, v in top[:15]])
print("most outcome:", [(k, round(v, 2)) for k, v in top[-15:]])
