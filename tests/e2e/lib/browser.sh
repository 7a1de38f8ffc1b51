# Sourced by the browser tests (tests/e2e/dashboard.sh, flow.sh; this folder
# is not a test). Checks Debian's Chromium and the test tools, and installs
# playwright-core (pinned in tests/e2e/web/package-lock.json; never a browser
# download) when it is absent or its pinned version changed. Sets $chromium
# and $web. Needs SG_SOURCE_DIR.
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "FAIL: $chromium is not installed (scripts/deps.sh test installs it)"; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/need.sh"
need node npm curl
web="$SG_SOURCE_DIR/tests/e2e/web"
if [ ! -d "$web/node_modules/playwright-core" ] ||
   [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    { echo "FAIL: npm ci of playwright-core failed in $web (is the npm registry reachable?)"; exit 1; }
fi
