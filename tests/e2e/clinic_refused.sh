#!/usr/bin/env bash
# Refused requests in the runner's audit log (docs/clinic.md "Authorisation",
# docs/cli.md "serve --clinic"), over HTTP: another clinic's clinician, another
# runner, and the runner's own clinician on a route that is not theirs are
# refused and each refusal is one "refused" row of the runner's log (route and
# code), repeated attempts within 15 minutes one row; an athlete id that names
# no runner is refused the same way and logs nothing anywhere; the runner reads
# the refusals apart from the accesses (GET /api/audit's "refused"). A disabled
# account (`admin disable`, run beside the live server) loses its session at
# once, its sign-in is answered exactly like a wrong password and is logged;
# enabled again, it signs in. With --pg the store is a fresh schema of the
# CTest fixture's PostgreSQL cluster.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/clinicrefused.XXXXXX")
pids=()
schema=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$schema" ] && psql "$pgurl" -XAtqc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  rm -rf "$t"
}
trap cleanup EXIT

. "$(dirname "$0")/lib/clinic_db.sh"
clinic_db clinicrefused "${1-}"

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }
sql() {
  if [ -n "$schema" ]; then psql "$db" -XAtqc "$1"
  else python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$db" "$1"; fi
}

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
call GET /api/me "" "$n_c"; n_id=$(field account_id)
login dr.south "$pw"; s_c=$cookie
call GET /api/me "" "$s_c"; s_id=$(field account_id)
invite "$n_c" "$n_x" '{"kind":"invite","role":"runner"}' ann "$pw"
invite "$n_c" "$n_x" '{"kind":"invite","role":"runner"}' bob "$pw"
login ann "$pw"; ann_c=$cookie ann_x=$csrf
call GET /api/me "" "$ann_c"; ann_id=$(field athlete_id)
login bob "$pw"; bob_c=$cookie
call GET /api/me "" "$bob_c"; bob_id=$(field athlete_id) bob_acct=$(field account_id)
missing=$((ann_id + bob_id + 1000))

# --- refusals about ann -------------------------------------------------------------------
for _ in 1 2 3; do
  call GET "/api/plan?athlete=$ann_id" "" "$s_c"; want 404 "South's clinician reads ann's plan"
done
check "d['code'] == 'no_runner'" "refused as no_runner"
call GET "/api/runs/7?athlete=$ann_id" "" "$s_c"; want 404 "South's clinician reads one of ann's runs"
call GET "/api/runs/8?athlete=$ann_id" "" "$s_c"; want 404 "... and another run id (the same route)"
call GET "/api/journal?athlete=$ann_id" "" "$bob_c"; want 404 "bob names ann's athlete"
call POST "/api/journal?athlete=$ann_id" '{}' "$n_c" "$n_x"; want 403 "ann's clinician writes ann's journal"
check "d['code'] == 'forbidden'" "refused as forbidden"
call POST /api/findings '{}' "$ann_c" "$ann_x"; want 403 "ann records a finding on herself"
before=$(sql "SELECT count(*) FROM audit")
call GET "/api/plan?athlete=$missing" "" "$s_c"; want 404 "an athlete that does not exist"
b1=$(cat "$t/body")
call GET "/api/plan?athlete=$missing" "" "$bob_c"; want 404 "a runner names an athlete that does not exist"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] && ok "nothing logged for an athlete that does not exist" ||
  bad "audit rows for a missing athlete: $(sql "SELECT detail FROM audit WHERE athlete_id = $missing")"
call GET "/api/plan?athlete=$ann_id" "" "$s_c"
[ "$(cat "$t/body")" = "$b1" ] && ok "the same answer for ann as for no one" || bad "answers differ: $(cat "$t/body") vs $b1"

call GET /api/audit "" "$ann_c"; want 200 "ann's audit log"
check "sorted((a['account_id'], a['detail']) for a in d['refused']) == sorted([($s_id, 'GET /api/plan: no_runner'), ($s_id, 'GET /api/runs/ID: no_runner'), ($bob_acct, 'GET /api/journal: no_runner'), ($n_id, 'POST /api/journal: forbidden')])" \
  "ann sees each refused route once, by whom (repeats and run ids coalesced, her own refusal not logged)"
check "all(a['action'] == 'refused' for a in d['refused']) and all(a['action'] != 'refused' for a in d['audit'])" \
  "refusals are listed apart from the accesses"
check "not any(a['account_id'] == $s_id for a in d['audit'])" "no access by South in ann's accesses"
call GET /api/audit "" "$bob_c"
check "d['refused'] == []" "bob's log has no refusal"

# --- a disabled account -------------------------------------------------------------------------
call GET /api/me "" "$bob_c"; want 200 "bob is signed in"
sg admin disable bob >"$t/out" && ok "admin disable bob: $(tr '\n' ' ' <"$t/out")" || bad "admin disable: $(cat "$t/out")"
call GET /api/me "" "$bob_c"; want 401 "bob's session ended at once"
call POST /api/login "{\"login\":\"bob\",\"password\":\"not bob's password\"}"; want 401 "bob, a wrong password"
wrong=$(cat "$t/body")
call POST /api/login "{\"login\":\"bob\",\"password\":\"$pw\"}"; want 401 "bob, the right password, disabled"
[ "$(cat "$t/body")" = "$wrong" ] && ok "a disabled account is answered as a wrong password" || bad "answers differ: $(cat "$t/body") vs $wrong"
call GET /api/clinic/roster "" "$n_c"
check "[r['login'] for r in d['runners']] == ['ann']" "bob leaves the roster"
[ "$(sql "SELECT count(*) FROM audit WHERE athlete_id = $bob_id AND action = 'refused' AND detail = 'sign-in: account disabled'")" = 1 ] &&
  ok "bob's refused sign-ins logged once" || bad "sign-in audit: $(sql "SELECT detail FROM audit WHERE athlete_id = $bob_id")"
sg admin enable bob >/dev/null
login bob "$pw"
call GET /api/audit "" "$cookie"
check "[a['detail'] for a in d['refused']] == ['sign-in: account disabled']" "enabled again, bob signs in and sees the refused sign-in"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic refusals ok"
