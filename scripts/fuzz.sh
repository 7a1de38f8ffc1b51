#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_*.c) with clang into build-fuzz/ and,
# for every target (by glob, so a new fuzz_*.c is picked up):
#   1. replays its whole committed corpus, fuzz/corpus/<target>/ (which must
#      exist and be non-empty): every input once, any crash, leak or timeout
#      fails;
#   2. when SECONDS > 0 (default 20), fuzzes it at random for SECONDS from that
#      corpus plus the shared files its "SEEDS:" line names under
#      ../shared/data (skipped with a message when that folder is absent).
#      A "MAX_LEN: N" line in the target's header caps the length of the
#      inputs the random run makes (default 1 MiB); the replay always runs
#      every committed input whole.
#   scripts/fuzz.sh [SECONDS] [target...]
# SG_FUZZ_JOBS=N runs N targets at once (default 1; scripts/test.sh gives one
# per core, so the random runs take SECONDS x targets / cores, not x targets);
# each target's lines are printed together, in target order, when all ended.
# Artefacts (crash-*, leak-*, timeout-*, oom-*) go to build-fuzz/artifacts/<target>/,
# never the source tree; the grown corpus stays in build-fuzz/corpus/<target>/.
# A one-line summary per target ends in "executions N"; scripts/fuzz-long.sh
# reads it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}; shift || true
[[ "$secs" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] [target...]" >&2; exit 2; }
# (SG_FUZZ_BUILT=1: build-fuzz/ is already built; scripts/fuzz-long.sh runs two of us at once)
[ "${SG_FUZZ_BUILT:-0}" = 1 ] || CC=clang scripts/build.sh build-fuzz -DSG_FUZZ=ON
out=$PWD/build-fuzz
shopt -s nullglob
if [ $# -gt 0 ]; then srcs=(); for t in "$@"; do srcs+=("fuzz/$t.c"); done
else srcs=(fuzz/fuzz_*.c); fi
export ASAN_OPTIONS=detect_leaks=1
for src in "${srcs[@]}"; do
  [ -f "$src" ] || { echo "fuzz: no target $src" >&2; exit 2; }
done

one() { # one SRC: replay, then the random run; its lines on stdout, status 1 on failure
  local src=$1 t bin seeds art maxlen opts log work globs words g f n
  t=$(basename "$src" .c)
  bin=$out/fuzz/$t
  seeds=(fuzz/corpus/"$t"/*)
  [ ${#seeds[@]} -gt 0 ] ||
    { echo "fuzz: $t has no committed seed corpus in fuzz/corpus/$t/" >&2; return 1; }
  art=$out/artifacts/$t; mkdir -p "$art"
  # libFuzzer options shared by both steps: artefacts into the build tree, a
  # hang of more than 20 s per input is a failure (its default is 20 min)
  maxlen=$(sed -n 's/^.*MAX_LEN: *\([0-9][0-9]*\).*$/\1/p' "$src" | head -n1)
  opts=(-artifact_prefix="$art/" -timeout=20 -rss_limit_mb=2048)
  log=$out/$t.replay.log
  # 1. replay: inputs given as files are each run once
  "$bin" "${opts[@]}" -max_len=1048576 "${seeds[@]}" >"$log" 2>&1 ||
    { tail -n 40 "$log"; echo "fuzz: $t FAILED on its committed corpus (artefacts: $art)"; return 1; }
  echo "fuzz: $t replayed ${#seeds[@]} committed inputs: ok"
  [ "$secs" -gt 0 ] || return 0
  # 2. random run from committed + shared seeds
  work=$out/corpus/$t
  mkdir -p "$work"
  cp -n "${seeds[@]}" "$work"/
  # "SEEDS: glob glob ..." in the target's header comment: shared files to
  # start from (split the words with globbing off, then expand each under
  # ../shared/data)
  globs=$(sed -n 's/^.*SEEDS: *//p' "$src" | head -n1)
  if [ -n "$globs" ]; then
    if [ -d ../shared/data ]; then
      set -f; words=($globs); set +f
      for g in "${words[@]}"; do for f in ../shared/data/$g; do
        [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 300000 ] && cp -n "$f" "$work"/ 2>/dev/null || true
      done; done
    else
      echo "fuzz: $t: ../shared/data is absent, its shared seeds are not used"
    fi
  fi
  log=$out/$t.log
  (cd "$out" && "$bin" "${opts[@]}" -max_len="${maxlen:-1048576}" -max_total_time="$secs" -print_final_stats=1 "$work") >"$log" 2>&1 ||
    { tail -n 40 "$log"; echo "fuzz: $t FAILED after a random run (artefacts: $art)"; return 1; }
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  echo "fuzz: $t ${secs}s: ok, executions ${n:-?}"
}

jobs=${SG_FUZZ_JOBS:-1}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: SG_FUZZ_JOBS must be a positive number" >&2; exit 2; }
if [ "$jobs" -eq 1 ]; then
  for src in "${srcs[@]}"; do one "$src" || exit 1; done
  exit 0
fi
par=$out/parallel; rm -rf "$par"; mkdir -p "$par"
running=0 failed=0
for src in "${srcs[@]}"; do
  one "$src" >"$par/$(basename "$src" .c).out" 2>&1 &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then wait -n || failed=1; running=$((running - 1)); fi
done
while [ $running -gt 0 ]; do wait -n || failed=1; running=$((running - 1)); done
for src in "${srcs[@]}"; do cat "$par/$(basename "$src" .c).out"; done
exit $failed
