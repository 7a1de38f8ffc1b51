#!/usr/bin/env bash
# Browser test of the clinic server's dashboard (issue #16, part E), driven by
# tests/e2e/web/clinic.mjs on Debian's Chromium with playwright-core: the
# sign-in page, the clinician's roster, a runner's dashboard read-only, the
# findings and assignments forms, the runner's Prehab page showing the
# clinician's assignment, and the runner uploading a FIT file and the export
# zip of lib/export_zip.sh on her Import page, then seeing the runs.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
need zip
. "$(dirname "$0")/lib/export_zip.sh"
t=$(mktemp -d "$SG_TMP/dash_clinic.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
make_export_zip "$t"
sg() { "$SG_CLI" --db "$t/c.db" "$@"; }
pw='a long enough password'
printf '%s\n' "$pw" | sg admin create admin --password-stdin >/dev/null
sg clinic create North >/dev/null
dr=$(sg clinic code --role clinician --clinic North | head -1)
ru=$(sg clinic code --role runner --clinic North | head -1)
serve_up "$t/serve.log" --db "$t/c.db" serve --clinic --threads 4
post() { curl -sf -X POST -H 'Content-Type: application/json' "$@"; }
# the clinician's code is used on the sign-in page's "one-time code" form by the browser test
post --data-binary "{\"code\":\"$ru\",\"login\":\"ann\",\"password\":\"$pw\"}" "$base/api/accept" >/dev/null
post -c "$t/jar" --data-binary "{\"login\":\"ann\",\"password\":\"$pw\"}" "$base/api/login" >"$t/login.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$t/login.json")
race=$(date -u -d '+40 days' +%F)
today=$(date -u +%F)
post -b "$t/jar" -H "X-CSRF-Token: $csrf" --data-binary "{\"sex\":\"female\",\"birth_year\":1988,\"race_date\":\"$race\"}" "$base/api/athlete" >/dev/null
post -b "$t/jar" -H "X-CSRF-Token: $csrf" --data-binary "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"severity\":4,\"timing\":\"during\"}" "$base/api/journal" >/dev/null
BASE_URL="$base" PW="$pw" DR_CODE="$dr" CHROMIUM="$chromium" FIT="$t/ex/run.fit" ZIP="$t/export.zip" \
  node "$web/clinic.mjs"
echo "ok: clinic dashboard"
