#!/usr/bin/env bash
# `strideguard load --json` end to end over a stored history: store open,
# profile, journal, per-run inputs (cold: decode + run analysis + cache
# write; warm: the cache), analysis and JSON to /dev/null.
# Usage: bench/load/run_cli.sh [weeks] [sample_interval_s] [warm_runs]
# (run scripts/build.sh build first; the store is kept in bench/out/ and
# rebuilt only when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
weeks=${1:-520} interval=${2:-10} runs=${3:-5}
mkdir -p bench/out
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc \
   bench/load/make_store.c build/libstrideguard.a \
   $(pkg-config --libs sqlite3 expat libarchive libzstd zlib jansson libmicrohttpd) \
   -lm -lpthread -o bench/out/make_store
db=bench/out/load_${weeks}w_${interval}s.db
if [ ! -f "$db" ]; then
  t0=$(date +%s.%N)
  bench/out/make_store "$db" "$weeks" "$interval"
  echo "store built in $(echo "$(date +%s.%N) - $t0" | bc) s ($(du -h "$db" | cut -f1))"
fi
cli=build/strideguard
today=2025-10-18
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -n1 | awk '{printf "%.2f", $1 + $2}'; }
# cold: drop the cached inputs first (a fresh import has none)
sqlite3 "$db" "DELETE FROM analysis_cache WHERE name = 'load_inputs'" 2>/dev/null ||
  echo "(sqlite3 CLI missing: cold = --no-cache)"
echo "cold (decode + analyse every run, write the cache): $(secs "$cli" --db "$db" load --json --today $today) s"
echo "no-cache (decode + analyse, no cache I/O):           $(secs "$cli" --db "$db" load --json --no-cache --today $today) s"
ws=()
for _ in $(seq "$runs"); do ws+=("$(secs "$cli" --db "$db" load --json --today $today)"); done
printf 'warm (%s runs): %s s\n' "$runs" "$(printf '%s\n' "${ws[@]}" | sort -n | tr '\n' ' ')"
command -v /usr/bin/time >/dev/null &&
  echo "warm CPU (user+sys): $(cpu "$cli" --db "$db" load --json --today $today) s"
"$cli" --db "$db" load --json --today $today | wc -c | awk '{print "JSON bytes (16 weeks):", $1}'
