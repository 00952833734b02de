"""Paired comparison with the baseline: rows each variant gets right that the baseline gets wrong (b) and vice versa (c),
with an exact two-sided McNemar (binomial) p-value."""
import numpy as np
from pathlib import Path
from scipy.stats import binomtest
from sklearn.decomposition import PCA
from common import texts, y, lang, kr_words, cv
D = Path("/tmp/emb/data")
sent = np.load(D / "sent.npy"); words = (D / "words.txt").read_text().split(); wv = np.load(D / "wordvec.npy")
widx = {w: i for i, w in enumerate(words)}
tool = [lang.features(t) for t in texts]; kw = [kr_words(t) for t in texts]
base = cv(tool) == y
mean = np.array([wv[[widx[w] for w in k if w in widx]].mean(0) if any(w in widx for w in k) else np.zeros(384) for k in kw])
pca = PCA(n_components=64, random_state=0).fit(wv); Z = pca.transform(mean); Z[~mean.any(1)] = 0
Z /= np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-9)
lab = np.load(D / "km1000_s1.npy")
V = {"2 embedding only C=1": cv(dense=sent, C=1), "3 tool + 1*embedding": cv(tool, dense=sent),
     "3 tool + 2*embedding": cv(tool, dense=2 * sent), "4b tool + 1*PCA64": cv(tool, dense=Z),
     "4a tool + cluster K=1000 seed=1": cv([tool[i] | {f"cluster:{lab[widx[w]]}" for w in kw[i] if w in widx} for i in range(len(texts))])}
for k, p in V.items():
    ok = p == y; b = int(np.sum(ok & ~base)); c = int(np.sum(~ok & base))
    print(f"{k:34} fixes {b:3d} breaks {c:3d}  net {b-c:+d}  McNemar exact p={binomtest(b, b + c).pvalue:.3f}")
