#!/usr/bin/env bash
# `strideguard plan`'s text lists the clinician's assignments in force, as
# its JSON does (`clinician_assignments`; docs/cli.md "plan"): after the plan,
# labelled as the clinic's, with exercise, dose, dates, who and notes; an
# assignment not in force on --today is not listed; a store without any
# prints no such section; the clinician's free text cannot send terminal
# escapes. The rows are written as the clinic server stores them.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/plan_assigned.XXXXXX")
trap 'rm -rf "$t"' EXIT
db=$t/s.db
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }
T="--today 2025-10-19"

sg athlete set --sex female --birth-year 1988 >/dev/null
sg plan $T >"$t/none.txt"
grep -q 'From your clinician' "$t/none.txt" && bad "a section without assignments" || ok "no assignments: no section"

python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = [
    (7, "dead_bug", "3 x 10, every other day", "Keep the lower back down\x1b[31m", "2025-10-01", None),
    (7, "side_plank", "2 x 30 s each side", "", "2025-10-15", "2025-11-15"),
    (7, "glute_bridge", "3 x 12", "ended", "2025-09-01", "2025-10-10"),
]
for acct, ex, dose, notes, frm, to in rows:
    c.execute("INSERT INTO assignments(athlete_id, account_id, exercise, dose, notes, from_date, to_date,"
              " created_utc, updated_utc) VALUES (1, ?, ?, ?, ?, ?, ?, 0, 0)", (acct, ex, dose, notes, frm, to))
c.commit()
PY
sg plan $T >"$t/plan.txt"
sg plan $T --json >"$t/plan.json"
sed -n '/^From your clinician/,$p' "$t/plan.txt" >"$t/section.txt"
[ -s "$t/section.txt" ] && ok "the section: $(head -1 "$t/section.txt")" || bad "no section: $(cat "$t/plan.txt")"
grep -q '^From your clinician (assigned by the clinic, not part of the plan above):$' "$t/section.txt" ||
  bad "the label: $(head -1 "$t/section.txt")"
grep -q '^    Dead bug: 3 x 10, every other day$' "$t/section.txt" && ok "exercise and dose" || bad "dead bug: $(cat "$t/section.txt")"
grep -q '^      from 2025-10-01, open-ended, assigned by clinician account 7$' "$t/section.txt" &&
  ok "dates and who (open-ended)" || bad "dates: $(cat "$t/section.txt")"
grep -q '^      from 2025-10-15 to 2025-11-15, assigned by clinician account 7$' "$t/section.txt" &&
  ok "dates (an end)" || bad "dates: $(cat "$t/section.txt")"
grep -q '^      notes: Keep the lower back down \[31m$' "$t/section.txt" && ok "notes, the escape byte printed as a space" ||
  bad "notes: $(cat -v "$t/section.txt")"
grep -q $'\x1b' "$t/plan.txt" && bad "an escape byte reached the terminal" || ok "no escape byte in the text"
grep -qi 'glute\|notes: ended' "$t/section.txt" && bad "an assignment no longer in force is listed" || ok "only those in force"
python3 - "$t/plan.json" "$t/section.txt" <<'PY' && ok "the text lists what the JSON lists" || bad "text and JSON differ"
import json, sys
a = json.load(open(sys.argv[1]))["clinician_assignments"]
text = open(sys.argv[2]).read()
assert len(a) == 2, a
for x in a:
    assert "    %s: %s\n" % (x["exercise_name"], x["dose"]) in text, x
PY
# the plan itself is unchanged: the section follows it
n=$(wc -l <"$t/none.txt")
head -n "$n" "$t/plan.txt" | cmp -s - "$t/none.txt" && ok "the generated plan unchanged, the section after it" ||
  bad "the plan changed: $(diff "$t/none.txt" "$t/plan.txt" | head -5)"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "plan text with assignments ok"
