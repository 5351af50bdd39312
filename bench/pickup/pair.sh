#!/usr/bin/env bash
# Paired speed runs against datasketch's MinHashLSH on one set, as in README.md: each round
# runs `sinergi monitor eval` of every binary given, then MinHashLSH (--repeat 1), all on
# one core, and prints each binary's articles/s, LSH's query/s and the ratios; the medians
# at the end. Run it with nothing else on the machine.
#
#   bench/pickup/pair.sh SET_DIR ROUNDS BIN [BIN ...]
#   bench/pickup/pair.sh /tmp/pickup-eval/s21 10 /tmp/sinergi-before target/release/sinergi
#
# SET_DIR is a set written by run.sh (or the generator's --dump). Environment: SHARED
# (default ../shared beside the repository), VENV (default /tmp/ds, with datasketch 2.0.0
# as run.sh installs it), CORE (default 1).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../../shared}
GEN="$SHARED/bench/pickup/pickup_minhash_bench.py"
PY="${VENV:-/tmp/ds}/bin/python"
CORE=${CORE:-1}
dir=$1 rounds=$2
shift 2
for _ in $(seq "$rounds"); do
    line=""
    for bin in "$@"; do
        rate=$(taskset -c "$CORE" "$bin" monitor eval --releases "$dir/releases.jsonl" \
            --articles "$dir/articles.jsonl" 2>&1 >/dev/null | sed -E 's/.*\(([0-9]+) articles\/s\).*/\1/')
        line="$line $rate"
    done
    lsh=$(taskset -c "$CORE" "$PY" "$GEN" --load "$dir" --releases 1000000 --articles 1000000 \
        --method lsh --threshold 0.5 --containment 0.2 --repeat 1 2>/dev/null |
        "$PY" -c 'import json, sys; print(json.load(sys.stdin)["query_docs_per_s"])')
    echo "$line $lsh"
done | "$PY" -c '
import statistics, sys
rows = [[float(x) for x in l.split()] for l in sys.stdin if l.strip()]
for r in rows:
    print(" ".join(f"{a:.0f} ({a / r[-1]:.1f}x)" for a in r[:-1]), f"lsh {r[-1]:.0f}")
for i in range(len(rows[0]) - 1):
    ratios = [r[i] / r[-1] for r in rows]
    print(f"binary {i + 1}: median {statistics.median(r[i] for r in rows):.0f} articles/s, "
          f"ratio median {statistics.median(ratios):.1f}x (from {min(ratios):.1f} to {max(ratios):.1f})")
'
