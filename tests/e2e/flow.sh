#!/usr/bin/env bash
# Browser test of the runner's whole flow in the dashboard (issue #15), from
# an empty store, driven by tests/e2e/web/flow.mjs on Debian's Chromium with
# playwright-core (no browser download). Any console error fails it.
# Screenshots at desktop (1280x800) and phone (390x844) width are refreshed in
# docs/screenshots/flow-*.png.
# Done so far: step 1, the welcome page of an empty store.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "FAIL: $chromium is not installed (scripts/deps.sh test installs it)"; exit 1; }
. "$(dirname "$0")/lib/need.sh"
need node npm curl
web="$SG_SOURCE_DIR/tests/e2e/web"
if [ ! -d "$web/node_modules/playwright-core" ] ||
   [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    { echo "FAIL: npm ci of playwright-core failed in $web (is the npm registry reachable?)"; exit 1; }
fi
t=$(mktemp -d "$SG_TMP/flow.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
db="$t/empty.db"
port=$((20000 + RANDOM % 20000))
"$SG_CLI" --db "$db" serve --listen 127.0.0.1:$port >"$t/serve.log" 2>&1 &
srv=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" \
  node "$web/flow.mjs"
