#!/usr/bin/env python3
"""Scores `sinergi monitor eval` output against a labelled pickup set.

    score.py SET_DIR MATCHES.jsonl [--explain-out FILE]

SET_DIR holds articles.jsonl with `release_id` (null when the article is unrelated), as
written by pickup_minhash_bench.py --dump. Prints one JSON object: recall and precision
of credited matches, of credited + review, and the grey zone's size. A true pair is
(article, its release_id); every other emitted pair is a false one.
"""
import json
import sys


def main():
    set_dir, matches_path = sys.argv[1], sys.argv[2]
    truth = {}
    derived = 0
    for line in open(f"{set_dir}/articles.jsonl", encoding="utf-8"):
        a = json.loads(line)
        truth[a["id"]] = a.get("release_id")
        derived += a.get("release_id") is not None
    credited, review = [], []
    for line in open(matches_path, encoding="utf-8"):
        m = json.loads(line)
        (credited if m["decision"] == "credited" else review).append(m)

    def pr(pairs):
        good = {(m["article_id"], m["release_id"]) for m in pairs if truth.get(m["article_id"]) == m["release_id"]}
        return {
            "recall": round(len(good) / derived, 4) if derived else None,
            "precision": round(len(good) / len(pairs), 4) if pairs else None,
            "pairs": len(pairs),
            "false_pairs": len(pairs) - len(good),
        }

    out = {
        "derived_articles": derived,
        "articles": len(truth),
        "credited": pr(credited),
        "credited_or_review": pr(credited + review),
        "review_pairs": len(review),
        "review_true": sum(1 for m in review if truth.get(m["article_id"]) == m["release_id"]),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
