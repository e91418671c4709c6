#!/usr/bin/env bash
# Load test: seeds 10,000 articles, then measures the cached public endpoints and a bare
# net/http server returning the same bytes (each endpoint's own), side by side, with wrk (installed from Debian if
# missing). Bounded in time; talks only to 127.0.0.1.
# Usage: bench/load.sh [seconds-per-run] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-4}"
ROUNDS="${2:-1}"
ADDR=127.0.0.1:8097
BARE=127.0.0.1:8098
CONNS=8
CPUS=$(nproc)
SERVER_CPU=0
CLIENT_CPU=$(( CPUS > 1 ? 1 : 0 ))

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

BIN=$(mktemp -d)/loadserver
go build -o "$BIN" ./bench/loadserver
LOG=$(mktemp)
taskset -c "$SERVER_CPU" timeout 900 "$BIN" -addr "$ADDR" -bare "$BARE" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$(dirname "$BIN")" "$LOG"' EXIT

for _ in $(seq 1 600); do
  grep -q READY "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 1
done
grep -q READY "$LOG" || { echo "server did not start" >&2; cat "$LOG"; exit 1; }
grep -E "seeded|READY" "$LOG" || true

# rps URL: requests per second of one bounded wrk run pinned to the client CPU.
rps() {
  curl -s -o /dev/null "$1"   # fill the cache
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --timeout 5s "$1" |
    awk '/Requests\/sec/ {print $2}'
}

# Warm up both servers (the seeding's garbage, SQLite's WAL checkpoint and
# the CPU caches settle first).
taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d3s "http://$ADDR/api/cms/articles" >/dev/null
taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNS" -d1s "http://$BARE/api/cms/articles" >/dev/null

# Each endpoint is measured right after its own baseline run, so the ratio compares figures
# taken under the same background load (the machine may be shared). With several rounds the
# pairs alternate and the line shows the median of each column (the ratio's median is taken
# over the pairs, not computed from the medians).
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
printf '%-44s %10s %10s %8s\n' endpoint req/s bare-req/s ratio
for path in /api/cms/articles /api/cms/articles/generated-article-5000 "/api/cms/search?q=relapses+marker42" \
  /feed.xml /sitemap.xml "/api/collections/articles/records?sort=-published_at&filter=slug%3D%22generated-article-5000%22"; do
  Rs=() Bs=() ratios=()
  for _ in $(seq 1 "$ROUNDS"); do
    B=$(rps "http://$BARE$path")
    R=$(rps "http://$ADDR$path")
    Rs+=("$R") Bs+=("$B") ratios+=("$(echo "$R / $B" | bc -l)")
  done
  printf '%-44s %10.0f %10.0f %8.2f\n' "${path:0:44}" "$(printf '%s\n' "${Rs[@]}" | median)" \
    "$(printf '%s\n' "${Bs[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)"
done
