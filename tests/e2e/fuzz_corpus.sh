#!/usr/bin/env bash
# Every libFuzzer target (fuzz/fuzz_*.c) keeps a committed, non-empty seed
# corpus in fuzz/corpus/<target>/ (scripts/fuzz.sh replays it in CI); each
# file is small and the whole corpus stays under 2 MB; no fuzzer artefact
# (crash-*, leak-*, timeout-*, oom-*) is tracked anywhere in the repository.
set -euo pipefail
: "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need git
cd "$SG_SOURCE_DIR"
fail() { echo "FAIL: $*"; exit 1; }
shopt -s nullglob
n=0
for src in fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  files=$(git ls-files "fuzz/corpus/$t/" | wc -l)
  [ "$files" -gt 0 ] || fail "$t has no committed seed corpus in fuzz/corpus/$t/"
  n=$((n + 1))
done
[ $n -gt 0 ] || fail "no fuzz targets found"
total=0
while IFS= read -r f; do
  s=$(stat -c %s "$f")
  [ "$s" -le 262144 ] || fail "$f is $s bytes (keep seeds small)"
  total=$((total + s))
done < <(git ls-files fuzz/corpus)
[ $total -lt 2097152 ] || fail "fuzz/corpus is $total bytes (< 2 MB)"
art=$(git ls-files | grep -E '(^|/)(crash|leak|timeout|oom|slow-unit)-[0-9a-f]+$' || true)
[ -z "$art" ] || fail "fuzzer artefacts are tracked: $art"
echo "fuzz_corpus ok: $n targets, $total bytes"
