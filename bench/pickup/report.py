#!/usr/bin/env python3
"""One line per set: Sinergi's quality and speed beside datasketch's (same set, same run;
medians of three timed runs each)."""
import json
import re
import sys

name, d = sys.argv[1], sys.argv[2]
s = json.load(open(f"{d}/sinergi.score.json"))
errs = [open(f"{d}/sinergi.err.{run}").read() for run in (1, 2, 3)]


def median(pat, cast=float):
    values = sorted(cast(re.search(pat, e).group(1)) for e in errs)
    return values[len(values) // 2]


ours = {
    "releases_per_s": median(r"\(([\d.]+) releases/s"),
    "articles_per_s": median(r"\(([\d.]+) articles/s"),
    "fingerprints": median(r"releases/s, (\d+) fingerprints", int),
    "peak_mib": median(r"peak memory ([\d.]+) MiB"),
}
base = {}
for m in ("lsh", "ensemble"):
    r = json.load(open(f"{d}/{m}.json"))
    base[m] = {
        "query_docs_per_s": r["query_docs_per_s"],
        "build_docs_per_s": r["build_docs_per_s"],
        "recall": r["after_verification"]["recall"],
        "precision": r["after_verification"]["precision_pairs"],
    }
print(json.dumps({
    "set": name,
    "sinergi_credited": s["credited"],
    "sinergi_with_review": s["credited_or_review"],
    "sinergi_speed": ours,
    "datasketch": base,
    "speedup_vs_lsh": round(ours["articles_per_s"] / base["lsh"]["query_docs_per_s"], 1),
    "speedup_vs_ensemble": round(ours["articles_per_s"] / base["ensemble"]["query_docs_per_s"], 1),
}))
