#!/usr/bin/env bash
# Browser test of the dashboard: the demo block is generated and served on
# loopback, then tests/e2e/web/dashboard.mjs drives Debian's Chromium
# headless with playwright-core (never a downloaded browser): every page
# loads with no console errors, charts render, a journal entry added from
# the page persists, the report opens offline. Screenshots of every page are
# saved in $SG_TMP/screenshots (docs/screenshots/ in the README come from here).
# Then, on a second store (a few runs and one pain entry), the red-flag
# screen and the OSTRC-O2 form: dashboard.mjs starts and restarts that
# server itself (SG_CLI, SCREEN_DB) to show the answers survive a restart.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
t=$(mktemp -d "$SG_TMP/dash.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
export SHOT_DIR="$SG_TMP/screenshots"
rm -rf "$SHOT_DIR"
"$SG_CLI" demo --no-serve --dir "$t/demo" >/dev/null
db="$t/demo/demo.db"
report="$t/demo/report.html"   # the demo writes it
[ -s "$report" ] || { echo "the demo wrote no report"; exit 1; }
# the screen's store: the demo's last six runs and one pain entry, no answers
sdb="$t/screen.db"
ls "$t/demo/fit"/*.fit | tail -n 6 > "$t/six"
xargs "$SG_CLI" --db "$sdb" import < "$t/six" >/dev/null
"$SG_CLI" --db "$sdb" log pain --region lumbar --side central --severity 3 --timing after >/dev/null
serve_up "$t/serve.log" --db "$db" serve
BASE_URL="http://127.0.0.1:$port" REPORT="$report" CHROMIUM="$chromium" SCREEN_DB="$sdb" \
  node "$web/dashboard.mjs"
