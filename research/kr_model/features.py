"""Pure-Python feature extraction for KR wording (no numpy). Shared by training and scoring.

Feature groups (each a set of binary string features):
  W  word unigrams + bigrams over the cleaned text (NUM for numbers, % and currency kept, <s> start marker)
  R  rule-engine outputs: kind, measurable, from_to, binary, verb, leading-list flags, is_project
  F  first word / first two words (of the cleaned text) and first-word suffix shape
  C  character n-grams (3-5) within word boundaries
"""
import re
import sys

sys.path.insert(0, "/work/main")
from diagnose.krtext import KeyResultLanguage, _clean, _leading  # noqa: E402
from diagnose.settings import load_settings  # noqa: E402

_L = None


def language():
    global _L
    if _L is None:
        _L = KeyResultLanguage(load_settings().key_result_language)
    return _L


_TOK = re.compile(r"[a-z][a-z0-9'&+\-]*|\d[\d,.]*[kmx]?\b|[£$€%#]")


def tokens(text):
    out = []
    for t in _TOK.findall(text):
        if t[0].isdigit():
            out.append("NUM")
        else:
            out.append(t.strip("-'"))  # "self-serve" kept; stray hyphens trimmed
    return [t for t in out if t]


def clean(text):
    return _clean(text)


def word_feats(toks, bigrams=True):
    f = {"w=" + t for t in toks}
    if bigrams:
        seq = ["<s>"] + toks
        f.update("b=" + a + "_" + b for a, b in zip(seq, seq[1:]))
    return f


def first_feats(toks):
    f = set()
    if toks:
        f.add("f1=" + toks[0])
        w = toks[0]
        for suf in ("ed", "ing", "s", "ly", "ion"):
            if w.endswith(suf) and len(w) > len(suf) + 2:
                f.add("f1suf=" + suf)
    if len(toks) > 1:
        f.add("f2=" + toks[0] + "_" + toks[1])
    return f


def rule_feats(text):
    L = language()
    w = L.judge(text)
    c = _clean(text)
    f = {"r_kind=" + w.kind}
    if w.measurable:
        f.add("r_measurable")
    if w.from_to:
        f.add("r_from_to")
    if w.binary:
        f.add("r_binary")
    f.add("r_verb=" + (w.verb or "NONE"))
    if _leading(L._leading_activity, c):
        f.add("r_lead_activity")
    if _leading(L._leading_outcome, c):
        f.add("r_lead_outcome")
    if _leading(L._leading_neutral, c):
        f.add("r_lead_neutral")
    if not (_leading(L._leading_activity, c) or _leading(L._leading_outcome, c) or _leading(L._leading_neutral, c)):
        f.add("r_lead_none")
    if L.is_project(text):
        f.add("r_project")
    f.add("r_kind_meas=" + w.kind + str(w.measurable))
    return f


def char_feats(toks, lo=3, hi=5):
    f = set()
    for t in toks:
        s = "<" + t + ">"
        for n in range(lo, hi + 1):
            for i in range(len(s) - n + 1):
                f.add("c=" + s[i:i + n])
    return f


def featurize(text, groups="W"):
    c = clean(text)
    toks = tokens(c)
    f = set()
    if "W" in groups:
        f |= word_feats(toks, bigrams=True)
    if "U" in groups:  # unigrams only
        f |= word_feats(toks, bigrams=False)
    if "R" in groups:
        f |= rule_feats(text)
    if "F" in groups:
        f |= first_feats(toks)
    if "C" in groups:
        f |= char_feats(toks)
    return f


def stem(w):
    for suf in ("ing", "ed", "es", "s", "e"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def lex_feats(text):
    """The rule engine's predicates (word-list look-ups, patterns) without its final decision."""
    import diagnose.krtext as K
    L = language()
    c = _clean(text)
    g = K._grams(c)
    f = set()
    has_number = bool(K._NUMBER.search(c))
    has_metric = not L._metric_words.isdisjoint(g)
    from_to = bool(K._FROM_TO.search(c))
    thr = not K._THRESHOLD_WORDS.isdisjoint(g)
    checks = {
        "number": has_number, "metric": has_metric, "from_to": from_to, "threshold": thr,
        "measurable": from_to or (has_number and (has_metric or thr)),
        "lead_act": bool(_leading(L._leading_activity, c)), "lead_out": bool(_leading(L._leading_outcome, c)),
        "lead_neu": bool(_leading(L._leading_neutral, c)),
        "artefact": not L._artefact_nouns.isdisjoint(g), "work": not L._work_nouns.isdisjoint(g),
        "result_noun": not L._result_nouns.isdisjoint(g), "result_phrase": not L._result_phrases.isdisjoint(g),
        "deliv_noun": not L._deliverable_nouns.isdisjoint(g), "deliv_part": not L._deliverable_participles.isdisjoint(g),
        "first_deliv_part": c.split(" ", 1)[0] in L.settings.deliverable_participles,
        "state": not L._state_verbs.isdisjoint(g), "change": not L._change_phrases.isdisjoint(g),
        "change_form": not L._change_form_phrases.isdisjoint(g), "rate": not K._RATE_WORDS.isdisjoint(g),
        "statistic": bool(K._STATISTIC.match(c)), "none_of": bool(K._NONE_OF.match(c)),
        "ensure": bool(K._ENSURE.match(c)), "evidenced": bool(K._EVIDENCED.search(c)),
        "service": bool(K._SERVICE_LEVEL.search(c)) and "within" in c, "will": bool(K._WILL.search(c)),
        "lead_qty": bool(K._LEADING_QUANTITY.match(c)), "ongoing": bool(K._ONGOING.search(c)),
        "can": bool(K._CAN_BUILD.search(c)),
    }
    f.update("x_" + k for k, v in checks.items() if v)
    return f


_base_featurize = featurize


def featurize(text, groups="W"):  # noqa: F811
    f = _base_featurize(text, groups)
    if "X" in groups:
        f |= lex_feats(text)
    if "S" in groups:  # stemmed unigrams + bigrams
        toks = [stem(t) for t in tokens(clean(text))]
        f |= {"s" + k for k in word_feats(toks, bigrams=True)}
    if "K" in groups:  # only the rule's verdict
        f.add("r_kind=" + language().judge(text).kind)
    return f
