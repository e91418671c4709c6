#!/usr/bin/env bash
# Admission control under an anonymous flood: lead POST throughput and p99 alone and beside a
# 50-connection flood of uncached searches (random words) and uncached lists (random
# page/perPage), cached GETs alone and during each flood, and the server's RSS at rest and
# during each flood. Prints TARGET lines. Talks only to 127.0.0.1:8700-8701; about 2-3 minutes.
# Env: ARTICLES (default 10000), SECS (seconds per measurement, default 8),
#      UNBOUNDED=1 runs the server without the admission pool (the "before" figure);
#      NO_LEAD_PRIORITY=1 lets misses start while lead writes are in progress.
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES="${ARTICLES:-10000}"
SECS="${SECS:-8}"
ADDR=127.0.0.1:8700
BARE=127.0.0.1:8701
FLOOD_CONNS=50
LEAD_CONNS=8

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d)
BIN="$WORK/loadserver"
go build -o "$BIN" ./bench/loadserver
EXTRA=()
[ "${UNBOUNDED:-0}" = 1 ] && EXTRA+=(-unbounded-misses)
[ "${NO_LEAD_PRIORITY:-0}" = 1 ] && EXTRA+=(-no-lead-priority)
RCMS_LEAD_RATE_LIMIT=0 timeout 600 "$BIN" -addr "$ADDR" -bare "$BARE" -articles "$ARTICLES" "${EXTRA[@]}" >"$WORK/log" 2>&1 &
SERVER=$!
FLOOD=
cleanup() {
  [ -n "$FLOOD" ] && kill "$FLOOD" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q READY "$WORK/log" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/log"; exit 1; }
  sleep 1
done
grep -q READY "$WORK/log" || { echo "server did not start" >&2; cat "$WORK/log"; exit 1; }
grep -E "seeded" "$WORK/log" || true
PID=$(pgrep -P "$SERVER" | head -1)   # the loadserver under timeout

# Lead bodies: a unique phone number per request (thread id and a counter).
cat >"$WORK/lead.lua" <<'LUA'
local counter = 0
local tid = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) tid = tonumber(wrk.thread:get("tid")) or 0 end
request = function()
  counter = counter + 1
  local phone = string.format("+4474%02d%06d", tid % 100, counter % 1000000)
  local body = '{"name":"Load Person","phone":"' .. phone .. '","consent":true,' ..
    '"consent_text":"I agree to be called back.","preferred_time":"anytime"}'
  return wrk.format("POST", "/api/collections/callback_leads/records",
    {["Content-Type"] = "application/json"}, body)
end
LUA
# Flood: uncached searches of random word pairs, or uncached list pages.
WORDS=$(awk '/^var words = strings.Fields\(`/ {on=1} on {print} on && /`\)/ {exit}' internal/loadgen/seed.go | tr -d '`()' | sed 's/var words = strings.Fields//' | tr '\n' ' ' || true)
[ -n "$WORDS" ] || WORDS="recovery relapse support therapy craving trigger plan family sleep routine"
LUAWORDS=$(for w in $WORDS; do printf '"%s",' "$w"; done)
cat >"$WORK/flood.lua" <<LUA
local words = {${LUAWORDS}}
local mode = os.getenv("FLOOD_MODE") or "search"
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
  if mode == "search" then
    local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
    return wrk.format("GET", "/api/cms/search?q=" .. q .. "&page=" .. math.random(3) .. "&perPage=" .. math.random(50))
  end
  return wrk.format("GET", "/api/cms/articles?page=" .. math.random(200) .. "&perPage=" .. math.random(50))
end
LUA

