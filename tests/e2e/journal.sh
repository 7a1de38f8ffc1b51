#!/usr/bin/env bash
# `log`, `journal`, `check`, `plan` on bad input: one line on stderr,
# exit 2 for usage errors and 1 for conflicts, and nothing stored changes
# (the whole journal is compared before and after every refusal).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need jq
work=$SG_TMP/journal_e2e.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$work/sg.db" "$@"; }
T="--today 2025-10-20"

sg demo --files-only "$work/files" --weeks 1 --no-taper --spike-week none \
  --race-date 2025-10-19 >/dev/null
sg import "$work/files/fit" >/dev/null
run=$(sg runs --json | jq -r '.[0].id')
run_day=$(sg runs --json | jq -r '.[0].start[0:10]')

id1=$(sg log pain --date 2025-10-14 --region lumbar --side left --severity 3 --timing during \
        --km 8.5 --note "downhill" --run "$run" $T --json | jq -r .id)
sg log prehab dead_bug --date 2025-10-14 $T >/dev/null
sg log rpe --run "$run" --rpe 6 $T --json | jq -e --arg d "$run_day" '.date == $d and .rpe == 6' \
  >/dev/null || fail "rpe takes the run's date"
sg journal --json >"$work/before.json"
[ "$(jq length "$work/before.json")" = 3 ] || fail "three entries expected"
sg journal | grep -q "lumbar left 3/10 during at 8.5 km" || fail "text listing"

# refused: code, one line starting "strideguard: ", journal unchanged
refuse() {
  local want=$1 words=$2; shift 2
  set +e
  sg "$@" >/dev/null 2>"$work/err"; local rc=$?
  set -e
  [ "$rc" = "$want" ] || fail "'$*' exit $rc, expected $want ($(cat "$work/err"))"
  [ "$(wc -l <"$work/err")" = 1 ] || fail "'$*' error is not one line: $(cat "$work/err")"
  grep -q "^strideguard: .*$words" "$work/err" || fail "'$*' message: $(cat "$work/err")"
  sg journal --json | cmp -s - "$work/before.json" || fail "'$*' changed the journal"
}
P="log pain --date 2025-10-14 --region lumbar --side left"
refuse 2 "severity 11 is out of range" $P --severity 11 $T
refuse 2 "severity -1 is out of range" $P --severity -1 $T
refuse 2 "unknown region 'lumbarr'" log pain --region lumbarr --side left --severity 2 $T
refuse 2 "unknown side 'up'" log pain --region lumbar --side up --severity 2 $T
refuse 2 "unknown timing" $P --severity 2 --timing later $T
refuse 2 "in the future" log pain --date 2025-10-21 --region hip --side left --severity 2 $T
refuse 2 "not a" log pain --date 2025-02-30 --region hip --side left --severity 2 $T
refuse 2 "stiffness" $P --severity 2 --stiffness-min 2000 $T
refuse 1 "duplicate: .*entry $id1" $P --severity 5 --timing during --run "$run" $T
refuse 1 "no run with id 9999" log pain --date 2025-10-14 --region hip --side left --severity 2 --run 9999 $T
refuse 2 "unknown exercise 'no_such'" log prehab no_such --date 2025-10-14 $T
refuse 1 "duplicate" log prehab dead_bug --date 2025-10-14 $T
refuse 1 "no run with id 9999" log rpe --run 9999 --rpe 5 $T
refuse 1 "duplicate" log rpe --run "$run" --rpe 7 $T
refuse 2 "rpe" log rpe --run "$run" --rpe 12 $T
refuse 2 "expected pain, prehab, rpe or ostrc" log walk
refuse 2 "--severity expects a whole number" $P --severity lots $T
refuse 1 "no journal entry 999" journal edit 999 --severity 2
refuse 2 "severity 12" journal edit "$id1" --severity 12 $T
refuse 1 "no journal entry 999" journal delete 999
refuse 2 "unknown kind" journal --kind walk
refuse 2 "unknown red flag" check --red-flag saddle
refuse 1 "no athlete profile" plan --week 2025-10-13 $T
refuse 2 "unknown run kind" plan --run 2025-10-15:jog

# edit and delete
sg journal edit "$id1" --severity 4 --radiates --timing after $T --json |
  jq -e '.severity == 4 and .radiates == true and .timing == "after" and .note == "downhill"' \
  >/dev/null || fail "edit"
sg journal edit "$id1" --no-radiates --run none $T --json | jq -e '.radiates == false and .run_id == null' \
  >/dev/null || fail "edit clears"
sg journal --kind pain --since 2025-10-14 --until 2025-10-14 --json | jq -e 'length == 1' >/dev/null ||
  fail "filters"
sg journal --since 2025-10-15 --json | jq -e 'length == 0' >/dev/null || fail "since"
sg journal delete "$id1" >/dev/null
sg journal --json | jq -e 'length == 2' >/dev/null || fail "delete"

# check without a terminal does not ask; exit 0 whatever the tier
sg check $T </dev/null | grep -q "If in doubt, get checked" || fail "check text"
sg check $T --no all --json | jq -e '.screen_incomplete == false and .tier == "self_care"' >/dev/null ||
  fail "all answered no"
sg check $T --red-flag fever,night_pain --json | jq -e '.tier == "urgent" and (.reasons | length == 2)' \
  >/dev/null || fail "urgent"
# help texts
for c in log journal check plan; do sg "$c" --help >/dev/null || fail "$c --help"; done
echo ok
