#!/usr/bin/env bash
# Browser test of the dashboard's Import page (issue #15), driven by
# tests/e2e/web/import.mjs on Debian's Chromium with playwright-core (no
# browser download): from an empty store, the export zip of
# lib/export_zip.sh (a FIT run, a GPX run, a damaged file, a note) is set on
# the page's file input; the progress reaches the end with the damaged file
# named, the runs appear, and a reload shows the finished import. Screenshots
# at desktop and phone width are refreshed in docs/screenshots/import-*.png.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
need zip
. "$(dirname "$0")/lib/export_zip.sh"
t=$(mktemp -d "$SG_TMP/dash_import.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
make_export_zip "$t"
mkdir "$t/store"
port=$((20000 + RANDOM % 20000))
"$SG_CLI" --db "$t/store/empty.db" serve --listen 127.0.0.1:$port >"$t/serve.log" 2>&1 &
srv=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" ZIP="$t/export.zip" \
  SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" node "$web/import.mjs"
