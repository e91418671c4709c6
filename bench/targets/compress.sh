#!/usr/bin/env bash
# Compression and cross-origin cached GETs (issue targets 7 and 8). Seeds ARTICLES generated
# articles (default 10000) into bench/loadserver, which serves recoverycms on 127.0.0.1:8780
# next to a bare net/http server on 127.0.0.1:8781 that repeats recoverycms's own bytes for
# each path and Accept-Encoding (compressed bytes for a compressed request). Then:
#   - cached GETs with an Origin header, with and without Accept-Encoding: gzip, through
#     recoverycms vs the bare server, side by side (wrk, server and client pinned to
#     different CPUs, each pair measured back to back, median ratio over ROUNDS pairs);
#   - bytes on the wire for JSON, HTML, XML, CSS and JS, identity vs gzip vs brotli;
#   - the headers of a cached answer (Vary, ETag per representation, 304) and of the
#     content-hashed assets (immutable caching).
# Prints `TARGET <name>: <figure> (target <target>)` lines. Bounded (wrk -d, timeout on the
# server), talks only to 127.0.0.1, removes what it built on exit.
# Usage: ARTICLES=10000 DURATION=2 ROUNDS=3 bench/targets/compress.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES="${ARTICLES:-10000}"
DURATION="${DURATION:-2}"
ROUNDS="${ROUNDS:-3}"
ARTICLE="/api/cms/articles/generated-article-$(( ARTICLES / 2 ))"
ADDR=127.0.0.1:8780
BARE=127.0.0.1:8781
ORIGIN="https://front.example.org"
CONNS=8
CPUS=$(nproc)
SERVER_CPU=0
CLIENT_CPU=$(( CPUS > 1 ? 1 : 0 ))

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d)
BIN="$WORK/loadserver"
LOG="$WORK/log"
go build -o "$BIN" ./bench/loadserver
taskset -c "$SERVER_CPU" timeout 600 "$BIN" -addr "$ADDR" -bare "$BARE" -articles "$ARTICLES" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 300); do
  grep -q READY "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 1
done
grep -q READY "$LOG" || { echo "server did not start" >&2; cat "$LOG"; exit 1; }
grep -E "seeded|READY" "$LOG" || true
echo "load: $(uptime | sed 's/.*load average/load average/')"

# rps URL HEADER...: requests per second of one bounded wrk run pinned to the client CPU.
rps() {
  local url=$1; shift
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  curl -s -o /dev/null "${args[@]}" "$url"   # fill the cache (and the bare server's copy)
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --timeout 5s "${args[@]}" "$url" |
    awk '/Requests\/sec/ {print $2}'
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d2s -H "Origin: $ORIGIN" "http://$ADDR/api/cms/articles" >/dev/null
taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d1s "http://$BARE/api/cms/articles" >/dev/null

printf '%-44s %-6s %10s %10s %8s\n' endpoint coding req/s bare-req/s ratio
worst_plain=9 worst_gzip=9
for path in /api/cms/articles "$ARTICLE" /feed.xml; do
  for coding in identity gzip; do
    hdrs=("Origin: $ORIGIN")
    [ "$coding" = gzip ] && hdrs+=("Accept-Encoding: gzip")
    Rs=() Bs=() ratios=()
    for _ in $(seq 1 "$ROUNDS"); do
      B=$(rps "http://$BARE$path" "${hdrs[@]}")
      R=$(rps "http://$ADDR$path" "${hdrs[@]}")
      Rs+=("$R") Bs+=("$B") ratios+=("$(echo "$R / $B" | bc -l)")
    done
    ratio=$(printf '%s\n' "${ratios[@]}" | median)
    printf '%-44s %-6s %10.0f %10.0f %8.2f\n' "${path:0:44}" "$coding" "$(printf '%s\n' "${Rs[@]}" | median)" \
      "$(printf '%s\n' "${Bs[@]}" | median)" "$ratio"
    if [ "$coding" = gzip ]; then
      worst_gzip=$(awk -v a="$ratio" -v b="$worst_gzip" 'BEGIN {print (a < b ? a : b)}')
    else
      worst_plain=$(awk -v a="$ratio" -v b="$worst_plain" 'BEGIN {print (a < b ? a : b)}')
    fi
  done
done

# size URL ACCEPT: bytes of the body as sent (curl does not decode without --compressed).
size() { curl -s -o /dev/null -w '%{size_download}' ${2:+-H "Accept-Encoding: $2"} "$1"; }
# asset NAME: the content-hashed URL the site's index.html references for NAME (e.g. site.css).
asset() { curl -s "http://$ADDR/" | { grep -o "/assets/${1%.*}\.[0-9a-f]*\.${1##*.}" || true; } | head -1; }

echo
printf '%-44s %10s %10s %10s %8s %8s\n' "bytes on the wire" identity gzip br gzip% br%
best_json=0
SITE_CSS=$(asset site.css); SITE_JS=$(asset site.js)
for path in /api/cms/articles "$ARTICLE" "/api/cms/search?q=relapses+marker42" \
  /feed.json /feed.xml /sitemap.xml / "${SITE_CSS:-/assets/site.css}" "${SITE_JS:-/assets/site.js}"; do
  I=$(size "http://$ADDR$path" "") G=$(size "http://$ADDR$path" gzip) Z=$(size "http://$ADDR$path" br)
  printf '%-44s %10d %10d %10d %7.0f%% %7.0f%%\n' "${path:0:44}" "$I" "$G" "$Z" \
    "$(echo "100 * $G / $I" | bc -l)" "$(echo "100 * $Z / $I" | bc -l)"
  case "$path" in /api/cms/articles) list_i=$I list_g=$G list_z=$Z ;; /sitemap.xml) sm_i=$I sm_g=$G ;; /) html_i=$I html_g=$G ;; esac
