#!/usr/bin/env bash
# Browser test of the dashboard's Shoes page (issue #15), driven by
# tests/e2e/web/gear.mjs on Debian's Chromium with playwright-core: on a store
# of a few simulated runs, a shoe is added from the form, a run is assigned to
# a second shoe, the listed distance of that shoe is the run's distance (as
# the API says), a shoe is retired and one deleted, and a reload shows it all
# kept. Screenshots at desktop and phone width in docs/screenshots/gear-*.png.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
t=$(mktemp -d "$SG_TMP/dash_gear.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --no-taper --spike-week none --race-date 2025-03-30 >/dev/null
"$SG_CLI" --db "$t/g.db" import "$t/f/fit" >/dev/null
serve_up "$t/serve.log" --db "$t/g.db" serve
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" \
  SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" node "$web/gear.mjs"
# the CLI reads what the page wrote
"$SG_CLI" --db "$t/g.db" gear --json >"$t/gear.json"
python3 - "$t/gear.json" <<'PY' || { echo "FAIL: the store does not hold what the page wrote: $(cat "$t/gear.json")"; exit 1; }
import json, sys
g = json.load(open(sys.argv[1]))
names = sorted(s["name"] for s in g["shoes"])
assert names == ["Pegasus (blue)"], names
s = g["shoes"][0]
# retiring a shoe ends it being the usual one (src/app/gear.c)
assert s["default"] is False and s["retired"] is True and s["retire_km"] == 650 and s["brand"] == "Nike", s
PY
echo "ok: shoes page"
