#!/usr/bin/env bash
# Lead intake under load: POST /api/collections/callback_leads/records against the real binary
# (SQLite WAL, synchronous=FULL) at 8 and 50 connections, one unique phone number per request,
# the rate limit off. Prints each figure beside its target.
#
#   bench/targets/groupcommit.sh            # this tree
#   BIN=/path/to/other/binary bench/...     # a binary built elsewhere (e.g. before a change)
#
# ARTICLES is accepted for symmetry with the other target scripts; lead intake does not read
# articles, so none are seeded. DURATION (default 10s) is each wrk run's length.
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-10s}
PORT=${PORT:-8741}
ADDR=127.0.0.1:$PORT
work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }

BIN=${BIN:-}
if [ -z "$BIN" ]; then
	BIN=$work/recoverycms
	go build -o "$BIN" .
fi

cat >"$work/lead.lua" <<'LUA'
-- One unique phone number (and so one new lead, never a merged repeat) per request: the run
-- number (the script's argument), the thread and a counter make up the number.
local counter = 0
local base = 0
local threads = 0
setup = function(thread)
	thread:set("tid", threads)
	threads = threads + 1
end
init = function(args)
	base = tonumber(args[1] or "0") * 100000000 + tonumber(tid) * 10000000
end
request = function()
	counter = counter + 1
	local n = base + counter
	local body = string.format('{"name":"Load %d","phone":"+447%09d","consent":true,"consent_text":"I agree to be called back.","preferred_time":"anytime"}', n, n)
	return wrk.format("POST", "/api/collections/callback_leads/records", {["Content-Type"] = "application/json"}, body)
end
local non2xx = 0
response = function(status, headers, body)
	if status < 200 or status >= 300 then non2xx = non2xx + 1 end
end
done = function(summary, latency, requests)
	io.write(string.format("RESULT rps=%.0f p99_ms=%.1f p50_ms=%.1f requests=%d errors=%d non2xx_status=%d\n",
		summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000, latency:percentile(50) / 1000,
		summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.errors.status))
end
LUA

RCMS_LEAD_RATE_LIMIT=0 "$BIN" serve --http="$ADDR" --dir="$work/pb_data" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
	curl -fs "http://$ADDR/api/health" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fs "http://$ADDR/api/health" >/dev/null || { echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

echo "load: $(uptime)"
# A short warm-up so the first run does not pay for the schema cache and the WAL's growth.
wrk -t2 -c8 -d2s -s "$work/lead.lua" "http://$ADDR" -- 0 >/dev/null

run=0
for conns in 8 50; do
	run=$((run + 1))
	out=$(wrk -t2 -c$conns -d"$DURATION" --latency -s "$work/lead.lua" "http://$ADDR" -- $run)
	line=$(grep '^RESULT' <<<"$out")
	echo "$line (connections=$conns)"
	rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
	p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")
	if [ "$conns" = 50 ]; then
		echo "TARGET groupcommit lead POST 50 connections throughput: ${rps}/s (target >= 1500/s)"
		echo "TARGET groupcommit lead POST 50 connections p99: ${p99} ms (target <= 100 ms)"
	else
		echo "TARGET groupcommit lead POST 8 connections throughput: ${rps}/s (reference, no target; was 790-960/s)"
		echo "TARGET groupcommit lead POST 8 connections p99: ${p99} ms (reference, no target; was 35-43 ms)"
	fi
done
if command -v sqlite3 >/dev/null; then
	echo "leads stored: $(sqlite3 "$work/pb_data/data.db" 'SELECT COUNT(*) FROM callback_leads'), merged as repeats (0 expected, every phone is unique): $(sqlite3 "$work/pb_data/data.db" 'SELECT COUNT(*) FROM lead_repeats')"
fi
