#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_*.c) with clang and runs each for
# $1 seconds (default 20) from its seed corpus: fuzz/corpus/<target>/ plus any
# seed files the target's SEEDS line names under ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
CC=clang scripts/build.sh build-fuzz -DSG_FUZZ=ON
shopt -s nullglob
for src in fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  work=build-fuzz/corpus/$t
  mkdir -p "$work"
  [ -d "fuzz/corpus/$t" ] && cp -n fuzz/corpus/$t/* "$work"/ 2>/dev/null || true
  # "SEEDS: glob glob ..." in the target's header comment: shared files to start from
  # (a "// SEEDS: a/*.x b/*.y" comment line; split the words with globbing
  # off, then expand each under ../shared/data)
  seeds=$(sed -n 's/^.*SEEDS: //p' "$src" | head -n1)
  if [ -n "$seeds" ] && [ -d ../shared/data ]; then
    set -f; words=($seeds); set +f
    for g in "${words[@]}"; do for f in ../shared/data/$g; do
      [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 300000 ] && cp -n "$f" "$work"/ 2>/dev/null || true
    done; done
  fi
  echo "fuzz: $t for ${secs}s"
  ASAN_OPTIONS=detect_leaks=1 "build-fuzz/fuzz/$t" -max_total_time="$secs" -rss_limit_mb=2048 \
    -max_len=1048576 -print_final_stats=0 "$work" 2>build-fuzz/$t.log || { tail -n 40 build-fuzz/$t.log; exit 1; }
  grep -E "^#[0-9]+.*DONE" build-fuzz/$t.log | tail -n1 || true
done
