#!/usr/bin/env python3
"""Replays the matcher's score with other weights and divisors, on the evidence that
`cargo run --release -p sinergi-monitor --example speech_features` dumps (one JSON line per
verified candidate, each passage's terms coded: speech class in the article x 3 + class in
the release, 0 narrative / 1 attributed / 2 quoted, + 9 for a name or figure).

    EX=$CARGO_TARGET_DIR/release/examples/speech_features
    $EX pairs bench/pickup/hard_negatives_same_day.jsonl > /tmp/sd.jsonl
    $EX pairs crates/sinergi-monitor/tests/data/hard_negatives.jsonl > /tmp/hn.jsonl
    $EX /tmp/pickup-eval/s7/releases.jsonl /tmp/pickup-eval/s7/articles.jsonl > /tmp/gen7.jsonl
    bench/pickup/tune_weights.py --same-day /tmp/sd.jsonl --hard /tmp/hn.jsonl \
        --generated /tmp/gen7.jsonl --quoted 0.75 --name 0.5 --attributed 1 --long 21

Prints, for each file, what the matcher would credit with those settings: same-day
independent and shared-statement pairs credited, hard negatives credited, and recall,
precision and false pairs of credited matches on each generated set (a generated set's
articles carry `release_id`; the derived half is counted for recall).
"""
import argparse
import json
from collections import defaultdict


def load(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def weights(quoted, attributed, name):
    w = []
    for code in range(18):
        a, r = divmod(code % 9, 3)
        x = quoted if (a == 2 and r == 2) else (attributed if (a >= 1 and r >= 1) else 1.0)
        w.append(x * (name if code >= 9 else 1.0))
    return w


def score(m, w, args):
    long_terms, heaviest = 0.0, 0.0
    for p in m["p"]:
        weighed = sum(w[c] for c in p["k"])
        if len(p["k"]) >= args.long_passage:
            long_terms += weighed
        heaviest = max(heaviest, weighed)
    shorter = max(1, min(m["at"], m["rt"]))
    e = min(long_terms / args.long, long_terms / shorter / args.share, heaviest / args.longest)
    return max(0.0, min(1.0, e))


def credited(rows, w, args):
    """The credited matches, as `decide` in lib.rs: best first, then others whose passages
    are mostly other article text."""
    by = defaultdict(list)
    for m in rows:
        m["s"] = score(m, w, args)
        by[json.dumps(m["article_id"])].append(m)
    out = []
    for ms in by.values():
        claimed = set()
        for m in sorted(ms, key=lambda m: -m["s"]):
            if m["s"] < args.credit:
                continue
            terms = [t for p in m["p"] for t in range(p["a"], p["a"] + p["len"])]
            if 2 * sum(t not in claimed for t in terms) > len(terms):
                out.append(m)
                claimed.update(terms)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--same-day")
    ap.add_argument("--hard")
    ap.add_argument("--generated", nargs="*", default=[])
    ap.add_argument("--derived", type=int, default=650, help="derived articles per generated set")
    ap.add_argument("--quoted", type=float, default=0.75)
    ap.add_argument("--attributed", type=float, default=1.0)
    ap.add_argument("--name", type=float, default=0.5)
    ap.add_argument("--long", type=float, default=21.0, help="weighed long terms for full evidence")
    ap.add_argument("--share", type=float, default=0.17)
    ap.add_argument("--longest", type=float, default=16.0)
    ap.add_argument("--long-passage", type=int, default=6)
    ap.add_argument("--credit", type=float, default=0.5)
    args = ap.parse_args()
    w = weights(args.quoted, args.attributed, args.name)
    if args.same_day:
        cr = credited(load(args.same_day), w, args)
        ind = sum(m["true_release"]["label"] != "shared_statement" for m in cr)
        shared = len(cr) - ind
        print(json.dumps({"same_day_independent_credited": ind, "shared_statement_credited": shared,
                          "precision": round(shared / max(1, len(cr)), 3)}))
    if args.hard:
        print(json.dumps({"hard_negatives_credited": len(credited(load(args.hard), w, args))}))
    for path in args.generated:
        cr = credited(load(path), w, args)
        tp = sum(m["true_release"] is not None and m["release_id"] == m["true_release"] for m in cr)
        print(json.dumps({"set": path, "recall": round(tp / args.derived, 3),
                          "precision": round(tp / max(1, len(cr)), 3), "false_pairs": len(cr) - tp}))


if __name__ == "__main__":
    main()
