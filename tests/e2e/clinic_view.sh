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
pids=()
schema=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$schema" ] && psql "$pgurl" -XAtqc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  rm -rf "$t"
}
trap cleanup EXIT

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

port=0
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  sg serve --clinic --threads 4 --listen "127.0.0.1:$port" >"$t/serve.log" 2>"$t/serve.err" &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q 'clinic server' "$t/serve.log" 2>/dev/null && break 2
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
done
grep -q 'clinic server' "$t/serve.log" || { echo "FAIL: serve --clinic did not start: $(cat "$t/serve.err")"; exit 1; }
base="http://127.0.0.1:$port"

# call METHOD PATH [BODY] [COOKIE] [CSRF]: sets $code; body in $t/body
call() {
  local args=(-s -o "$t/body" -D "$t/hdr" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json')
  [ -n "${3-}" ] && args+=(--data-binary "$3")
  [ -n "${4-}" ] && args+=(-b "sg_session=$4")
  [ -n "${5-}" ] && args+=(-H "X-CSRF-Token: $5")
  code=$(curl "${args[@]}" "$base$2")
}
want() { [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$t/body" "$1"; }
check() { # check PYTHON-EXPR WHAT: the expression over d, the body's JSON
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert eval(sys.argv[2]), d' "$t/body" "$1" 2>"$t/perr" &&
    ok "$2" || bad "$2: $(tail -c 400 "$t/perr")"
}
login() { # login LOGIN PASSWORD: sets $cookie and $csrf
  call POST /api/login "{\"login\":\"$1\",\"password\":\"$2\"}"
  [ "$code" = 200 ] || { bad "login $1: $code $(cat "$t/body")"; return; }
  cookie=$(sed -n 's/^Set-Cookie: sg_session=\([0-9a-f]*\);.*/\1/ip' "$t/hdr" | tr -d '\r')
  csrf=$(field csrf)
}
invite() { # invite COOKIE CSRF BODY LOGIN PASSWORD
  call POST /api/codes "$3" "$1" "$2"; want 200 "code for $4"
  local c; c=$(field code)
  call POST /api/accept "{\"code\":\"$c\",\"login\":\"$4\",\"password\":\"$5\"}"; want 200 "$4 accepts"
}

login admin "$pw_admin"; a_c=$cookie a_x=$csrf
pw='a long enough password'
invite "$a_c" "$a_x" '{"kind":"invite","role":"clinician","clinic":"North"}' dr.north "$pw"
invite "$a_c" "$a_x" '{"kind":"invite","role":"clinician","clinic":"South"}' dr.south "$pw"
login dr.north "$pw"; n_c=$cookie n_x=$csrf
login dr.south "$pw"; s_c=$cookie s_x=$csrf
invite "$n_c" "$n_x" '{"kind":"invite","role":"runner"}' ann "$pw"
invite "$n_c" "$n_x" '{"kind":"invite","role":"runner"}' bob "$pw"
login ann "$pw"; ann_c=$cookie ann_x=$csrf
call GET /api/me "" "$ann_c"; ann_id=$(field athlete_id)
login bob "$pw"; bob_c=$cookie bob_x=$csrf
call GET /api/me "" "$bob_c"; bob_id=$(field athlete_id)

today=$(date -u +%F)
race=$(date -u -d '+10 days' +%F)
# ann: a profile with a race in 10 days, lumbar pain and a red-flag answer
call POST /api/athlete "{\"sex\":\"female\",\"birth_year\":1988,\"race_date\":\"$race\"}" "$ann_c" "$ann_x"
want 200 "ann's profile"
call POST /api/journal "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"severity\":6,\"timing\":\"during\"}" "$ann_c" "$ann_x"
want 201 "ann logs lumbar pain"
call POST /api/journal "{\"kind\":\"screen\",\"date\":\"$today\",\"yes\":[\"saddle_numbness\"]}" "$ann_c" "$ann_x"
want 201 "ann answers a red-flag question"
# bob: a profile and mild pain
call POST /api/athlete '{"sex":"male","birth_year":1990}' "$bob_c" "$bob_x"; want 200 "bob's profile"
call POST /api/journal "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"hip\",\"side\":\"right\",\"severity\":2,\"timing\":\"after\"}" "$bob_c" "$bob_x"
want 201 "bob logs mild hip pain"
call GET /api/check "" "$ann_c"; ann_tier=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["triage"]["tier"])' "$t/body" 2>/dev/null || field tier)
call GET /api/check "" "$bob_c"; bob_tier=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["triage"]["tier"])' "$t/body" 2>/dev/null || field tier)

# --- the roster ----------------------------------------------------------------------
call GET /api/clinic/roster "" "$n_c"; want 200 "the clinician's roster"
check "[r['login'] for r in d['runners']] == ['ann', 'bob']" "the roster lists ann (red flag) before bob"
check "d['runners'][0]['tier'] == '$ann_tier' and d['runners'][1]['tier'] == '$bob_tier' and '$ann_tier' != '$bob_tier'" \
  "the roster's tiers are the runners' own check ($ann_tier, $bob_tier)"
check "d['runners'][0]['warning_signs'] >= 1 and d['runners'][0]['pain_max_14d'] == 6 and d['runners'][0]['days_to_race'] == 10 and d['runners'][0]['taper']" \
  "ann's row: signs, pain, days to race, taper"
check "d['cached'] == 0" "first roster: computed"
call GET /api/clinic/roster "" "$n_c"
check "d['cached'] == 2" "second roster: both rows from the cache"
call POST /api/journal "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"thoracic\",\"side\":\"central\",\"severity\":3,\"timing\":\"after\"}" "$bob_c" "$bob_x"
want 201 "bob logs more pain"
call GET /api/clinic/roster "" "$n_c"
check "d['cached'] == 1 and d['runners'][1]['pain_max_14d'] == 3" "bob's new entry recomputes bob's row only"
call GET /api/clinic/roster "" "$s_c"; want 200 "the other clinic's roster"
check "d['runners'] == []" "the other clinic sees no runner of North"
call GET /api/clinic/roster "" "$ann_c"; want 403 "a runner has no roster"

# --- reading the runner's data ---------------------------------------------------------
call GET "/api/runs?athlete=$ann_id" "" "$n_c"; want 200 "the clinician reads ann's runs"
call GET "/api/journal?athlete=$ann_id" "" "$n_c"; want 200 "the clinician reads ann's journal"
check "any(e.get('region') == 'lumbar' for e in (d['entries'] if isinstance(d, dict) else d))" "the journal read is ann's"
call GET "/api/check?athlete=$bob_id" "" "$n_c"; want 200 "the clinician reads bob's check"
call GET /api/runs "" "$n_c"; want 400 "a clinician without athlete="
call GET "/api/runs?athlete=abc" "" "$n_c"; want 400 "a bad athlete="
call GET "/api/runs?athlete=abc"; want 401 "signed out, any athlete=: sign in first"
call GET "/api/runs?athlete=$ann_id"; want 401 "signed out with a real athlete="
call POST "/api/journal?athlete=$ann_id" "{\"kind\":\"pain\",\"date\":\"$today\",\"region\":\"hip\",\"side\":\"left\",\"severity\":1,\"timing\":\"after\"}" "$n_c" "$n_x"
want 403 "the clinician may not write the runner's journal"
call GET "/api/runs?athlete=$bob_id" "" "$ann_c"; want 404 "a runner naming another athlete"
call GET "/api/runs?athlete=$ann_id" "" "$ann_c"; want 200 "a runner naming their own athlete"

# --- findings and assignments ------------------------------------------------------------
call POST "/api/findings?athlete=$ann_id" "{\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"text\":\"Tender L4-L5 on palpation\"}" "$n_c"
want 403 "a finding without the CSRF token"
call POST "/api/findings?athlete=$ann_id" "{\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"left\",\"text\":\"Tender L4-L5 on palpation\"}" "$n_c" "$n_x"
want 200 "a lumbar finding recorded"; fid=$(field id)
call POST "/api/findings?athlete=$ann_id" "{\"date\":\"$today\",\"region\":\"knee\",\"side\":\"left\",\"text\":\"x\"}" "$n_c" "$n_x"
want 400 "a region outside the list"
call POST "/api/findings?athlete=$ann_id" "{\"date\":\"$today\",\"region\":\"hip\",\"side\":\"up\",\"text\":\"x\"}" "$n_c" "$n_x"
want 400 "a side outside the list"
call POST "/api/findings?athlete=$ann_id" "{\"date\":\"someday\",\"region\":\"hip\",\"side\":\"left\",\"text\":\"x\"}" "$n_c" "$n_x"
want 400 "a bad date"
call GET "/api/findings?athlete=$ann_id" "" "$n_c"; want 200 "the clinician lists ann's findings"
check "len(d['findings']) == 1 and d['findings'][0]['region'] == 'lumbar' and d['findings'][0]['side'] == 'left'" "one lumbar finding"
call GET /api/findings "" "$ann_c"; want 200 "ann reads the findings about her"
call POST /api/findings "{\"date\":\"$today\",\"region\":\"hip\",\"side\":\"left\",\"text\":\"x\"}" "$ann_c" "$ann_x"
want 403 "a runner may not record findings"
call GET "/api/findings?athlete=$bob_id" "" "$n_c"
check "d['findings'] == []" "bob has no findings (they are per athlete)"
call DELETE "/api/findings/$fid?athlete=$bob_id" "" "$n_c" "$n_x"; want 404 "deleting ann's finding as bob's"

call POST "/api/assignments?athlete=$ann_id" '{"exercise":"no_such_exercise","dose":"3x8"}' "$n_c" "$n_x"
want 400 "an exercise not in the library"
call POST "/api/assignments?athlete=$ann_id" "{\"exercise\":\"dead_bug\",\"dose\":\"3 x 8 per side\",\"notes\":\"slow lowering\",\"from\":\"$today\"}" "$n_c" "$n_x"
want 200 "an exercise assigned"; aid=$(field id)
call GET /api/plan "" "$ann_c"; want 200 "ann's plan"
check "any(a['exercise'] == 'dead_bug' and a['by'] == 'clinician' and a['dose'] == '3 x 8 per side' and a['notes'] == 'slow lowering' for a in d['clinician_assignments'])" \
  "ann's plan shows the clinician's assignment with dose and notes"
call GET "/api/plan?athlete=$ann_id" "" "$n_c"; want 200 "the clinician reads ann's plan"
call GET /api/plan "" "$bob_c"
check "'clinician_assignments' not in d" "bob's plan has no assignment of ann's"
call GET "/api/visit?athlete=$ann_id" "" "$n_c"; want 200 "the visit summary"
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
    call "$1" "$2?athlete=$who" '{}' "$s_c" "$s_x"
    [ "$code" = 404 ] || bad "second clinic: $r for athlete $who: $code"
  done
done
ok "the second clinic's clinician: 404 on every route, for ann and for no one"

# --- the audit log: each clinician access, for the runner to see ---------------------------
call DELETE "/api/assignments/$aid?athlete=$ann_id" "" "$n_c" "$n_x"; want 200 "the assignment removed"
call DELETE "/api/findings/$fid?athlete=$ann_id" "" "$n_c" "$n_x"; want 200 "the finding removed"
call GET /api/audit "" "$ann_c"; want 200 "ann's audit log"
check "{(a['action'], a['detail']) for a in d['audit']} >= {('read', 'GET /api/clinic/roster'), ('read', 'GET /api/runs'), ('read', 'GET /api/journal'), ('write', 'POST /api/findings'), ('read', 'GET /api/findings'), ('write', 'POST /api/assignments'), ('read', 'GET /api/plan'), ('read', 'GET /api/visit'), ('write', 'DELETE /api/findings/$fid'), ('write', 'DELETE /api/assignments/$aid')}" \
  "the audit log lists each clinician read and write"
call GET /api/me "" "$n_c"; n_id=$(field account_id)
call GET /api/me "" "$s_c"; s_id=$(field account_id)
call GET /api/audit "" "$ann_c"
check "all(a['account_id'] == $n_id for a in d['audit'])" "only North's clinician appears in ann's log"
call GET /api/audit "" "$bob_c"
check "not any(a['detail'] == 'GET /api/runs' for a in d['audit']) and any(a['detail'] == 'GET /api/check' for a in d['audit'])" \
  "bob's log holds bob's reads only"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinician's view ok"
