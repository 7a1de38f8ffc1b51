#!/usr/bin/env bash
# All tests, as CI runs them (README): installs what is missing, then
#   1. the suite on an optimised build,
#   2. every libFuzzer target briefly (scripts/fuzz.sh),
#   3. the suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
# The last line is ctest's own summary of the sanitizer run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
jobs=$(nproc)

echo "== build + tests (RelWithDebInfo)"
scripts/build.sh build
(cd build && ctest -j"$jobs" --output-on-failure --timeout 900)

echo "== fuzz (short run of every target)"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

echo "== build + tests (ASan + UBSan)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
CC=clang scripts/build.sh build-asan -DSG_SANITIZE=ON
(cd build-asan && SG_SANITIZED=1 ctest -j"$jobs" --output-on-failure --timeout 1800)
