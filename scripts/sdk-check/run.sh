#!/usr/bin/env bash
# Runs check.mjs with the real `pocketbase` npm SDK against a served recoverycms on 127.0.0.1,
# with the sample content plus a draft and a scheduled article. Needs node and npm.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE/../.."

WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
(cd "$WORK" && npm init -y >/dev/null && npm install --silent pocketbase >/dev/null)
cp "$HERE/check.mjs" "$WORK/"
go build -o "$WORK/loadserver" ./bench/loadserver
timeout 300 "$WORK/loadserver" -addr 127.0.0.1:8099 -bare 127.0.0.1:8100 -articles 0 -hidden >"$WORK/log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do grep -q READY "$WORK/log" && break; sleep 1; done
grep -q READY "$WORK/log" || { cat "$WORK/log"; exit 1; }
(cd "$WORK" && node check.mjs http://127.0.0.1:8099)