done

echo
H=$(curl -s -D - -o /dev/null -H "Origin: $ORIGIN" -H "Accept-Encoding: gzip" "http://$ADDR/api/cms/articles")
echo "$H" | grep -iE '^(vary|etag|content-encoding|access-control-allow-origin):' | tr -d '\r'
GZ_ETAG=$(echo "$H" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
NM=$(curl -s -o /dev/null -w '%{http_code}' -H "Accept-Encoding: gzip" -H "If-None-Match: $GZ_ETAG" "http://$ADDR/api/cms/articles")
NM_ID=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $GZ_ETAG" "http://$ADDR/api/cms/articles")
IMMUTABLE=$(curl -s -D - -o /dev/null "http://$ADDR${SITE_JS:-/nonexistent}" | awk -F': ' 'tolower($1)=="cache-control" {print $2}' | tr -d '\r')
PLAIN_CC=$(curl -s -D - -o /dev/null "http://$ADDR/assets/site.js" | awk -F': ' 'tolower($1)=="cache-control" {print $2}' | tr -d '\r')
echo "hashed asset ${SITE_JS:-none}: Cache-Control: $IMMUTABLE; /assets/site.js: Cache-Control: $PLAIN_CC"

echo
printf 'TARGET cross-origin cached GET vs bare, identity (worst endpoint): %.2f (target >= 0.80)\n' "$worst_plain"
printf 'TARGET cross-origin cached GET vs bare, gzip (worst endpoint): %.2f (target >= 0.80)\n' "$worst_gzip"
printf 'TARGET JSON list gzip / brotli bytes: %d / %d of %d (%.0f%% / %.0f%%) (target: compressed; was identity only)\n' \
  "$list_g" "$list_z" "$list_i" "$(echo "100 * $list_g / $list_i" | bc -l)" "$(echo "100 * $list_z / $list_i" | bc -l)"
printf 'TARGET XML sitemap gzip bytes: %d of %d (%.0f%%) (target: compressed)\n' "$sm_g" "$sm_i" "$(echo "100 * $sm_g / $sm_i" | bc -l)"
printf 'TARGET HTML index gzip bytes: %d of %d (target: compressed if >= 1 KB)\n' "$html_g" "$html_i"
echo "TARGET 304 for the gzip ETag with gzip / without: $NM / $NM_ID (target 304 / 200)"
echo "TARGET hashed asset Cache-Control: ${IMMUTABLE:-none} (target public, max-age=31536000, immutable)"
