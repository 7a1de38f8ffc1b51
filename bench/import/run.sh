#!/usr/bin/env bash
# Import benchmark: 1,000 generated one-hour runs at 1 Hz (FIT when the
# library has the FIT encoder, else strideguard sample blobs), imported from
# a folder and from a zip into fresh databases; wall time and peak RSS from
# /usr/bin/time -v. Figures go to docs/performance.md ("Import").
#
# usage: bench/import/run.sh [BUILD_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-1000}
out=bench/out/import
rm -rf "$out"; mkdir -p "$out"
bench/import/build_gen.sh "$build" "$out/gen"
"$out/gen" "$out/in" "$n"
(cd "$out/in" && zip -q -r ../runs.zip .)
echo "input: $n files, $(du -sm "$out/in" | cut -f1) MB in a folder, $(du -m "$out/runs.zip" | cut -f1) MB zipped ($(ls "$out/in" | head -n1 | sed 's/.*\.//'))"
for src in "$out/in" "$out/runs.zip"; do
  db=$out/bench.db
  rm -f "$db" "$db-wal" "$db-shm"
  /usr/bin/time -v "$build/strideguard" --db "$db" import "$src" >"$out/stdout" 2>"$out/time"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time")
  echo "$(basename "$src"): $(cat "$out/stdout") | wall $wall | peak RSS $((rss / 1024)) MB"
done
