#!/usr/bin/env bash
# The clinician's view over HTTP (issue #16, part E; docs/cli.md "serve
# --clinic"): two clinics, a clinician in each, two runners of the first with
# journal data. The first clinician's roster lists both runners sorted by
# tier with the tiers their own `check` gives, served from the per-athlete
# cache the second time; a lumbar finding is recorded and an exercise
# assigned, the runner's plan shows it as the clinician's; runner data is read
# with athlete=ID (a write of the runner's data stays the runner's); the
# second clinic's clinician gets the same 404 on every route for that runner
# as for an athlete that does not exist; the runner's audit log lists each
# clinician access. With --pg the store is a fresh schema of the CTest
# fixture's PostgreSQL cluster (e2e_clinic_view_pg).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/clinicview.XXXXXX")
schema=""
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, drops $schema
. "$(dirname "$0")/lib/clinic_db.sh"
clinic_db clinicview "${1-}"

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }

pw_admin='correct horse battery'
printf '%s\n' "$pw_admin" | sg admin create admin --password-stdin >/dev/null
sg clinic create North >/dev/null
sg clinic create South >/dev/null

clinic_serve --threads 4

want() { [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"; }
field() { clinic_field "$@"; }
check() { # check PYTHON-EXPR WHAT: the expression over d, the body's JSON
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert eval(sys.argv[2]), d' "$t/body" "$1" 2>"$t/perr" &&
    ok "$2" || bad "$2: $(tail -c 400 "$t/perr")"
}
login() { # login LOGIN PASSWORD: the session in the file $t/LOGIN
  clinic_sign_in "$1" "$2" "$t/$1"
  [ "$code" = 200 ] || bad "login $1: $code $(cat "$t/body")"
}
invite() { # invite SESSION BODY LOGIN PASSWORD
  clinic_call POST /api/codes "$1" "$2"; want 200 "code for $3"
  local c; c=$(field code)
  clinic_call POST /api/accept "" "{\"code\":\"$c\",\"login\":\"$3\",\"password\":\"$4\"}"; want 200 "$3 accepts"
}

pw='a long enough password'
login admin "$pw_admin"
invite "$t/admin" '{"kind":"invite","role":"clinician","clinic":"North"}' dr.north "$pw"
invite "$t/admin" '{"kind":"invite","role":"clinician","clinic":"South"}' dr.south "$pw"
login dr.north "$pw"; n="$t/dr.north"
login dr.south "$pw"; s="$t/dr.south"
invite "$n" '{"kind":"invite","role":"runner"}' ann "$pw"
invite "$n" '{"kind":"invite","role":"runner"}' bob "$pw"
login ann "$pw"; ann="$t/ann"
clinic_call GET /api/me "$ann"; ann_id=$(field athlete_id)
login bob "$pw"; bob="$t/bob"
clinic_call GET /api/me "$bob"; bob_id=$(field athlete_id)

today=$(date -u +%F)
race=$(date -u -d '+10 days' +%F)
# ann: a profile with a race in 10 days, lumbar pain and a red-flag answer
clinic_call POST /api/athlete "$ann" "{\"sex\":\"female\",\"birth_year\":1988,\"race_date\":\"$race\"}"
want 200 "ann's profile"
clinic_call POST /api/journal "$ann" "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"severity\":6,\"timing\":\"during\"}"
want 201 "ann logs lumbar pain"
clinic_call POST /api/journal "$ann" "{\"kind\":\"screen\",\"date\":\"$today\",\"yes\":[\"saddle_numbness\"]}"
want 201 "ann answers a red-flag question"
# bob: a profile and mild pain
clinic_call POST /api/athlete "$bob" '{"sex":"male","birth_year":1990}'; want 200 "bob's profile"
clinic_call POST /api/journal "$bob" "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"hip\",\"side\":\"right\",\"severity\":2,\"timing\":\"after\"}"
want 201 "bob logs mild hip pain"
clinic_call GET /api/check "$ann"; ann_tier=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["triage"]["tier"])' "$t/body" 2>/dev/null || field tier)
clinic_call GET /api/check "$bob"; bob_tier=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["triage"]["tier"])' "$t/body" 2>/dev/null || field tier)

