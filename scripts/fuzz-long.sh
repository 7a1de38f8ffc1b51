#!/usr/bin/env bash
# Long fuzzing runs, for a person to start (not CI):
#   scripts/fuzz-long.sh MINUTES [target...]
# Runs each target (default: every fuzz/fuzz_*.c) for MINUTES through
# scripts/fuzz.sh (committed corpus replay first, then at random; artefacts in
# build-fuzz/artifacts/<target>/), two targets at a time at most, and appends
# one dated line per target to the table in docs/fuzzing.md:
#   date, commit, target, minutes, executions, result.
# Exit 1 when any target failed. The grown corpus stays in build-fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: scripts/fuzz-long.sh MINUTES [target...]" >&2; exit 2; }
[ $# -ge 1 ] && [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ] || usage
min=$1; shift
if [ $# -gt 0 ]; then targets=("$@")
else targets=(); for s in fuzz/fuzz_*.c; do targets+=("$(basename "$s" .c)"); done; fi
for t in "${targets[@]}"; do [ -f "fuzz/$t.c" ] || { echo "fuzz-long: no target fuzz/$t.c" >&2; exit 2; }; done
CC=clang scripts/build.sh build-fuzz -DSG_FUZZ=ON
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
logs=build-fuzz/long; mkdir -p "$logs"

one() { # target: runs it, prints its table line
  local t=$1 rc=0 n result art
  SG_FUZZ_BUILT=1 scripts/fuzz.sh $((min * 60)) "$t" >"$logs/$t.out" 2>&1 || rc=$?
  n=$(sed -n 's/^fuzz: .* executions \([0-9?]*\)$/\1/p' "$logs/$t.out" | tail -n1)
  if [ $rc -eq 0 ]; then result=ok
  else
    art=$(ls -t "build-fuzz/artifacts/$t" 2>/dev/null | head -n1)
    if grep -q "FAILED on its committed corpus" "$logs/$t.out"; then result="FAILED on the committed corpus"
    elif [ -n "$art" ]; then result="FAILED: ${art%%-*} (build-fuzz/artifacts/$t/$art)"
    else result="FAILED (exit $rc, see $logs/$t.out)"; fi
    n=$(grep -o "stat::number_of_executed_units: [0-9]*" "build-fuzz/$t.log" 2>/dev/null | grep -o "[0-9]*$" | tail -n1)
    [ -n "$n" ] || n=$(grep -oE "^#[0-9]+" "build-fuzz/$t.log" 2>/dev/null | tail -n1 | tr -d '#')
  fi
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "$(date -u +'%Y-%m-%d %H:%M UTC')" "$commit" "$t" \
    "$min" "${n:-?}" "$result"
}

running=0; failed=0
for t in "${targets[@]}"; do
  echo "fuzz-long: $t for $min min"
  one "$t" >"$logs/$t.line" &
  running=$((running + 1))
  if [ $running -ge 2 ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true
doc=docs/fuzzing.md
for t in "${targets[@]}"; do
  cat "$logs/$t.line" >>"$doc"
  cat "$logs/$t.line"
  grep -q "| ok |$" "$logs/$t.line" || failed=1
done
exit $failed
