"""Learning curve: random 10-fold splits by organisation; the training organisations are subsampled to
25/50/75/100%; fixed C; pooled accuracy averaged over repeats."""
import sys
import numpy as np
from common import *
from exp4 import fitpred

spec, C = sys.argv[1], float(sys.argv[2])
groups, model = spec.split(":")[:2]
o = dict(mindf=1, wt="none", xs=1.0, cw=False)
D = feats(groups)
orgs = np.array(sorted(set(G)))
res = {p: [] for p in (0.25, 0.5, 0.75, 1.0)}
for rep in range(5):
    rng = np.random.default_rng(rep)
    perm = rng.permutation(orgs)
    folds = np.array_split(perm, 10)
    for p in res:
        pred = np.zeros(len(Y), int)
        for k, f in enumerate(folds):
            te = np.where(np.isin(G, f))[0]
            train_orgs = np.concatenate([folds[j] for j in range(10) if j != k])
            keep = rng.permutation(train_orgs)[: max(2, int(round(p * len(train_orgs))))]
            tr = np.where(np.isin(G, keep))[0]
            pred[te] = fitpred(model, C, D, tr, te, o)
        res[p].append(summary(pred))
for p, rs in res.items():
    m = {k: np.mean([r[k] for r in rs]) for k in rs[0]}
    sd = {k: np.std([r[k] for r in rs]) for k in rs[0]}
    ntr = int(round(p * 0.9 * len(orgs)))
    print(f"{spec} C={C} {int(p*100)}% (~{ntr} orgs, ~{int(p*0.9*len(Y))} items): " +
          " ".join(f"{k} {m[k]:.3f}±{sd[k]:.3f}" for k in m), flush=True)
