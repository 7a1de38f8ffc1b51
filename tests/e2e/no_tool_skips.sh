#!/usr/bin/env bash
# A test whose tool is missing fails; it never skips (a skip counts as passed).
#  - tests/e2e/lib/need.sh exits 1, naming the tool, for a missing command;
#  - no end-to-end script skips (exit 77) for anything but an absent
#    ../shared/data: every "exit 77" line (or the line before it) says so.
set -euo pipefail
: "${SG_SOURCE_DIR:?}"
fail() { echo "FAIL: $*"; exit 1; }
e2e=$SG_SOURCE_DIR/tests/e2e
rc=0; out=$( (. "$e2e/lib/need.sh"; need bash sg-no-such-tool-xyz; echo "not reached") 2>&1) || rc=$?
[ $rc -eq 1 ] || fail "need: a missing tool gave exit $rc, want 1"
grep -q "FAIL: sg-no-such-tool-xyz is not installed" <<<"$out" || fail "need: message: $out"
grep -q "not reached" <<<"$out" && fail "need: went on after a missing tool"
(. "$e2e/lib/need.sh"; need bash) || fail "need: bash is installed"
bad=$(awk 'FNR == 1 { prev = "" }
           /exit 77/ && !/^[[:space:]]*#/ && (prev $0) !~ /shared|SG_SHARED_DATA/ { print FILENAME ":" FNR ": " $0 }
           { prev = $0 }' "$e2e"/*.sh)
[ -z "$bad" ] || fail "skips that are not about an absent ../shared/data:
$bad"
echo "no_tool_skips ok"