# rss KEY: the server's VmRSS or VmHWM in MB.
rss() { awk -v k="$1:" '$1 == k {printf "%d", $2 / 1024}' "/proc/$PID/status"; }
# wrk_run CONNS SECS ARGS...: one bounded wrk run, with latency percentiles.
wrk_run() { local c=$1 d=$2; shift 2; wrk -t2 -c"$c" -d"${d}s" --timeout 10s --latency "$@"; }
rps_of() { awk '/Requests\/sec/ {printf "%.0f", $2}'; }
p99_of() { awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.1f", v}'; }
non2xx_of() { awk '/Non-2xx/ {print $5} END {}' | head -1; }

CACHED="http://$ADDR/api/cms/articles/generated-article-5000"
curl -s -o /dev/null "$CACHED"
wrk -t1 -c8 -d2s "$CACHED" >/dev/null   # warm up
echo "load: $(uptime | sed 's/.*load average/load average/')"
REST=$(rss VmRSS)

# Leads are warmed up first (the first thousands grow the database and its WAL), and measured
# alone before and after the floods: the ratios are to the mean of the two.
wrk_run "$LEAD_CONNS" 3 -s "$WORK/lead.lua" "http://$ADDR" >/dev/null
wrk_run "$LEAD_CONNS" "$SECS" -s "$WORK/lead.lua" "http://$ADDR" >"$WORK/lead0"
LEAD0=$(rps_of <"$WORK/lead0"); LEADP0=$(p99_of <"$WORK/lead0")
CACHED0=$(wrk_run 8 "$SECS" "$CACHED" | rps_of)
echo "alone: leads ${LEAD0}/s p99 ${LEADP0} ms (non-2xx $(non2xx_of <"$WORK/lead0")); cached GET ${CACHED0}/s; RSS ${REST} MB"

FLOODS=()
for mode in search list; do
  FLOOD_MODE=$mode wrk -t2 -c"$FLOOD_CONNS" -d"$((2 * SECS + 6))s" --timeout 10s -s "$WORK/flood.lua" "http://$ADDR" >"$WORK/flood_$mode" &
  FLOOD=$!
  sleep 2
  PEAK=0
  ( while kill -0 "$FLOOD" 2>/dev/null; do r=$(rss VmRSS); echo "$r"; sleep 0.5; done ) >"$WORK/rss_$mode" &
  SAMPLER=$!
  wrk_run "$LEAD_CONNS" "$SECS" -s "$WORK/lead.lua" "http://$ADDR" >"$WORK/lead_$mode"
  CACHEDF=$(wrk_run 8 "$SECS" "$CACHED" | rps_of)
  wait "$FLOOD" || true; FLOOD=
  wait "$SAMPLER" 2>/dev/null || true
  PEAK=$(sort -n "$WORK/rss_$mode" | tail -1)
  LEADF=$(rps_of <"$WORK/lead_$mode"); LEADPF=$(p99_of <"$WORK/lead_$mode")
  FRPS=$(rps_of <"$WORK/flood_$mode"); FNON=$(non2xx_of <"$WORK/flood_$mode")
  echo "$mode flood: ${FRPS}/s answered (non-2xx ${FNON:-0}, the 503s); leads ${LEADF}/s p99 ${LEADPF} ms (non-2xx $(non2xx_of <"$WORK/lead_$mode")); cached ${CACHEDF}/s; peak RSS ${PEAK} MB"
  FLOODS+=("$mode $LEADF $LEADPF $CACHEDF $PEAK")
done
wrk_run "$LEAD_CONNS" "$SECS" -s "$WORK/lead.lua" "http://$ADDR" >"$WORK/lead1"
LEAD1=$(rps_of <"$WORK/lead1")
LEADM=$(( (LEAD0 + LEAD1) / 2 ))
echo "alone again: leads ${LEAD1}/s p99 $(p99_of <"$WORK/lead1") ms; mean alone ${LEADM}/s"
for f in "${FLOODS[@]}"; do
  read -r mode LEADF LEADPF CACHEDF PEAK <<<"$f"
  echo "TARGET lead_p99_${mode}_flood: ${LEADPF} ms (target <= 100 ms)"
  echo "TARGET lead_throughput_${mode}_flood: $(echo "scale=2; $LEADF / $LEADM" | bc)x of ${LEADM}/s alone (target >= 0.8x)"
  echo "TARGET cached_get_${mode}_flood: $(echo "scale=2; $CACHEDF / $CACHED0" | bc)x of ${CACHED0}/s alone (target >= 0.5x)"
  echo "TARGET rss_${mode}_flood: ${PEAK} MB at ${ARTICLES} articles (target <= 250 MB)"
done
echo "TARGET rss_rest: ${REST} MB (VmHWM since start, seeding included: $(rss VmHWM) MB)"
echo "load: $(uptime | sed 's/.*load average/load average/')"
