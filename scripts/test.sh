#!/usr/bin/env bash
# All tests, as CI runs them (README): installs what is missing
# (scripts/deps.sh test), then
#   1. the suite on an optimised build (configured with -DSG_TESTS=ON),
#   2. every libFuzzer target over its committed corpus, then briefly at
#      random (scripts/fuzz.sh; FUZZ_SECONDS, default 20; one target per core),
#   3. the suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
#   scripts/test.sh --quick   steps 1 and 2 with corpus replay only (no random
#                             fuzzing, no ASan pass): what CI's fresh-machine
#                             check runs (scripts/fresh-debian.sh --quick)
# Each step prints its start time in seconds; the last line is the total.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
scripts/deps.sh test
jobs=$(nproc)
step() { echo "== $* (at ${SECONDS}s)"; }   # elapsed times: docs/fresh-machine.md
# suite DIR CTEST-ARG...: the suite in DIR. When it fails, each failed test's
# output (its last 80 lines) is printed again at the very end, because the
# tail of a long log is what a reader of CI sees first.
suite() {
  local dir=$1; shift
  (cd "$dir" && ctest "$@") && return 0
  echo "== the failed tests' output again (from $dir/Testing/Temporary/LastTest.log)"
  python3 - "$dir/Testing/Temporary/LastTest.log" <<'EOF' || true
import re, sys
text = open(sys.argv[1], errors="replace").read()
for part in re.split(r"\n(?=\d+/\d+ Testing: )", text):
    m = re.match(r"\d+/\d+ Testing: (\S+)", part)
    if not m or "\nTest Passed." in part:
        continue
    out = part.split("\nOutput:\n", 1)[-1].split("\n<end of output>", 1)[0]
    lines = out.strip("-\n").splitlines()
    more = f" (last 80 of {len(lines)} lines)" if len(lines) > 80 else ""
    print(f"---- {m.group(1)}{more}")
    print("\n".join(lines[-80:]))
EOF
  return 1
}

step "build + tests (RelWithDebInfo)"
scripts/build.sh build -DSG_TESTS=ON
suite build -j"$jobs" --output-on-failure --timeout 900

if [ $quick = 1 ]; then
  step "fuzz (every target over its committed corpus)"
  SG_FUZZ_JOBS=$jobs scripts/fuzz.sh 0
  step "done"
  exit 0
fi

step "fuzz (committed corpus, then a short random run of every target)"
SG_FUZZ_JOBS=$jobs scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

step "build + tests (ASan + UBSan)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
CC=clang scripts/build.sh build-asan -DSG_SANITIZE=ON -DSG_TESTS=ON
SG_SANITIZED=1 suite build-asan -j"$jobs" --output-on-failure --timeout 1800
step "done"