# --- the roster ----------------------------------------------------------------------
clinic_call GET /api/clinic/roster "$n"; want 200 "the clinician's roster"
check "[r['login'] for r in d['runners']] == ['ann', 'bob']" "the roster lists ann (red flag) before bob"
check "d['runners'][0]['tier'] == '$ann_tier' and d['runners'][1]['tier'] == '$bob_tier' and '$ann_tier' != '$bob_tier'" \
  "the roster's tiers are the runners' own check ($ann_tier, $bob_tier)"
check "d['runners'][0]['warning_signs'] >= 1 and d['runners'][0]['pain_max_14d'] == 6 and d['runners'][0]['days_to_race'] == 10 and d['runners'][0]['taper']" \
  "ann's row: signs, pain, days to race, taper"
check "d['cached'] == 0" "first roster: computed"
clinic_call GET /api/clinic/roster "$n"
check "d['cached'] == 2" "second roster: both rows from the cache"
clinic_call POST /api/journal "$bob" "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"thoracic\",\"side\":\"central\",\"severity\":3,\"timing\":\"after\"}"
want 201 "bob logs more pain"
clinic_call GET /api/clinic/roster "$n"
check "d['cached'] == 1 and d['runners'][1]['pain_max_14d'] == 3" "bob's new entry recomputes bob's row only"
clinic_call GET /api/clinic/roster "$s"; want 200 "the other clinic's roster"
check "d['runners'] == []" "the other clinic sees no runner of North"
clinic_call GET /api/clinic/roster "$ann"; want 403 "a runner has no roster"

# --- reading the runner's data ---------------------------------------------------------
clinic_call GET "/api/runs?athlete=$ann_id" "$n"; want 200 "the clinician reads ann's runs"
clinic_call GET "/api/journal?athlete=$ann_id" "$n"; want 200 "the clinician reads ann's journal"
check "any(e.get('region') == 'lumbar' for e in (d['entries'] if isinstance(d, dict) else d))" "the journal read is ann's"
clinic_call GET "/api/check?athlete=$bob_id" "$n"; want 200 "the clinician reads bob's check"
clinic_call GET /api/runs "$n"; want 400 "a clinician without athlete="
clinic_call GET "/api/runs?athlete=abc" "$n"; want 400 "a bad athlete="
clinic_call GET "/api/runs?athlete=abc"; want 401 "signed out, any athlete=: sign in first"
clinic_call GET "/api/runs?athlete=$ann_id"; want 401 "signed out with a real athlete="
clinic_call POST "/api/journal?athlete=$ann_id" "$n" "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"hip\",\"side\":\"left\",\"severity\":1,\"timing\":\"after\"}"
want 403 "the clinician may not write the runner's journal"
clinic_call GET "/api/runs?athlete=$bob_id" "$ann"; want 404 "a runner naming another athlete"
clinic_call GET "/api/runs?athlete=$ann_id" "$ann"; want 200 "a runner naming their own athlete"

# --- findings and assignments ------------------------------------------------------------
clinic_call --no-csrf POST "/api/findings?athlete=$ann_id" "$n" "{\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"text\":\"Tender L4-L5 on palpation\"}"
want 403 "a finding without the CSRF token"
clinic_call POST "/api/findings?athlete=$ann_id" "$n" "{\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"text\":\"Tender L4-L5 on palpation\"}"
want 200 "a lumbar finding recorded"; fid=$(field id)
clinic_call POST "/api/findings?athlete=$ann_id" "$n" "{\"date\":\"$today\",\"region\":\"knee\",\"side\":\"left\",\"text\":\"x\"}"
want 400 "a region outside the list"
clinic_call POST "/api/findings?athlete=$ann_id" "$n" "{\"date\":\"$today\",\"region\":\"hip\",\"side\":\"up\",\"text\":\"x\"}"
want 400 "a side outside the list"
clinic_call POST "/api/findings?athlete=$ann_id" "$n" "{\"date\":\"someday\",\"region\":\"hip\",\"side\":\"left\",\"text\":\"x\"}"
want 400 "a bad date"
clinic_call GET "/api/findings?athlete=$ann_id" "$n"; want 200 "the clinician lists ann's findings"
check "len(d['findings']) == 1 and d['findings'][0]['region'] == 'lumbar' and d['findings'][0]['side'] == 'left'" "one lumbar finding"
clinic_call GET /api/findings "$ann"; want 200 "ann reads the findings about her"
clinic_call POST /api/findings "$ann" "{\"date\":\"$today\",\"region\":\"hip\",\"side\":\"left\",\"text\":\"x\"}"
want 403 "a runner may not record findings"
clinic_call GET "/api/findings?athlete=$bob_id" "$n"
check "d['findings'] == []" "bob has no findings (they are per athlete)"
clinic_call DELETE "/api/findings/$fid?athlete=$bob_id" "$n"; want 404 "deleting ann's finding as bob's"

