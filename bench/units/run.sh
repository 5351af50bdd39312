#!/usr/bin/env bash
# Unit search under 50 concurrent connections on loopback, and the server's
# memory with the whole network loaded. Needs wrk (Debian package `wrk`).
#   bench/units/run.sh [DURATION]        e.g. bench/units/run.sh 30s
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
# SINERGI_BIN measures another build (e.g. the commit before a change).
if [ -z "${SINERGI_BIN:-}" ]; then cargo build --release -p sinergi -q; fi
bin="${SINERGI_BIN:-${CARGO_TARGET_DIR:-target}/release/sinergi}"
data="$(mktemp -d)"
port=18181
"$bin" demo --data-dir "$data" --listen "127.0.0.1:$port" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/api/v1/stats/units"; echo
memory() {
  # Resident memory split into anonymous (heap, caches) and file-backed pages
  # (the SQLite file and the search index, mapped), largest mappings first.
  grep -E 'VmRSS|VmHWM|RssAnon|RssFile' "/proc/$pid/status" | tr -s ' \t' ' ' | paste -sd' '
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{rss[name==""?"[anon]":name]+=$2}
       END{for (n in rss) if (rss[n] >= 1024) printf "  %7.1f MB %s\n", rss[n]/1024, n}' \
    "/proc/$pid/smaps" | sort -rn | head -8
}
echo "memory after start:"; memory
wrk -t2 -c50 -d5s -s bench/units/search.lua "http://127.0.0.1:$port" > /dev/null   # warm-up
wrk -t2 -c50 -d"$duration" --latency -s bench/units/search.lua "http://127.0.0.1:$port"
echo "memory after load:"; memory
