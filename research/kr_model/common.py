import csv
import json

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut
from sklearn.naive_bayes import BernoulliNB, ComplementNB, MultinomialNB
from sklearn.svm import LinearSVC

import features as F

ROWS = list(csv.DictReader(open("/tmp/ml/all.csv")))
TEXT = [r["text"] for r in ROWS]
Y = np.array([1 if r["label"] == "outcome" else 0 for r in ROWS])
G = np.array([r["source"] for r in ROWS])
SET = np.array([r["set"] for r in ROWS])
AMB = np.array([r["ambiguous"] == "True" for r in ROWS])
EXAMPLE = np.array([r["source"].startswith("example-") for r in ROWS])
CLEAN = ~AMB & ~EXAMPLE
RULE_TUNED = np.isin(SET, ["tuning", "second", "test"])  # sets the rules were written against (git log)
RULE_UNSEEN = ~RULE_TUNED  # final, fifth-github, fifth-web
RULES = json.load(open("/tmp/ml/rules.json"))
RULE_PRED = np.array([1 if r["kind"] == "outcome" else 0 for r in RULES])

_cache = {}


def feats(groups):
    if groups not in _cache:
        _cache[groups] = [{k: 1 for k in F.featurize(t, groups)} for t in TEXT]
    return _cache[groups]


def make(model, c):
    if model == "lr":
        return LogisticRegression(C=c, solver="liblinear", max_iter=2000)
    if model == "lr_l1":
        return LogisticRegression(C=c, penalty="l1", solver="liblinear", max_iter=2000)
    if model == "svm":
        return LinearSVC(C=c, max_iter=20000)
    if model == "mnb":
        return MultinomialNB(alpha=c)
    if model == "bnb":
        return BernoulliNB(alpha=c)
    if model == "cnb":
        return ComplementNB(alpha=c)
    raise ValueError(model)


GRIDS = {
    "lr": [0.03, 0.1, 0.3, 1, 3, 10, 30, 100],
    "lr_l1": [0.3, 1, 3, 10, 30, 100],
    "svm": [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3],
    "mnb": [0.03, 0.1, 0.3, 1, 3],
    "bnb": [0.03, 0.1, 0.3, 1, 3],
    "cnb": [0.03, 0.1, 0.3, 1, 3],
}


def _csr(rows, vocab):
    indptr, indices = [0], []
    for r in rows:
        indices.extend(sorted(vocab[k] for k in r if k in vocab))
        indptr.append(len(indices))
    return sp.csr_matrix((np.ones(len(indices)), np.array(indices, np.int32), np.array(indptr, np.int32)),
                         shape=(len(rows), len(vocab)))


def vectorize(D, tr, te):
    vocab = {}
    for i in tr:
        for k in D[i]:
            vocab.setdefault(k, len(vocab))
    return _csr([D[i] for i in tr], vocab), _csr([D[i] for i in te], vocab), vocab


def fit_predict(model, c, D, tr, te):
    Xtr, Xte, _ = vectorize(D, tr, te)
    m = make(model, c).fit(Xtr, Y[tr])
    return m.predict(Xte)


def inner_choose(model, D, tr, grid, k=5):
    """Choose the hyper-parameter by grouped k-fold CV inside the training organisations only."""
    gkf = GroupKFold(n_splits=min(k, len(set(G[tr]))))
    correct = {c: 0 for c in grid}
    for itr, ite in gkf.split(tr, Y[tr], G[tr]):
        a, b = tr[itr], tr[ite]
        for c in grid:
            correct[c] += int((fit_predict(model, c, D, a, b) == Y[b]).sum())
    best = max(grid, key=lambda c: (correct[c], -abs(np.log(c))))  # ties: the milder setting
    return best


def outer_splits(kind="logo"):
    idx = np.arange(len(Y))
    if kind == "logo":
        return list(LeaveOneGroupOut().split(idx, Y, G))
    return list(GroupKFold(n_splits=10).split(idx, Y, G))


def report(pred, mask=None):
    mask = np.ones(len(Y), bool) if mask is None else mask
    return float((pred[mask] == Y[mask]).mean())


def summary(pred):
    return dict(all=report(pred), clean=report(pred, CLEAN), unseen=report(pred, RULE_UNSEEN),
                tuned=report(pred, RULE_TUNED))
