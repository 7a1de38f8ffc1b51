# Sourced by the browser tests (tests/e2e/dashboard.sh, flow.sh; this folder
# is not a test). Checks Debian's Chromium and the test tools, and installs
# playwright-core (pinned in tests/e2e/web/package-lock.json; never a browser
# download) when it is absent or its pinned version changed. Sets $chromium
# and $web. Needs SG_SOURCE_DIR.
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "FAIL: $chromium is not installed (scripts/deps.sh test installs it)"; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/need.sh"
need node curl
web="$SG_SOURCE_DIR/tests/e2e/web"
. "$(dirname "${BASH_SOURCE[0]}")/npm.sh"
npm_ready "$web" playwright-core || exit 1
