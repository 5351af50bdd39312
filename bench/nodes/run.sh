#!/usr/bin/env bash
# Three `sinergi serve` nodes on loopback against one PostgreSQL database
# holding the demo's scenario, under load from oha (fixed rate, latency
# corrected): public pages and search spread over the three nodes while a
# writer drafts, approves and releases through the API (each release
# e-mailed to the demo's subscribers through a real SMTP server on
# loopback). Midway, node 3 is killed with kill -9. Afterwards: every write
# a node acknowledged is in the database, the outbox drained with every
# message delivered (duplicates counted), and the survivors' projections
# stand at the end of the change feed.
#
#   bench/nodes/run.sh [SECONDS] [RATE]     e.g. bench/nodes/run.sh 30 300
#
# Needs oha (`cargo install --locked oha`), PostgreSQL at 127.0.0.1:5432
# (trust auth; set PGURL to use another) and python3 with aiosmtpd.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
rate="${2:-300}"
command -v oha >/dev/null || cargo install --locked oha
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet 'aiosmtpd==1.4.6'
# SINERGI_BIN measures another build (e.g. the commit before a change).
if [ -z "${SINERGI_BIN:-}" ]; then cargo build --release -p sinergi -q; fi
bin="${SINERGI_BIN:-${CARGO_TARGET_DIR:-target}/release/sinergi}"
work="$(mktemp -d)"
pgbase="${PGURL:-postgres://postgres@127.0.0.1:5432}"
db="sinergi_nodes_$$"
psql -q "$pgbase/test" -c "CREATE DATABASE $db"
url="$pgbase/$db"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$pgbase/test" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "seeding the demo's scenario into PostgreSQL"
token=$("$bin" bench seed --database "$url" | tail -1)

smtp_port=$(free_port)
# The sink runs until its standard input closes: a FIFO this script holds
# open (a background job's stdin is /dev/null, which would stop it at once
# and leave every e-mail unsent).
mkfifo "$work/sink.in"
python3 crates/sinergi-mail/tests/it/smtp_sink.py "$smtp_port" "$work/mail" < "$work/sink.in" > "$work/sink.out" &
pids+=($!)
exec 3> "$work/sink.in"
for _ in $(seq 50); do grep -q READY "$work/sink.out" 2>/dev/null && break; sleep 0.1; done

ports=()
node_pids=()
for i in 1 2 3; do
  port=$(free_port)
  SINERGI_SMTP_URL="smtp://127.0.0.1:$smtp_port" SINERGI_LEASE_TTL_SECS=5 \
    SINERGI_OUTBOX_LEASE_SECS=10 SINERGI_MONITOR_POLL=false SINERGI_LOG=warn \
    "$bin" serve --database "$url" --data-dir "$work/node$i" --listen "127.0.0.1:$port" \
    > "$work/node$i.log" 2>&1 &
  pids+=($!); node_pids+=($!); ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
done
# A new node is ready at once and fills its search index meanwhile (three
# fills of the demo's 95,000 documents at once on this machine); the load
# measures the nodes after that, and the fill time is reported apart.
start=$(date +%s)
for port in "${ports[@]}"; do
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"current"' && break; sleep 1
  done
done
echo "nodes on ports ${ports[*]}; search indexes current after $(( $(date +%s) - start )) s"

# What readers ask for: the home page, press rooms, releases, search, feeds.
base1="http://127.0.0.1:${ports[0]}"
release=$(curl -sf "$base1/sitemaps/releases-0.xml" | grep -o '<loc>[^<]*</loc>' | sed -n 1p | sed -e 's/<loc>//' -e 's/<\/loc>//' -e "s#^https\?://[^/]*##" || true)
paths=(/ /press/51 /press/51.71 /search?q=pelayanan+publik /search?q=humas /api/v1/units?q=denpasar
       /feeds/unit/51.71.rss /campaigns /kinerja "$release")
