#!/usr/bin/env bash
# Pickup detection, measured reproducibly: makes labelled sets with the shared generator,
# runs `sinergi monitor eval` and the datasketch baselines on the same sets in the same run,
# each pinned to one core, and scores them. See README.md for the figures.
#
#   bench/pickup/run.sh                 # seeds 7 11 13 21 (500 x 1,300, IndoSum) and 42 (2,000 x 5,000, both corpora)
#   SEEDS="21" BIG_SEED= bench/pickup/run.sh
#
# Environment: SHARED (default ../shared beside the repository), OUT (default
# /tmp/pickup-eval), VENV (a Python venv; datasketch 2.0.0 is installed into it when
# missing), CORE (default 1), CARGO_TARGET_DIR.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
OUT=${OUT:-/tmp/pickup-eval}
VENV=${VENV:-/tmp/ds}
CORE=${CORE:-1}
SEEDS=${SEEDS:-"7 11 13 21"}
BIG_SEED=${BIG_SEED-42}
GEN="$SHARED/bench/pickup/pickup_minhash_bench.py"
NEWS="$SHARED/data/news"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN="$TARGET/release/sinergi"

mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import datasketch' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q datasketch==2.0.0
fi
PY="$VENV/bin/python"
(cd "$ROOT" && cargo build --release -p sinergi)

# Both corpora in one file, for the bigger set (indosum alone has 2,770 articles).
cat "$NEWS/indosum_articles.jsonl" "$NEWS/clickid_articles.jsonl" > "$OUT/all_news.jsonl"

run_set() { # name corpus releases articles seed
    local name=$1 corpus=$2 nrel=$3 nart=$4 seed=$5 dir="$OUT/$1"
    if [ ! -f "$dir/articles.jsonl" ]; then
        "$PY" "$GEN" --corpus "$corpus" --text-field body --releases "$nrel" --articles "$nart" \
            --unrelated-frac 0.5 --seed "$seed" --dump "$dir" --method winnow >/dev/null 2>&1
    fi
    # Three timed runs, as datasketch's --repeat 3; report.py takes the medians.
    for run in 1 2 3; do
        taskset -c "$CORE" "$BIN" monitor eval --releases "$dir/releases.jsonl" \
            --articles "$dir/articles.jsonl" > "$dir/sinergi.jsonl" 2> "$dir/sinergi.err.$run"
    done
    "$PY" "$HERE/score.py" "$dir" "$dir/sinergi.jsonl" > "$dir/sinergi.score.json"
    for method in lsh ensemble; do
        taskset -c "$CORE" "$PY" "$GEN" --load "$dir" --releases 1000000 --articles 1000000 \
            --method "$method" --threshold 0.5 --containment 0.2 --repeat 3 \
            > "$dir/$method.json" 2> "$dir/$method.err"
    done
    "$PY" "$HERE/report.py" "$name" "$dir"
}

for seed in $SEEDS; do
    run_set "s$seed" "$NEWS/indosum_articles.jsonl" 500 1300 "$seed"
done
if [ -n "$BIG_SEED" ]; then
    run_set "big$BIG_SEED" "$OUT/all_news.jsonl" 2000 5000 "$BIG_SEED"
fi

# Hard negatives: two outlets writing independently on the same event.
HN="$ROOT/crates/sinergi-monitor/tests/data/hard_negatives.jsonl"
"$PY" - "$HN" "$OUT/hard" <<'PYEOF'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rel, art, seen = [], [], set()
for line in open(src, encoding="utf-8"):
    p = json.loads(line)
    for side, bucket in (("release", rel), ("article", art)):
        d = p[side]
        if (side, d["id"]) not in seen:
            seen.add((side, d["id"]))
            bucket.append({"id": d["id"], "title": d["title"], "text": d["text"]})
with open(f"{out}/releases.jsonl", "w") as f:
    f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rel)
with open(f"{out}/articles.jsonl", "w") as f:
    f.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in art)
PYEOF
"$BIN" monitor eval --releases "$OUT/hard/releases.jsonl" --articles "$OUT/hard/articles.jsonl" \
    > "$OUT/hard/sinergi.jsonl" 2> "$OUT/hard/sinergi.err"
"$PY" - "$HN" "$OUT/hard/sinergi.jsonl" <<'PYEOF'
import json, sys
pairs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
same_event = {(p["article"]["id"], p["release"]["id"]) for p in pairs}
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
credited = [m for m in out if m["decision"] == "credited"]
review = [m for m in out if m["decision"] == "review"]
print(json.dumps({
    "hard_negative_pairs": len(pairs),
    "credited_any": len(credited),
    "credited_same_event_pairs": sum((m["article_id"], m["release_id"]) in same_event for m in credited),
    "review_any": len(review),
    "precision_on_hard_negatives": 1.0 if not credited else 0.0,
}))
PYEOF
