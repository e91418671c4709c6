#!/usr/bin/env bash
# Measures every performance target of the public site and lead intake in one run: each
# script in bench/targets/ starts what it needs on its own loopback ports, measures, prints
# its figures as "TARGET <name>: <figure> (target <target>)" lines and cleans up. This script
# runs them one after another (never two loads at once) and repeats the TARGET lines at the
# end with the machine's load, for BENCHMARKS.md.
# Usage: ARTICLES=10000 bench/targets.sh [part ...]   (parts: the file names without .sh)
set -euo pipefail
cd "$(dirname "$0")/.."

parts=("$@")
if [ ${#parts[@]} -eq 0 ]; then
  for f in bench/targets/*.sh; do parts+=("$(basename "$f" .sh)"); done
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)" | tee -a "$out"
for part in "${parts[@]}"; do
  echo "== $part"
  bash "bench/targets/$part.sh" 2>&1 | tee >(grep '^TARGET' >>"$out") || echo "TARGET $part: script failed" | tee -a "$out"
done
echo
echo "== summary (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$out"