for i in 0 1 2; do
  : > "$work/urls$i.txt"
  for p in "${paths[@]}"; do echo "http://127.0.0.1:${ports[$i]}$p" >> "$work/urls$i.txt"; done
done

echo "load: ${seconds} s at ${rate} req/s per node, writer on every node; node 3 killed at $((seconds / 2)) s"
oha_pids=()
for i in 0 1 2; do
  oha -z "${seconds}s" -q "$rate" --latency-correction -c 32 --no-tui --output-format json \
    --urls-from-file "$work/urls$i.txt" > "$work/oha$i.json" 2>"$work/oha$i.err" &
  pids+=($!); oha_pids+=($!)
done
python3 bench/nodes/writer.py "$token" "$seconds" "$work/acks" \
  "http://127.0.0.1:${ports[2]}" "$base1" "http://127.0.0.1:${ports[1]}" 2> "$work/writer.err" &
writer=$!
sleep $((seconds / 2))
kill -9 "${node_pids[2]}"
echo "node 3 killed"
wait "$writer"
cat "$work/writer.err"
for p in "${oha_pids[@]}"; do wait "$p" || true; done
sleep 1

echo
echo "node  requests/s  p50 ms  p99 ms  success"
for i in 0 1 2; do
  python3 - "$work/oha$i.json" "$((i + 1))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, lat = r["summary"], r["latencyPercentiles"]
print(f'{sys.argv[2]:>4}  {s["requestsPerSec"]:10.0f}  {lat["p50"]*1000:6.1f}  {lat["p99"]*1000:6.1f}  {s["successRate"]*100:6.1f} %')
PY
done

# After: the outbox drains on the survivors.
for _ in $(seq 120); do
  left=$(psql -tAq "$url" -c "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND next_attempt_at < 9223372036854775807")
  [ "$left" = 0 ] && break; sleep 1
done
python3 - "$url" "$work/acks" "$work/mail" <<'PY'
import glob, json, subprocess, sys
url, acks, mail = sys.argv[1:4]
def sql(q):
    return subprocess.run(["psql", "-tAq", url, "-c", q], capture_output=True, text=True, check=True).stdout.split()
steps = [l.split() for l in open(acks)]
state = {}
for line in subprocess.run(["psql", "-tAq", "-F", " ", url, "-c", "SELECT id, state FROM releases"], capture_output=True, text=True, check=True).stdout.splitlines():
    rid, st = line.split()
    state[rid] = st
need = {"created": {"draft", "in_review", "approved", "released"}, "submit": {"in_review", "approved", "released"},
        "approve": {"approved", "released"}, "release": {"released"}}
lost = [(op, rid) for op, rid in steps if state.get(rid) not in need[op]]
published = sum(1 for op, _ in steps if op == "release")
keys = sql("SELECT idempotency_key FROM outbox WHERE sent_at IS NOT NULL")
pending = int(sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")[0])
ids = [json.load(open(f))["message_id"] for f in glob.glob(mail + "/*.json")]
head = int(sql("SELECT COALESCE(MAX(seq), 0) FROM changes")[0])
kinerja = sql("SELECT seq FROM kinerja_projection WHERE name = 'daily'")
campaigns = sql("SELECT seq FROM campaign_projection WHERE name = 'status'")
print(f"writes acknowledged: {len(steps)} steps, {published} releases published; lost: {len(lost)}")
print(f"e-mails: {len(keys)} sent, {pending} not sent; delivered {len(ids)}, distinct {len(set(ids))}, duplicates {len(ids) - len(set(ids))}")
print(f"projections: change feed at {head}; kinerja at {kinerja}; campaigns at {campaigns}")
if lost: print("LOST:", lost[:10]); sys.exit(1)
PY
for i in 0 1; do
  echo "node $((i + 1)) /readyz: $(curl -s "http://127.0.0.1:${ports[$i]}/readyz")"
done
