#!/usr/bin/env bash
# Runs a test binary against the throwaway PostgreSQL cluster of the CTest
# fixture "pg" (tests/CMakeLists.txt): SG_TEST_PG_URL from $SG_TMP/pg.url.
# No URL is a failure, never a skip: the fixture must have run.
set -euo pipefail
url_file="${SG_TMP:?SG_TMP is not set}/pg.url"
[ -s "$url_file" ] || { echo "FAIL: no PostgreSQL URL in $url_file (the pg fixture did not run)" >&2; exit 1; }
SG_TEST_PG_URL=$(cat "$url_file")
export SG_TEST_PG_URL
exec "$@"
