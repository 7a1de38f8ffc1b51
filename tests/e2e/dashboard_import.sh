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
. "$(dirname "$0")/lib/serve.sh"
need zip
. "$(dirname "$0")/lib/export_zip.sh"
t=$(mktemp -d "$SG_TMP/dash_import.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
make_export_zip "$t"
mkdir "$t/store"
serve_up "$t/serve.log" --db "$t/store/empty.db" serve
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" ZIP="$t/export.zip" \
  SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" node "$web/import.mjs"
