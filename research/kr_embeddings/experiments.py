"""Experiments 1-4 (leave-one-organisation-out CV over the 1,113 rows). Needs embed.py's outputs.
Usage: PYTHONPATH=/work/main:/tmp/emb venv/bin/python experiments.py [which...]   (which in 1 2 3 4a 4b)
"""
import sys, json, time
from pathlib import Path
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from common import rows, texts, y, lang, kr_words, cv, report, HEADER

D = Path("/tmp/emb/data")
which = set(sys.argv[1:]) or {"1", "2", "3", "4a", "4b"}
sent = np.load(D / "sent.npy")
words = (D / "words.txt").read_text(encoding="utf-8").split()
wv = np.load(D / "wordvec.npy")
widx = {w: i for i, w in enumerate(words)}
tool = [lang.features(t) for t in texts]
kw = [kr_words(t) for t in texts]
res = []
print(f"{len(rows)} rows, {len(set(r['source'] for r in rows))} organisations", flush=True)
print(HEADER, flush=True)

if "1" in which:
    report("1 tool features, LR C=1", cv(tool, C=1.0), res)

if "2" in which:
    for C in (0.3, 1, 3, 10):
        report(f"2 embedding only, LR C={C}", cv(dense=sent, C=C), res)

if "3" in which:
    for C in (1.0,):
        for s in (0.5, 1, 2):
            report(f"3 tool + {s}*embedding, LR C={C}", cv(tool, dense=s * sent, C=C), res)

if "4a" in which:
    cov = np.mean([sum(w in widx for w in k) / max(len(k), 1) for k in kw])
    print(f"   (word coverage of KR words by vocab: {cov:.3f})", flush=True)
    for K in (100, 300, 1000):
        for seed in (0, 1, 2):
            f = D / f"km{K}_s{seed}.npy"
            if f.exists():
                lab = np.load(f)
            else:
                t = time.time()
                lab = KMeans(n_clusters=K, n_init=1, max_iter=100, random_state=seed).fit(wv).labels_
                np.save(f, lab)
                print(f"   (kmeans K={K} seed={seed}: {time.time()-t:.0f}s)", flush=True)
            feats = [tool[i] | {f"cluster:{lab[widx[w]]}" for w in kw[i] if w in widx} for i in range(len(texts))]
            report(f"4a tool + cluster K={K} seed={seed}", cv(feats, C=1.0), res)

if "4b" in which:
    mean = np.zeros((len(texts), wv.shape[1]), np.float32)
    for i, k in enumerate(kw):
        ids = [widx[w] for w in k if w in widx]
        if ids:
            mean[i] = wv[ids].mean(0)
    for dim in (16, 32, 64):
        pca = PCA(n_components=dim, random_state=0).fit(wv)  # vocabulary only, no labels
        Z = pca.transform(mean)
        Z[~mean.any(1)] = 0
        Z /= np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-9)
        for s in (0.5, 1, 2):
            report(f"4b tool + {s}*PCA{dim}(mean word vec)", cv(tool, dense=s * Z, C=1.0), res)
    # reference: the full 384-d mean word vector, L2-normalised, no PCA
    M = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-9)
    for s in (1,):
        report(f"4b-ref tool + {s}*mean word vec 384d", cv(tool, dense=s * M, C=1.0), res)

out = D / f"results_{'_'.join(sorted(which))}.json"
out.write_text(json.dumps(res, indent=1))
