#!/usr/bin/env python3
"""Lists candidate articles for judging one query of judged-queries.tsv.

Usage: candidates.py NEWS_DIR 'REGEX' [--min N]

REGEX is a case-insensitive Python regular expression written by the judge to cover the
topic (inflected forms, synonyms). For every article it counts matches in the title and
in the body, and prints the articles with a title match or at least N body matches
(default 2), most matches first, with the lead of the body, for a person to read and
grade. Neither search engine under test is used to find candidates.
"""

import glob
import json
import re
import sys


def main():
    news, pattern = sys.argv[1], re.compile(sys.argv[2], re.IGNORECASE)
    minimum = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 2
    rows = []
    for path in sorted(glob.glob(f"{news}/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                t = len(pattern.findall(doc["title"]))
                b = len(pattern.findall(doc["body"]))
                if t or b >= minimum:
                    rows.append((t, b, doc))
    rows.sort(key=lambda r: (-r[0], -r[1]))
    for t, b, doc in rows:
        lead = " ".join(doc["body"].split())[:220]
        print(f"{doc['id']}\tT{t} B{b}\t{doc['title']}\n    {lead}")
    print(f"# {len(rows)} candidates", file=sys.stderr)


if __name__ == "__main__":
    main()
