#!/usr/bin/env bash
# The throwaway PostgreSQL cluster the store's PostgreSQL tests use (CTest
# fixture "pg", scripts/pg-test-cluster.sh) answers at the URL it printed.
set -euo pipefail
. "$SG_SOURCE_DIR/tests/e2e/lib/need.sh"
need psql
url=$(cat "$SG_TMP/pg.url")
[ -n "$url" ] || { echo "FAIL: the pg fixture printed no URL" >&2; exit 1; }
got=$(psql "$url" -XAtqc 'select 40 + 2')
[ "$got" = 42 ] || { echo "FAIL: psql at $url answered '$got'" >&2; exit 1; }
echo "ok: PostgreSQL cluster at $url"
