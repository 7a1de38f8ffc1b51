#!/usr/bin/env bash
# Browser test of deleting a run and undoing it in the dashboard (issue #15),
# driven by tests/e2e/web/runs_undo.mjs on Debian's Chromium with
# playwright-core, as tests/e2e/dashboard_gear.sh does; then the CLI reads the
# same store: the run is back and the log holds the delete and the undo.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
t=$(mktemp -d "$SG_TMP/runs_undo_web.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --no-taper --spike-week none --race-date 2025-03-30 >/dev/null
"$SG_CLI" --db "$t/g.db" import "$t/f/fit" >/dev/null
n=$("$SG_CLI" --db "$t/g.db" runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
serve_up "$t/serve.log" --db "$t/g.db" serve
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" node "$web/runs_undo.mjs"
# the CLI reads what the page did
"$SG_CLI" --db "$t/g.db" runs --json >"$t/runs.json"
"$SG_CLI" --db "$t/g.db" runs changes --json >"$t/changes.json"
python3 - "$t/runs.json" "$t/changes.json" "$n" <<'PY' || { echo "FAIL: the store does not hold what the page did"; exit 1; }
import json, sys
runs, changes = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert len(runs) == int(sys.argv[3]), runs
assert [c["kind"] for c in changes] == ["delete", "undo"], changes
assert changes[0]["run_id"] == changes[1]["run_id"] == runs[-1]["id"], (changes, runs[-1])
PY
echo "ok: runs delete and undo in the dashboard"
