#!/usr/bin/env bash
# The red-flag screen and the triage over the CLI (issue #13):
#   - bilateral foot numbness without back pain is "evaluate", not an
#     emergency; bilateral leg symptoms with back pain within 72 h are;
#   - a check without answers says which questions are unanswered and never
#     "nothing flagged"; answers given to `check` are stored as a screen
#     entry, count on the next check without answers, and are asked again
#     after new pain (the "no" answers) or after 7 days;
#   - "not sure" raises a flag one tier lower than "yes";
#   - the OSTRC-O2 week is scored as published and listed in the journal.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need jq
work=$(mktemp -d "$SG_TMP/screen.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$work/sg.db" "$@"; }
T="--today 2026-03-10"
tier() { sg check --json $T "$@" | jq -r .tier; }

# ---- tight laces: both feet numb on two days, no back pain ----
sg log pain --region foot --side left --severity 1 --numbness --date 2026-03-07 $T >/dev/null
sg log pain --region foot --side right --severity 1 --numbness --date 2026-03-09 $T >/dev/null
sg check --json --no-save $T >"$work/c1.json"
jq -e '.tier == "evaluate"' "$work/c1.json" >/dev/null || fail "tight laces: $(jq -c '.tier, [.reasons[].rule]' "$work/c1.json")"
jq -e '[.reasons[].rule] | index("bilateral_leg_symptoms_no_back_pain") != null' "$work/c1.json" >/dev/null ||
  fail "tight laces rule: $(jq -c '[.reasons[].rule]' "$work/c1.json")"
# nothing answered: every question listed as unanswered, never "nothing flagged"
jq -e '.screen_incomplete and (.unanswered | length) == (.screen.questions | length) and
       .screen.status == "none" and all(.screen.questions[]; .answer == "unanswered")' \
  "$work/c1.json" >/dev/null || fail "unanswered screen: $(jq -c '.screen.status, .unanswered' "$work/c1.json")"
out=$(sg check --no-save $T)
grep -q "Not answered yet" <<<"$out" || fail "text: no unanswered list"
! grep -qiE "nothing flagged|all clear\." <<<"$out" || fail "text reassures"
grep -q "never been answered" <<<"$out" || fail "text: screen status"

# ---- the same with low back pain the day before: emergency ----
sg log pain --region lumbar --side central --severity 5 --date 2026-03-08 $T >/dev/null
[ "$(tier --no-save)" = emergency ] || fail "bilateral + back pain is not emergency"

# ---- answers are stored and count on the next check ----
fresh() { rm -f "$work/sg.db"; }
fresh
sg check --no all --yes fever $T --json >/dev/null
[ "$(sg journal --json | jq '[.[] | select(.kind == "screen")] | length')" = 1 ] || fail "answers not stored"
sg check --json $T >"$work/c2.json"
jq -e '.tier == "urgent" and (.screen_incomplete | not) and .screen.status == "fresh" and
       .screen.last_answered == "2026-03-10"' "$work/c2.json" >/dev/null ||
  fail "stored answers: $(jq -c '.tier, .screen.status, .unanswered' "$work/c2.json")"
# new pain: the "no" answers are asked again, the "yes" stays
sg log pain --region lumbar --side left --severity 3 $T >/dev/null
sg check --json --no-save $T >"$work/c3.json"
jq -e '.tier == "urgent" and .screen_incomplete and .screen.status == "new_pain" and
       ([.screen.questions[] | select(.asked_again)] | length) == (.screen.questions | length) - 1' \
  "$work/c3.json" >/dev/null || fail "new pain: $(jq -c '.tier, .screen.status' "$work/c3.json")"
# eight days later nothing stored counts
jq -e '.screen.status == "expired" and .screen_incomplete' \
  <(sg check --json --no-save --today 2026-03-18) >/dev/null || fail "expiry"

# ---- "not sure" ----
fresh
[ "$(tier --no all --unsure saddle_numbness)" = urgent ] || fail "unsure saddle numbness"
[ "$(tier --no all --unsure low_energy_availability)" = evaluate ] || fail "unsure low energy"
set +e
sg check --yes fever --unsure fever $T >/dev/null 2>"$work/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "two answers" "$work/err" || fail "two answers accepted ($rc)"

# ---- one entry carries 'worse as the run went on' and 'did not ease' ----
fresh
sg log pain --region lumbar --side central --severity 3 --worse-during $T >/dev/null
sg check --json --no all $T | jq -e '[.reasons[].rule] | index("pain_rises_in_run") != null' >/dev/null ||
  fail "worse-during"
fresh
sg log pain --region lumbar --side central --severity 2 --stiffness-min 15 --eases no $T >/dev/null
sg check --json --no all $T | jq -e '[.reasons[].rule] | index("stiffness_not_loosening") != null' >/dev/null ||
  fail "eases no"

# ---- OSTRC-O2 ----
fresh
sg log ostrc --area lower_back --answers 1,1,1,1 $T --json | jq -e '.severity == 28 and (.substantial | not)' \
  >/dev/null || fail "ostrc 28"
sg log ostrc --area hip_groin --answers 3,-,-,3 $T --json | jq -e '.severity == 100 and .substantial' \
  >/dev/null || fail "ostrc 100"
sg journal | grep -q "OSTRC-O2 lower_back: severity 28/100" || fail "ostrc in journal text"
set +e
sg log ostrc --area lower_back --answers 1,1,-,1 $T >/dev/null 2>"$work/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "question 3" "$work/err" || fail "incomplete ostrc accepted ($rc): $(cat "$work/err")"
echo "ok: triage screen"
