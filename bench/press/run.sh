#!/usr/bin/env bash
# A release page and a unit feed from Sinergi's public cache against nginx
# serving the same bytes as static files, in the same run, 64 connections on
# loopback (wrk), plus a conditional request answered 304 by each; then the
# same with clients that send `Accept-Encoding: gzip` against nginx with
# `gzip on` (and Sinergi's brotli for reference). Prints each ratio and the
# load average (`uptime`) at the start and the end.
# Needs wrk, nginx, curl and python3 (Debian packages; the first two are
# installed when missing).
#   bench/press/run.sh [DURATION]        e.g. bench/press/run.sh 15s
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10s}"
conns=64
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light; }
# SINERGI_BIN measures another build (e.g. the commit before a change).
if [ -z "${SINERGI_BIN:-}" ]; then cargo build --release -p sinergi -q; fi
bin="${SINERGI_BIN:-${CARGO_TARGET_DIR:-target}/release/sinergi}"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sport=$(free_port); nport=$(free_port); gport=$(free_port)
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
  # The same files, compressed on each request as nginx does with gzip on.
  server {
    listen 127.0.0.1:$gport;
    root $work/www;
    gzip on;
    gzip_vary on;
    gzip_types application/rss+xml;
    location /releases/ { try_files \$uri.html =404; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
npid=$!
for _ in $(seq 30); do curl -sf "http://127.0.0.1:$nport$feed" >/dev/null && break; sleep 0.2; done
n="http://127.0.0.1:$nport"
g="http://127.0.0.1:$gport"
cmp <(curl -sf "$s$release") <(curl -sf "$n$release") && echo "same release bytes"
cmp <(curl -sf "$s$feed") <(curl -sf "$n$feed") && echo "same feed bytes"
echo "release page: $(curl -sf "$s$release" | wc -c) bytes of HTML"

s_etag=$(curl -sfI "$s$feed" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
n_etag=$(curl -sfI "$n$feed" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "304 from sinergi: $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $s_etag" "$s$feed"), from nginx: $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $n_etag" "$n$feed")"

declare -A rps_of
run() { # name url [header...]
  local name=$1 url=$2 out h
  shift 2
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  out=$(wrk -t2 -c$conns -d"$duration" --latency "${args[@]}" "$url")
  set -- "$name"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  rps_of[$1]=$rps
  printf '| %-30s | %10s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0} non-2xx"
}
ratio() { # sinergi-row nginx-row
  python3 -c 'import sys; print(f"{sys.argv[1]} / {sys.argv[2]}: {float(sys.argv[3]) / float(sys.argv[4]):.2f}")' "$1" "$2" "${rps_of[$1]}" "${rps_of[$2]}"
}
bytes() { # url [accept-encoding]
  curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: ${2:-identity}" "$1"
}
echo "bytes on the wire, release page: identity $(bytes "$s$release"), sinergi gzip $(bytes "$s$release" gzip), sinergi br $(bytes "$s$release" br), nginx gzip $(bytes "$g$release" gzip)"
echo "bytes on the wire, unit feed:    identity $(bytes "$s$feed"), sinergi gzip $(bytes "$s$feed" gzip), sinergi br $(bytes "$s$feed" br), nginx gzip $(bytes "$g$feed" gzip)"
gz_etag=$(curl -sfI -H 'Accept-Encoding: gzip' "$s$feed" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

echo "load before: $(uptime)"
wrk -t2 -c$conns -d3s "$s$release" >/dev/null   # warm the cache
wrk -t2 -c$conns -d3s "$n$release" >/dev/null   # and nginx's page cache
echo
echo "| what                           |      req/s |      p50 |      p99 |"
run "sinergi release page" "$s$release"
run "nginx release page" "$n$release"
run "sinergi unit feed" "$s$feed"
run "nginx unit feed" "$n$feed"
run "sinergi feed 304" "$s$feed" "If-None-Match: $s_etag"
run "nginx feed 304" "$n$feed" "If-None-Match: $n_etag"
run "sinergi release page gzip" "$s$release" "Accept-Encoding: gzip"
run "nginx gzip on release page" "$g$release" "Accept-Encoding: gzip"
run "sinergi unit feed gzip" "$s$feed" "Accept-Encoding: gzip"
run "nginx gzip on unit feed" "$g$feed" "Accept-Encoding: gzip"
run "sinergi release page br" "$s$release" "Accept-Encoding: gzip, deflate, br"
run "sinergi feed 304 gzip" "$s$feed" "Accept-Encoding: gzip" "If-None-Match: $gz_etag"
echo
ratio "sinergi release page" "nginx release page"
ratio "sinergi unit feed" "nginx unit feed"
ratio "sinergi feed 304" "nginx feed 304"
ratio "sinergi release page gzip" "nginx gzip on release page"
ratio "sinergi unit feed gzip" "nginx gzip on unit feed"
echo "load after: $(uptime)"
