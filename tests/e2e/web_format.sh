#!/usr/bin/env bash
# The dashboard's number formatting (web/src/format.js) under Node's built-in
# test runner: the same cases as the C formatter's tests/test_format.c.
set -euo pipefail
: "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need node
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || { echo "FAIL: node $major has no built-in test runner (need 18)" >&2; exit 1; }
exec node --test "$SG_SOURCE_DIR/tests/e2e/web/format.test.mjs"
