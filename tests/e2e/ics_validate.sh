#!/usr/bin/env bash
# Validates .ics output with a real iCalendar parser (ical.js from npm,
# installed into tests/e2e/node_modules, which is gitignored).
#   ics_validate.sh FILE...   validate these files (test_ics calls it so)
#   ics_validate.sh           end-to-end: export a plan with the CLI and
#                             validate it
# A missing node or npm, or an install that fails, is a failure (exit 1):
# scripts/deps.sh test installs them.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/need.sh"
need node

. "$here/lib/npm.sh"
npm_ready "$here" ical.js || exit 1

if [ $# -gt 0 ]; then
  exec node "$here/ics_validate.mjs" "$@"
fi

: "${SG_CLI:?SG_CLI is not set}"
tmp=${SG_TMP:-/tmp}/ics_e2e.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/sg.db"
if ! "$SG_CLI" --db "$db" plan --help >/dev/null 2>&1; then
  echo "FAIL: strideguard plan --help failed" >&2
  exit 1
fi
# without a profile: exit 1 and no calendar written
if "$SG_CLI" --db "$db" plan --week 2025-09-01 --ics "$tmp/plan.ics" >/dev/null 2>&1 ||
   [ -e "$tmp/plan.ics" ]; then
  echo "plan without a profile should fail and write nothing" >&2
  exit 1
fi
"$SG_CLI" --db "$db" athlete set --sex female --birth-year 1980 --race-date 2025-10-12 >/dev/null
if ! "$SG_CLI" --db "$db" plan --week 2025-09-01 --today 2025-08-31 --run 2025-09-03:hard \
     --run 2025-09-07:long --ics "$tmp/plan.ics" >/dev/null; then
  echo "plan --ics failed" >&2
  exit 1
fi
node "$here/ics_validate.mjs" "$tmp/plan.ics"
