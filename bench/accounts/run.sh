#!/usr/bin/env bash
# Authorised listings under load: the members and audit listings of the
# Bali province admin (a subtree scope over the whole ~92,000-unit tree),
# with a bearer token, 50 connections on loopback. Needs wrk.
#   bench/accounts/run.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20s}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p sinergi -q
bin="${CARGO_TARGET_DIR:-target}/release/sinergi"
data="$(mktemp -d)"
port=18282
base="http://127.0.0.1:$port"
"$bin" demo --data-dir "$data" --listen "127.0.0.1:$port" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 120); do curl -sf "$base/readyz" >/dev/null && break; sleep 1; done
jar="$data/cookies"
# Sign in through the form, then mint a token through the account page.
csrf=$(curl -s -c "$jar" "$base/sign-in" | grep -o 'name="csrf" value="[^"]*"' | sed -n 1p | cut -d'"' -f4)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=humas@baliprov.demo" \
  --data-urlencode "password=sinergi-demo-2026" --data-urlencode "csrf=$csrf" "$base/sign-in"
csrf=$(curl -s -b "$jar" "$base/account" | grep -o 'name="csrf" value="[^"]*"' | sed -n 1p | cut -d'"' -f4)
token=$(curl -s -b "$jar" --data-urlencode "name=bench" --data-urlencode "right=read_internal" \
  --data-urlencode "right=read_audit" --data-urlencode "csrf=$csrf" "$base/account/tokens" | grep -o 'snrg_[A-Za-z0-9_-]*' | sed -n 1p)
[ -n "$token" ] || { echo "no token"; exit 1; }
for path in "/api/v1/members" "/api/v1/members?unit=51.71" "/api/v1/audit?limit=50"; do
  echo "== GET $path"
  wrk -t2 -c50 -d5s -H "Authorization: Bearer $token" "$base$path" > /dev/null
  wrk -t2 -c50 -d"$duration" --latency -H "Authorization: Bearer $token" "$base$path" | grep -E 'Requests/sec|50%|99%|Non-2xx'
done
echo "RSS: $(grep VmRSS /proc/$pid/status)"