clinic_call POST "/api/assignments?athlete=$ann_id" "$n" '{"exercise":"no_such_exercise","dose":"3x8"}'
want 400 "an exercise not in the library"
clinic_call POST "/api/assignments?athlete=$ann_id" "$n" "{\"exercise\":\"dead_bug\",\"dose\":\"3 x 8 per side\",\"notes\":\"slow lowering\",\"from\":\"$today\"}"
want 200 "an exercise assigned"; aid=$(field id)
clinic_call GET /api/plan "$ann"; want 200 "ann's plan"
check "any(a['exercise'] == 'dead_bug' and a['by'] == 'clinician' and a['dose'] == '3 x 8 per side' and a['notes'] == 'slow lowering' for a in d['clinician_assignments'])" \
  "ann's plan shows the clinician's assignment with dose and notes"
clinic_call GET "/api/plan?athlete=$ann_id" "$n"; want 200 "the clinician reads ann's plan"
clinic_call GET /api/plan "$bob"
check "'clinician_assignments' not in d" "bob's plan has no assignment of ann's"
clinic_call GET "/api/visit?athlete=$ann_id" "$n"; want 200 "the visit summary"
grep -q 'Tender L4-L5' "$t/body" && grep -q 'lumbar' "$t/body" && grep -qi 'does not diagnose' "$t/body" &&
  ok "the visit summary holds the finding, labelled" || bad "visit: $(head -c 300 "$t/body")"
grep -qi '^Content-Type: text/html' "$t/hdr" && ok "the visit summary is HTML" || bad "visit type"

# --- the second clinic: the same 404 for this runner as for none -------------------------
for who in "$ann_id" 999999; do
  for r in "GET /api/runs" "GET /api/athlete" "GET /api/runs/1" "GET /api/runs/changes" "GET /api/load" \
           "GET /api/race" "GET /api/imu" "GET /api/imu/1" "GET /api/journal" "GET /api/journal/export" \
           "GET /api/check" "GET /api/ostrc" "GET /api/plan" "GET /api/gear" "GET /api/findings" \
           "GET /api/assignments" "GET /api/visit" "POST /api/findings" "POST /api/assignments" \
           "DELETE /api/findings/$fid" "DELETE /api/assignments/$aid" "POST /api/journal" \
           "POST /api/athlete" "POST /api/gear" "DELETE /api/runs/1" "DELETE /api/journal/1"; do
    set -- $r
    clinic_call "$1" "$2?athlete=$who" "$s" '{}'
    [ "$code" = 404 ] || bad "second clinic: $r for athlete $who: $code"
  done
done
ok "the second clinic's clinician: 404 on every route, for ann and for no one"

# --- the audit log: each clinician access, for the runner to see ---------------------------
clinic_call DELETE "/api/assignments/$aid?athlete=$ann_id" "$n"; want 200 "the assignment removed"
clinic_call DELETE "/api/findings/$fid?athlete=$ann_id" "$n"; want 200 "the finding removed"
clinic_call GET /api/audit "$ann"; want 200 "ann's audit log"
check "{(a['action'], a['detail']) for a in d['audit']} >= {('read', 'GET /api/clinic/roster'), ('read', 'GET /api/runs'), ('read', 'GET /api/journal'), ('write', 'POST /api/findings'), ('read', 'GET /api/findings'), ('write', 'POST /api/assignments'), ('read', 'GET /api/plan'), ('read', 'GET /api/visit'), ('write', 'DELETE /api/findings/$fid'), ('write', 'DELETE /api/assignments/$aid')}" \
  "the audit log lists each clinician read and write"
clinic_call GET /api/me "$n"; n_id=$(field account_id)
clinic_call GET /api/me "$s"; s_id=$(field account_id)
clinic_call GET /api/audit "$ann"
check "all(a['account_id'] == $n_id for a in d['audit'])" "only North's clinician appears in ann's log"
clinic_call GET /api/audit "$bob"
check "not any(a['detail'] == 'GET /api/runs' for a in d['audit']) and any(a['detail'] == 'GET /api/check' for a in d['audit'])" \
  "bob's log holds bob's reads only"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinician's view ok"
