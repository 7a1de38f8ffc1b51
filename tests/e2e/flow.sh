#!/usr/bin/env bash
# Browser test of the runner's whole flow in the dashboard (issue #15), from
# an empty store, driven by tests/e2e/web/flow.mjs on Debian's Chromium with
# playwright-core (no browser download). Any console error fails it.
# Screenshots at desktop (1280x800) and phone (390x844) width are refreshed in
# docs/screenshots/flow-*.png.
# Done so far: the welcome page of an empty store and its walkthrough
# (profile, race with a course file), Settings, journal edit and delete.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
t=$(mktemp -d "$SG_TMP/flow.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
db="$t/empty.db"
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --spike-week none --race-date 2030-04-20 >/dev/null
serve_up "$t/serve.log" --db "$db" serve
BASE_URL="http://127.0.0.1:$port" COURSE_FILE="$t/f/course.gpx" CHROMIUM="$chromium" SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" \
  node "$web/flow.mjs"
