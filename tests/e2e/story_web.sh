#!/usr/bin/env bash
# The runner's whole story in one browser session (issue #15's "Must show"),
# driven by tests/e2e/web/story.mjs on Debian's Chromium with playwright-core
# (no browser download), from an empty store: the welcome page -> its import
# link -> an export zip dropped on the Import page (a FIT run, a GPX run, a
# damaged FIT, a note) with the progress reaching the end and the damaged file
# named -> the runs listed -> profile and race with a course file in Settings
# -> a shoe added and assigned to a run -> pain logged and the red-flag screen
# answered -> a journal entry edited and one deleted -> a run deleted and the
# deletion undone -> a reload: everything kept (checked through the API and
# then through the CLI on the same store). Screenshots of each page at desktop
# and phone width in docs/screenshots/story-*.png.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/browser.sh"
. "$(dirname "$0")/lib/serve.sh"
need zip
. "$(dirname "$0")/lib/export_zip.sh"
t=$(mktemp -d "$SG_TMP/story.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
make_export_zip "$t"
serve_up "$t/serve.log" --db "$t/story.db" serve
BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium" ZIP="$t/export.zip" COURSE_FILE="$t/demo/course.gpx" \
  SHOT_DIR="$SG_SOURCE_DIR/docs/screenshots" node "$web/story.mjs"
kill $srv; wait $srv 2>/dev/null || true; srv=
# the same store through the CLI: what the browser wrote is there
"$SG_CLI" --db "$t/story.db" runs --json >"$t/runs.json"
"$SG_CLI" --db "$t/story.db" gear --json >"$t/gear.json"
"$SG_CLI" --db "$t/story.db" journal --json >"$t/journal.json"
"$SG_CLI" --db "$t/story.db" athlete show >"$t/athlete.txt"
python3 - "$t" <<'PY' || { echo "FAIL: the CLI does not see what the browser stored"; exit 1; }
import json, sys
t = sys.argv[1]
runs = json.load(open(f"{t}/runs.json"))
assert len(runs) == 3, [r["id"] for r in runs]
gear = json.load(open(f"{t}/gear.json"))
assert [s["name"] for s in gear["shoes"]] == ["Story shoe"], gear["shoes"]
j = json.load(open(f"{t}/journal.json"))
entries = j if isinstance(j, list) else j.get("entries", j)
notes = [e.get("note") for e in entries if e.get("kind") == "pain"]
assert notes == ["after the hills, edited"], notes
a = open(f"{t}/athlete.txt").read()
assert "course.gpx" in a and "kept in the store" in a, a
PY
echo "ok: the runner's story"
