#!/usr/bin/env bash
# `strideguard race`: no race set (a clear message, JSON null), the profile's
# course, a course without elevation, a course file that has gone, and the
# --date/--course what-if.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/race.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db=$t/db.sqlite

"$SG_CLI" demo --files-only "$t/f" --weeks 4 --spike-week none --race-date 2025-03-30 >/dev/null
"$SG_CLI" --db "$db" import "$t/f/fit" >/dev/null
"$SG_CLI" --db "$db" athlete set --hr-rest 50 --hr-max 186 >/dev/null

# no race: text says how to set one; JSON is null with the hint on stderr; exit 0
"$SG_CLI" --db "$db" race --today 2025-03-20 >"$t/out" 2>"$t/err"
grep -q "No race set (strideguard athlete set --race-date" "$t/out" || fail "no-race text: $(cat "$t/out")"
[ ! -s "$t/err" ] || fail "no-race text stderr: $(cat "$t/err")"
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/out" 2>"$t/err"
[ "$(cat "$t/out")" = null ] || fail "no-race json: $(cat "$t/out")"
grep -q "^strideguard: no race date set" "$t/err" || fail "no-race json stderr: $(cat "$t/err")"

# the profile's race and course
"$SG_CLI" --db "$db" athlete set --race-date 2025-03-30 --course "$t/f/course.gpx" >/dev/null
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/race.json"
"$SG_CLI" --db "$db" race --today 2025-03-20 >"$t/race.txt"
python3 - "$t/race.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["date"] == "2025-03-30" and r["days_to_race"] == 10, r
c = r["course"]
assert c and c["has_elevation"] is True and c["descent_m"] > 500, c
for k in ("prepared", "taper", "progression", "flags"):
    assert k in r, k
codes = [f["code"] for f in r["flags"]]
assert "no_course" not in codes and "course_no_elevation" not in codes, codes
PY
grep -q "^Before race day" "$t/race.txt" && grep -q "Course: .* up, .* down" "$t/race.txt" ||
  fail "race text: $(cat "$t/race.txt")"
# load --json embeds the same race object
"$SG_CLI" --db "$db" load --today 2025-03-20 --json |
  python3 -c 'import json,sys; d=json.load(sys.stdin); r=json.load(open(sys.argv[1])); assert d["race"] == r' "$t/race.json"

# a course without elevation: reported, not a crash
sed 's#<ele>[^<]*</ele>##g' "$t/f/course.gpx" >"$t/flat.gpx"
! grep -q "<ele>" "$t/flat.gpx" || fail "sed left elevation in"
"$SG_CLI" --db "$db" athlete set --course "$t/flat.gpx" >/dev/null
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/flat.json"
python3 - "$t/flat.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["course"]
assert c["has_elevation"] is False and c["descent_m"] is None and c["distance_m"] > 40000, c
assert "course_no_elevation" in [f["code"] for f in r["flags"]], r["flags"]
PY

# the course is kept in the store: moving the file changes nothing
mv "$t/flat.gpx" "$t/moved.gpx"
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/kept.json" 2>"$t/err"
[ ! -s "$t/err" ] || fail "kept course stderr: $(cat "$t/err")"
cmp -s "$t/flat.json" "$t/kept.json" || fail "the race changed when the course file moved"
"$SG_CLI" --db "$db" athlete show | grep -q "^course  *flat.gpx (.* points, kept in the store)" ||
  fail "athlete show course: $("$SG_CLI" --db "$db" athlete show | grep course)"

# a profile from before the course was stored (a path only) whose file has
# gone: a warning, a flag, the rest still computed (exit 0)
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DELETE FROM kv WHERE key LIKE 'course.%'")
c.commit()
PY
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/gone.json" 2>"$t/err"
grep -q "^strideguard: warning: $t/flat.gpx: race course not used" "$t/err" ||
  fail "gone stderr: $(cat "$t/err")"
python3 - "$t/gone.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["course"] is None
assert "course_unreadable" in [f["code"] for f in r["flags"]], r["flags"]
assert r["taper"]["longest_run_m"] > 10000, r["taper"]
PY

# what-if: another date and course without touching the profile
"$SG_CLI" --db "$db" race --today 2025-03-20 --date 2025-04-27 --course "$t/f/course.gpx" --json >"$t/wi.json" 2>/dev/null
python3 - "$t/wi.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["date"] == "2025-04-27" and r["days_to_race"] == 38, r
assert r["course"]["has_elevation"] is True
PY
"$SG_CLI" --db "$db" athlete show --json | grep -q '"race_date": "2025-03-30"' || fail "profile changed"

# --course none removes it; a file that is not a course is refused with one
# line and the stored course stays
"$SG_CLI" --db "$db" athlete set --course "$t/f/course.gpx" >/dev/null
echo "not a course" >"$t/notes.txt"
! "$SG_CLI" --db "$db" athlete set --course "$t/notes.txt" >/dev/null 2>"$t/err" || fail "a text file taken as a course"
[ "$(wc -l <"$t/err")" = 1 ] && grep -q "^strideguard: $t/notes.txt: " "$t/err" || fail "bad course error: $(cat "$t/err")"
"$SG_CLI" --db "$db" athlete show | grep -q "^course  *course.gpx (" || fail "the stored course was lost"
"$SG_CLI" --db "$db" athlete set --course none >/dev/null
"$SG_CLI" --db "$db" athlete show | grep -q "^course  *not set" || fail "--course none"
"$SG_CLI" --db "$db" race --today 2025-03-20 --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["course"] is None and "no_course" in [f["code"] for f in r["flags"]], r' || fail "race after --course none"
echo "race e2e ok"
