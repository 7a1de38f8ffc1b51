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
schema=""
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, drops $schema
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

clinic_serve --threads 4

want() { [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"; }
check() { # check PYTHON-EXPR WHAT: the expression over d, the body's JSON
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert eval(sys.argv[2]), d' "$t/body" "$1" 2>"$t/perr" &&
    ok "$2" || bad "$2: $(tail -c 400 "$t/perr")"
}
login() { # login LOGIN PASSWORD JAR: the session in JAR
  clinic_sign_in "$1" "$2" "$3"
  [ "$code" = 200 ] || bad "login $1: $code $(cat "$t/body")"
}
invite() { # invite JAR BODY LOGIN PASSWORD: JAR's code, accepted as LOGIN
  clinic_call POST /api/codes "$1" "$2"; want 200 "code for $3"
  local c; c=$(clinic_field code)
  clinic_call POST /api/accept "" "{\"code\":\"$c\",\"login\":\"$3\",\"password\":\"$4\"}"; want 200 "$3 accepts"
}

login admin "$pw_admin" "$t/admin"
pw='a long enough password'
invite "$t/admin" '{"kind":"invite","role":"clinician","clinic":"North"}' dr.north "$pw"
invite "$t/admin" '{"kind":"invite","role":"clinician","clinic":"South"}' dr.south "$pw"
login dr.north "$pw" "$t/north"
clinic_call GET /api/me "$t/north"; n_id=$(clinic_field account_id)
login dr.south "$pw" "$t/south"
clinic_call GET /api/me "$t/south"; s_id=$(clinic_field account_id)
invite "$t/north" '{"kind":"invite","role":"runner"}' ann "$pw"
invite "$t/north" '{"kind":"invite","role":"runner"}' bob "$pw"
login ann "$pw" "$t/ann"
clinic_call GET /api/me "$t/ann"; ann_id=$(clinic_field athlete_id)
login bob "$pw" "$t/bob"
clinic_call GET /api/me "$t/bob"; bob_id=$(clinic_field athlete_id) bob_acct=$(clinic_field account_id)
missing=$((ann_id + bob_id + 1000))

# --- refusals about ann -------------------------------------------------------------------
for _ in 1 2 3; do
  clinic_call GET "/api/plan?athlete=$ann_id" "$t/south"; want 404 "South's clinician reads ann's plan"
done
check "d['code'] == 'no_runner'" "refused as no_runner"
clinic_call GET "/api/runs/7?athlete=$ann_id" "$t/south"; want 404 "South's clinician reads one of ann's runs"
clinic_call GET "/api/runs/8?athlete=$ann_id" "$t/south"; want 404 "... and another run id (the same route)"
clinic_call GET "/api/journal?athlete=$ann_id" "$t/bob"; want 404 "bob names ann's athlete"
clinic_call POST "/api/journal?athlete=$ann_id" "$t/north" '{}'; want 403 "ann's clinician writes ann's journal"
check "d['code'] == 'forbidden'" "refused as forbidden"
clinic_call POST /api/findings "$t/ann" '{}'; want 403 "ann records a finding on herself"
before=$(sql "SELECT count(*) FROM audit")
clinic_call GET "/api/plan?athlete=$missing" "$t/south"; want 404 "an athlete that does not exist"
b1=$(cat "$t/body")
clinic_call GET "/api/plan?athlete=$missing" "$t/bob"; want 404 "a runner names an athlete that does not exist"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] && ok "nothing logged for an athlete that does not exist" ||
  bad "audit rows for a missing athlete: $(sql "SELECT detail FROM audit WHERE athlete_id = $missing")"
clinic_call GET "/api/plan?athlete=$ann_id" "$t/south"
[ "$(cat "$t/body")" = "$b1" ] && ok "the same answer for ann as for no one" || bad "answers differ: $(cat "$t/body") vs $b1"

clinic_call GET /api/audit "$t/ann"; want 200 "ann's audit log"
check "sorted((a['account_id'], a['detail']) for a in d['refused']) == sorted([($s_id, 'GET /api/plan: no_runner'), ($s_id, 'GET /api/runs/ID: no_runner'), ($bob_acct, 'GET /api/journal: no_runner'), ($n_id, 'POST /api/journal: forbidden')])" \
  "ann sees each refused route once, by whom (repeats and run ids coalesced, her own refusal not logged)"
check "all(a['action'] == 'refused' for a in d['refused']) and all(a['action'] != 'refused' for a in d['audit'])" \
  "refusals are listed apart from the accesses"
check "not any(a['account_id'] == $s_id for a in d['audit'])" "no access by South in ann's accesses"
clinic_call GET /api/audit "$t/bob"
check "d['refused'] == []" "bob's log has no refusal"

# --- a disabled account -------------------------------------------------------------------------
clinic_call GET /api/me "$t/bob"; want 200 "bob is signed in"
sg admin disable bob >"$t/out" && ok "admin disable bob: $(tr '\n' ' ' <"$t/out")" || bad "admin disable: $(cat "$t/out")"
clinic_call GET /api/me "$t/bob"; want 401 "bob's session ended at once"
# the refused sign-ins by hand: clinic_sign_in would empty $t/bob
clinic_call POST /api/login "" "{\"login\":\"bob\",\"password\":\"not bob's password\"}"; want 401 "bob, a wrong password"
wrong=$(cat "$t/body")
clinic_call POST /api/login "" "{\"login\":\"bob\",\"password\":\"$pw\"}"; want 401 "bob, the right password, disabled"
[ "$(cat "$t/body")" = "$wrong" ] && ok "a disabled account is answered as a wrong password" || bad "answers differ: $(cat "$t/body") vs $wrong"
clinic_call GET /api/clinic/roster "$t/north"
check "[r['login'] for r in d['runners']] == ['ann']" "bob leaves the roster"
[ "$(sql "SELECT count(*) FROM audit WHERE athlete_id = $bob_id AND action = 'refused' AND detail = 'sign-in: account disabled'")" = 1 ] &&
  ok "bob's refused sign-ins logged once" || bad "sign-in audit: $(sql "SELECT detail FROM audit WHERE athlete_id = $bob_id")"
sg admin enable bob >"$t/out" 2>&1 || bad "admin enable: $(cat "$t/out")"
login bob "$pw" "$t/bob.again"
clinic_call GET /api/audit "$t/bob.again"
check "[a['detail'] for a in d['refused']] == ['sign-in: account disabled']" "enabled again, bob signs in and sees the refused sign-in"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic refusals ok"
