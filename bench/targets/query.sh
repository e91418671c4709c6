#!/usr/bin/env bash
# Uncached search and list latency/throughput at ARTICLES generated articles (default 10000).
# Seeds bench/loadserver, then drives wrk with Lua scripts whose every URL differs (random
# 1-10 word queries from internal/loadgen's vocabulary plus its rare marker words, random
# page/perPage; list pages walk distinct page/perPage pairs), so the response cache is never
# hit. Server pinned to CPU 0, wrk to CPU 1. Talks only to 127.0.0.1:8720-8721.
# Usage: ARTICLES=10000 DURATION=8 bench/targets/query.sh
#        LOADSERVER=/path/to/loadserver bench/targets/query.sh   # one built elsewhere (before a change)
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES="${ARTICLES:-10000}"
DURATION="${DURATION:-8}"
ADDR=127.0.0.1:8720
BARE=127.0.0.1:8721
CPUS=$(nproc)
CLIENT_CPU=$(( CPUS > 1 ? 1 : 0 ))

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

TMP=$(mktemp -d)
LOADSERVER="${LOADSERVER:-}"
if [ -z "$LOADSERVER" ]; then
  LOADSERVER="$TMP/loadserver"
  go build -o "$LOADSERVER" ./bench/loadserver
fi
taskset -c 0 timeout 900 "$LOADSERVER" -addr "$ADDR" -bare "$BARE" -articles "$ARTICLES" >"$TMP/log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 600); do
  grep -q READY "$TMP/log" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$TMP/log"; exit 1; }
  sleep 1
done
grep -q READY "$TMP/log" || { echo "server did not start" >&2; cat "$TMP/log"; exit 1; }
grep -E "seeded" "$TMP/log" || true

WORDS=$(sed -n '/^var words = strings.Fields(`/,/`)/p' internal/loadgen/seed.go | sed 's/.*Fields(`//; s/`).*//' | tr '\n' ' ')
cat >"$TMP/search.lua" <<LUA
local words = {}
for w in string.gmatch("$WORDS", "%S+") do words[#words+1] = w end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
request = function()
  local n = math.random(1, 10)
  local q = {}
  for i = 1, n do
    if math.random() < 0.2 then q[i] = "marker" .. math.random(0, 99)
    else q[i] = words[math.random(1, #words)] end
  end
  local path = "/api/cms/search?q=" .. table.concat(q, "+") .. "&page=" .. math.random(1, 5) .. "&perPage=" .. math.random(1, 30)
  return wrk.format("GET", path)
end
LUA
cat >"$TMP/list.lua" <<LUA
local i = math.random(0, 49999)
request = function()
  i = (i + 7919) % 50000
  local path = "/api/cms/articles?page=" .. (i % 500 + 1) .. "&perPage=" .. (math.floor(i / 500) % 100 + 1)
  return wrk.format("GET", path)
end
LUA
# Some words of the generated vocabulary, for the no-cache check below.
check() { local a b; a=$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDR$1"); [ "$a" = 200 ] || { echo "GET $1 -> $a" >&2; exit 1; }; }
check "/api/cms/search?q=relapse+marker7&page=1&perPage=3"
check "/api/cms/articles?page=400&perPage=25"

# p99 prints wrk's 99th percentile in ms; rate its requests/second.
run() { taskset -c "$CLIENT_CPU" wrk -t1 -c"$1" -d"${DURATION}s" --timeout 10s --latency -s "$2" "http://$ADDR" ; }
ms() { awk '/^ +99%/ {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.1f", v}'; }
rate() { awk '/Requests\/sec/ {printf "%.0f", $2}'; }

# The search ranker reads each term's scores once per content version (a save drops them):
# the first query of every vocabulary word pays that, measured here and reported apart.
COLD_START=$(date +%s%N)
N=0
for w in $WORDS $(seq -f 'marker%g' 0 99); do
  curl -s -o /dev/null "http://$ADDR/api/cms/search?q=$w&perPage=1"; N=$((N + 1))
done
COLD_MS=$(( ($(date +%s%N) - COLD_START) / 1000000 ))
echo "load: $(uptime)"
taskset -c "$CLIENT_CPU" wrk -t1 -c2 -d2s -s "$TMP/list.lua" "http://$ADDR" >/dev/null   # warm-up
S1=$(run 1 "$TMP/search.lua")
S4=$(run 4 "$TMP/search.lua")
L1=$(run 1 "$TMP/list.lua")
L8=$(run 8 "$TMP/list.lua")
echo "$S1" | grep -E "Non-2xx|Socket errors" || true
echo "$L1" | grep -E "Non-2xx|Socket errors" || true
echo "FIGURE search-first-query-per-term: $N terms in $COLD_MS ms, $((COLD_MS / N)) ms each (once per content version)"
echo "TARGET search-p99-1conn: $(echo "$S1" | ms) ms (target <= 30 ms) [$(echo "$S1" | rate) req/s]"
echo "TARGET search-qps-1core: $(echo "$S4" | rate) req/s, 4 conns, p99 $(echo "$S4" | ms) ms (target >= 300 q/s)"
echo "TARGET list-p99-1conn: $(echo "$L1" | ms) ms (target <= 10 ms) [$(echo "$L1" | rate) req/s]"
echo "TARGET list-8conn: $(echo "$L8" | rate) req/s, p99 $(echo "$L8" | ms) ms (no target; issue's old 108-172 req/s)"
echo "load: $(uptime)"
