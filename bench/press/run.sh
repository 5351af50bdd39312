#!/usr/bin/env bash
# A release page and a unit feed from Sinergi's public cache against nginx
# serving the same bytes as static files, in the same run, 64 connections on
# loopback (wrk), plus a conditional request answered 304 by each.
# Needs wrk and nginx (Debian packages; installed when missing).
#   bench/press/run.sh [DURATION]        e.g. bench/press/run.sh 15s
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10s}"
conns=64
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light; }
cargo build --release -p sinergi -q
bin="${CARGO_TARGET_DIR:-target}/release/sinergi"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sport=$(free_port); nport=$(free_port)
"$bin" demo --data-dir "$work/data" --listen "127.0.0.1:$sport" > "$work/sinergi.log" 2>&1 &
spid=$!
npid=""
cleanup() { kill "$spid" 2>/dev/null || true; [ -n "$npid" ] && kill "$npid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 180); do curl -sf "http://127.0.0.1:$sport/readyz" >/dev/null && break; sleep 1; done
s="http://127.0.0.1:$sport"

# A published release and its unit's feed, found the way a crawler would.
release=$(curl -sf "$s/sitemaps/releases-0.xml" | grep -o '<loc>[^<]*</loc>' | sed -n 1p | sed -e 's/<loc>//' -e 's/<\/loc>//' -e "s#^https\?://[^/]*##")
unit=$(curl -sf "$s/sitemaps/units-0.xml" | grep -o '<loc>[^<]*</loc>' | sed -n 1p | sed -e 's/.*\/press\///' -e 's/<\/loc>//')
feed="/feeds/unit/$unit.rss"
echo "release page: $release"
echo "unit feed:    $feed"

# nginx serves the very bytes Sinergi serves.
mkdir -p "$work/www/feeds/unit" "$work/www/releases" "$work/nginx"
curl -sf "$s$release" -o "$work/www$release.html"
curl -sf "$s$feed" -o "$work/www$feed"
# nginx's workers run as an unprivileged user: let them read the files.
chmod 755 "$work"; chmod -R a+rX "$work/www"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; application/rss+xml rss; }
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location /releases/ { try_files \$uri.html =404; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
npid=$!
for _ in $(seq 30); do curl -sf "http://127.0.0.1:$nport$feed" >/dev/null && break; sleep 0.2; done
n="http://127.0.0.1:$nport"
cmp <(curl -sf "$s$release") <(curl -sf "$n$release") && echo "same release bytes"
cmp <(curl -sf "$s$feed") <(curl -sf "$n$feed") && echo "same feed bytes"
echo "release page: $(curl -sf "$s$release" | wc -c) bytes of HTML"

s_etag=$(curl -sfI "$s$feed" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
n_etag=$(curl -sfI "$n$feed" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "304 from sinergi: $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $s_etag" "$s$feed"), from nginx: $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $n_etag" "$n$feed")"

run() { # name url [header]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c$conns -d"$duration" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c$conns -d"$duration" --latency "$2")
  fi
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  printf '| %-28s | %10s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0} non-2xx"
}
wrk -t2 -c$conns -d3s "$s$release" >/dev/null   # warm the cache
echo
echo "| what                         |      req/s |      p50 |      p99 |"
run "sinergi release page" "$s$release"
run "nginx release page" "$n$release"
run "sinergi unit feed" "$s$feed"
run "nginx unit feed" "$n$feed"
run "sinergi feed 304" "$s$feed" "If-None-Match: $s_etag"
run "nginx feed 304" "$n$feed" "If-None-Match: $n_etag"
