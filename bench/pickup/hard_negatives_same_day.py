#!/usr/bin/env python3
"""Rebuilds `hard_negatives_same_day.jsonl` from the shared news corpus (see HARD_NEGATIVES.md).

    python3 bench/pickup/hard_negatives_same_day.py [NEWS_DIR]

Candidates: every pair of articles from different outlets published within a day of each
other, on the same topic (TF-IDF cosine of title + body >= 0.35, words in fewer than 30 % of
the documents), not already in crates/sinergi-monitor/tests/data/hard_negatives.jsonl.
Kept: cosine >= 0.45 and at most 45 % of the shorter text's word 5-grams shared, each article
in one pair only, best cosine first. The labels are the hand check's (HAND_LABELS below):
every pair's titles, leads and longest shared word runs were read.
"""
import collections, datetime, json, math, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared/data/news")
EXISTING = os.path.join(HERE, "../../crates/sinergi-monitor/tests/data/hard_negatives.jsonl")
OUT = os.path.join(HERE, "hard_negatives_same_day.jsonl")
# Pairs (by their number in the selection) read as carrying one statement at length:
# a press statement, a spokesperson's or an official's quotes of two sentences or more,
# a list of figures or addresses, in both. Every other pair is two independent reports.
HAND_LABELS_SHARED = {0, 1, 2, 3, 5, 7, 8, 11, 15, 18, 19, 20, 21, 22, 32, 33, 37, 38, 41, 47, 60}
docs=[]
for f in ["indosum_articles.jsonl","clickid_articles.jsonl"]:
    for l in open(os.path.join(NEWS, f)):
        d=json.loads(l); docs.append(d)
existing=set()
for l in open(EXISTING):
    p=json.loads(l); existing.add(frozenset((p["release"]["id"],p["article"]["id"])))
def words(t): return re.findall(r"\w+", t.lower())
W=[words(d["title"]+" "+d["body"]) for d in docs]
df=collections.Counter()
for w in W: df.update(set(w))
N=len(docs)
vec=[]
for w in W:
    tf=collections.Counter(w); v={k:(1+math.log(c))*math.log(N/df[k]) for k,c in tf.items() if df[k]<N*0.3}
    n=math.sqrt(sum(x*x for x in v.values())) or 1
    vec.append({k:x/n for k,x in v.items()})
bydate=collections.defaultdict(list)
for i,d in enumerate(docs):
    if d["date"]: bydate[d["date"]].append(i)
import datetime
def ngrams(w,n): return set(tuple(w[i:i+n]) for i in range(len(w)-n+1))
cands=[]
dates=sorted(bydate)
for dt in dates:
    d0=datetime.date.fromisoformat(dt)
    near=[]
    for k in range(-1,2):
        near+=bydate.get(str(d0+datetime.timedelta(days=k)),[])
    for i in bydate[dt]:
        for j in near:
            if j<=i: continue
            if docs[i]["source"]==docs[j]["source"]: continue
            a,b=vec[i],vec[j]
            if len(a)>len(b): a,b=b,a
            cos=sum(x*b.get(k,0) for k,x in a.items())
            if cos<0.35: continue
            if frozenset((docs[i]["id"],docs[j]["id"])) in existing: continue
            g5i,g5j=ngrams(W[i],5),ngrams(W[j],5)
            sh5=len(g5i&g5j)/max(1,min(len(g5i),len(g5j)))
            cands.append((cos,sh5,i,j))
cands.sort(reverse=True)
def runs(wa, wb, minlen=6):
    idx = {}
    for i in range(len(wb) - minlen + 1):
        idx.setdefault(tuple(wb[i:i + minlen]), []).append(i)
    out, i = [], 0
    while i <= len(wa) - minlen:
        best = 0
        for j in idx.get(tuple(wa[i:i + minlen]), []):
            k = 0
            while i + k < len(wa) and j + k < len(wb) and wa[i + k] == wb[j + k]:
                k += 1
            best = max(best, k)
        if best:
            out.append(best)
            i += best
        else:
            i += 1
    return sorted(out, reverse=True)
sel, used = [], set()
for cos, sh, i, j in cands:
    if cos < 0.45 or sh > 0.45 or i in used or j in used:
        continue
    used |= {i, j}
    sel.append((cos, sh, i, j))
def doc(d):
    return {k: d[k] for k in ("id", "source", "url", "date", "title")} | {"text": d["body"]}
with open(OUT, "w", encoding="utf-8") as out:
    for n, (cos, sh, i, j) in enumerate(sel):
        label = "shared_statement" if n in HAND_LABELS_SHARED else "independent"
        out.write(json.dumps({"pair": n, "label": label, "topic_cosine": round(cos, 3),
            "shared_word_5grams": round(sh, 3), "shared_runs_words": runs(words(docs[i]["body"]), words(docs[j]["body"]))[:5],
            "release": doc(docs[i]), "article": doc(docs[j])}, ensure_ascii=False) + "\n")
print(f"{len(sel)} pairs, {len(HAND_LABELS_SHARED)} shared_statement", file=sys.stderr)
