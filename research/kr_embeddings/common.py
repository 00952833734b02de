"""Shared data loading, tool features and leave-one-organisation-out CV (adapted from /tmp/exp/cv.py).

Run with PYTHONPATH=/work/main (the tool is not pip-installed into this venv, so /work/main stays untouched).
"""
import csv, re
from collections import defaultdict
from pathlib import Path
import numpy as np, scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from diagnose.krtext import KeyResultLanguage, _clean, _MODEL_TOKEN
from diagnose.settings import Settings, settings_path
from diagnose.yamlload import load_model

F = Path("/work/main/tests/fixtures")
# Only these six sets; kr_labels_seventh.csv and kr_labels_second_coach.csv are never opened.
SETS = ["kr_labels.csv", "kr_labels_heldout.csv", "kr_labels_test.csv", "kr_labels_final.csv",
        "kr_labels_fifth.csv", "kr_labels_sixth.csv"]
UNSEEN = ("kr_labels_final.csv", "kr_labels_fifth.csv", "kr_labels_sixth.csv")

rows, seen = [], set()
for s in SETS:
    for r in csv.DictReader(open(F / s, encoding="utf-8")):
        if r["text"] in seen:
            continue
        seen.add(r["text"]); rows.append({**r, "set": s})
texts = [r["text"] for r in rows]
y = np.array([r["label"] == "outcome" for r in rows], int)
groups = defaultdict(list)
for i, r in enumerate(rows):
    groups[r["source"]].append(i)

settings = load_model(settings_path(), Settings)
lang = KeyResultLanguage(settings.key_result_language)


def kr_words(text):
    """Lower-cased whole words of a key result, tokenised as the tool's model words but unstemmed, no numbers."""
    out = []
    for tok in _MODEL_TOKEN.findall(_clean(text)):
        if tok[0].isdigit():
            continue
        tok = tok.strip("-'")
        if tok and tok[0].isalpha():
            out.append(tok)
    return out


def fold_vocab(fsets, tr):
    vocab = {}
    for i in tr:
        for x in fsets[i]:
            vocab.setdefault(x, len(vocab))
    return vocab


def mat(fsets, vocab):
    ind, ptr = [], [0]
    for f in fsets:
        ind.extend(sorted(vocab[x] for x in f if x in vocab)); ptr.append(len(ind))
    return sp.csr_matrix((np.ones(len(ind)), np.array(ind, np.int32), np.array(ptr, np.int32)),
                         shape=(len(fsets), len(vocab)))


def cv(fsets=None, dense=None, C=1.0):
    """LOO-org CV. fsets: list of sets of sparse binary feature names (vocab built on the training fold);
    dense: (n, d) array hstacked to the right (already scaled). Returns predictions."""
    pred = np.zeros(len(rows), int)
    n = len(rows)
    for g, idx in groups.items():
        held = set(idx); tr = [i for i in range(n) if i not in held]
        blocks_tr, blocks_te = [], []
        if fsets is not None:
            vocab = fold_vocab(fsets, tr)
            blocks_tr.append(mat([fsets[i] for i in tr], vocab)); blocks_te.append(mat([fsets[i] for i in idx], vocab))
        if dense is not None:
            blocks_tr.append(sp.csr_matrix(dense[tr])); blocks_te.append(sp.csr_matrix(dense[idx]))
        Xtr, Xte = sp.hstack(blocks_tr).tocsr(), sp.hstack(blocks_te).tocsr()
        m = LogisticRegression(C=C, solver="liblinear", max_iter=5000).fit(Xtr, y[tr])
        pred[idx] = m.predict(Xte)
    return pred


SHORT = {s: (s.replace("kr_labels", "").replace(".csv", "").lstrip("_") or "first") for s in SETS}
HEADER = f"{'variant':44} {'all':>6} {'unseen3':>7} " + " ".join(f"{SHORT[s]:>7}" for s in SETS)


def scores(pred):
    sets = np.array([r["set"] for r in rows])
    un = np.isin(sets, UNSEEN)
    d = {"all": float(np.mean(pred == y)), "unseen3": float(np.mean(pred[un] == y[un]))}
    for s in SETS:
        m = sets == s
        d[SHORT[s]] = float(np.mean(pred[m] == y[m]))
    return d


def report(name, pred, out=None):
    d = scores(pred)
    line = f"{name:44} {d['all']:6.3f} {d['unseen3']:7.3f} " + " ".join(f"{d[SHORT[s]]:7.3f}" for s in SETS)
    print(line, flush=True)
    if out is not None:
        out.append({"variant": name, **d})
    return d
