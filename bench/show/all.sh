#!/usr/bin/env bash
# `strideguard show --all --json > /dev/null` over N stored one-hour runs
# (bench/import/gen.c: 1 Hz, one a day, so every baseline window is full),
# cold (a fresh copy of the imported database: no cached analysis) and warm
# (every analysis cached). Best of RUNS; wall, user and system time from
# /usr/bin/time. Figures go to docs/performance.md ("Run analysis").
#
# usage: bench/show/all.sh [BUILD_DIR] [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-1000}
runs=${3:-3}
out=bench/out/show_all
[ -x "$build/strideguard" ] || scripts/build.sh "$build"
rm -rf "$out"; mkdir -p "$out"
bench/import/build_gen.sh "$build" "$out/gen"
"$out/gen" "$out/in" "$n" >/dev/null
"$build/strideguard" --db "$out/base.db" import "$out/in" >/dev/null
sqlite3 "$out/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1 || true
t() { /usr/bin/time -f "%e %U %S %M" "$build/strideguard" --db "$out/db" show --all --json \
        --stats >/dev/null 2>"$out/err"; tail -n1 "$out/err"; }
best() { sort -n | head -n1; }
cold=$(for i in $(seq "$runs"); do
         rm -f "$out/db" "$out/db-wal" "$out/db-shm"
         cp "$out/base.db" "$out/db"; [ -f "$out/base.db-wal" ] && cp "$out/base.db-wal" "$out/db-wal"
         t; done | best)
grep -q "0 from cache, $n analysed" "$out/err" || { echo "cold run was not cold"; cat "$out/err"; exit 1; }
warm=$(for i in $(seq "$runs"); do t; done | best)
grep -q "$n from cache, 0 analysed" "$out/err" || { echo "warm run was not warm"; cat "$out/err"; exit 1; }
fmt() { read -r w u s m; echo "wall $w s | user $u s | sys $s s | CPU $(echo "$u + $s" | bc) s | peak RSS $((m / 1024)) MB"; }
echo "$n runs, $(du -m "$out/base.db" | cut -f1) MB database; best of $runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cold: $(echo "$cold" | fmt)"
echo "warm: $(echo "$warm" | fmt)"
