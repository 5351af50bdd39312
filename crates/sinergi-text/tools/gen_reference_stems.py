#!/usr/bin/env python3
"""Generate data/sastrawi/news-word-stems.tsv.gz: reference stems from pysastrawi 1.2.1.

Every distinct word of the news corpus (title and body of each JSONL record) is stemmed
with pysastrawi's *uncached* Stemmer and the bundled dictionary, and written as
`word<TAB>stem` lines, sorted by word (byte order of the UTF-8 text), gzip level 9
without a timestamp (`gzip -n -9` equivalent), so the output is reproducible.

Tokenisation = what Sastrawi's `Stemmer.stem(text)` does before stemming each word:
`TextNormalizer.normalize_text(text)` (lower-case, every character other than
`a-z 0-9 space -` becomes a space, runs of spaces collapse, strip), then `split(' ')`.
Empty strings (from an empty text) are skipped. Words therefore contain only
`a-z`, digits and hyphens (plus, in principle, `ı`/`ſ`, which Python's case-insensitive
`[a-z]` lets through; none occur in the corpus).

Usage:
    pip install pysastrawi==1.2.1
    python3 crates/sinergi-text/tools/gen_reference_stems.py \
        /work/shared/data/news/*.jsonl -o data/sastrawi/news-word-stems.tsv.gz
    # only measure pysastrawi's speed (uncached) on the same word list:
    python3 crates/sinergi-text/tools/gen_reference_stems.py --bench /work/shared/data/news/*.jsonl
"""

import argparse
import gzip
import io
import json
import sys
import time

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Filter import TextNormalizer
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory


def distinct_words(paths):
    words = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                for field in ("title", "body"):
                    text = record.get(field) or ""
                    for word in TextNormalizer.normalize_text(text).split(" "):
                        if word:
                            words.add(word)
    return sorted(words, key=lambda w: w.encode("utf-8"))


def uncached_stemmer():
    # StemmerFactory().create_stemmer() wraps the Stemmer in a CachedStemmer; build the
    # plain Stemmer with the same bundled dictionary instead.
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("jsonl", nargs="+")
    parser.add_argument("-o", "--output")
    parser.add_argument("--bench", action="store_true", help="measure words/s, write nothing")
    args = parser.parse_args()

    words = distinct_words(args.jsonl)
    stemmer = uncached_stemmer()

    start = time.perf_counter()
    stems = [stemmer.stem_word(word) for word in words]
    elapsed = time.perf_counter() - start
    print(
        f"pysastrawi (uncached): {len(words)} words in {elapsed:.3f} s = "
        f"{len(words) / elapsed:,.0f} words/s",
        file=sys.stderr,
    )
    if args.bench:
        return
    if not args.output:
        parser.error("--output is required unless --bench")

    text = "".join(f"{w}\t{s}\n" for w, s in zip(words, stems))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    with open(args.output, "wb") as f:
        f.write(buf.getvalue())
    changed = sum(1 for w, s in zip(words, stems) if w != s)
    print(f"wrote {args.output}: {len(words)} words, {changed} with a different stem", file=sys.stderr)


if __name__ == "__main__":
    main()
