#!/usr/bin/env bash
# End to end over HTTP on 127.0.0.1: the admin creates a clinic and a
# clinician; a runner accepts an invitation, pushes 3 years of generated
# runs and a journal; the clinician sees the runner in the roster with the
# right tier, records a lumbar finding and assigns an exercise; the runner's
# plan shows it; a second clinic's clinician gets 403/404 on every route for
# that runner; the runner stops sharing and the clinic's copy is gone; the
# audit log lists each access.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/story.XXXXXX")
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, removes $t

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
clinic_db="$t/clinic.db"   # the clinic server's store
runner_db="$t/runner.db"   # the runner's own machine
sql() { python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$clinic_db" "$1"; }
jq_py() { local code=$1; shift; python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $code" "$t/body" "$@"; }

# --- the clinic server, its first admin -------------------------------------------
pw_admin='correct horse battery'
printf '%s\n' "$pw_admin" | "$SG_CLI" --db "$clinic_db" admin create admin --password-stdin >/dev/null
clinic_serve --db "$clinic_db"

want() { [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"; }
field() { clinic_field "$@"; }
login() { # login LOGIN PASSWORD: the session in the file $t/LOGIN
  clinic_sign_in "$1" "$2" "$t/$1"
  [ "$code" = 200 ] || { echo "FAIL: login $1: $code $(cat "$t/body")"; exit 1; }
}
accept() { # accept CODE LOGIN PASSWORD
  clinic_call POST /api/accept "" "{\"code\":\"$1\",\"login\":\"$2\",\"password\":\"$3\"}"; want 200 "$2 accepts the invitation"
}

# --- 1. the admin creates a clinic and a clinician (and a second clinic's) ---------
login admin "$pw_admin"; adm="$t/admin"
for c in North South; do
  clinic_call POST /api/clinics "$adm" "{\"name\":\"$c\"}"; want 200 "the admin creates clinic $c"
done
clinic_call POST /api/codes "$adm" '{"kind":"invite","role":"clinician","clinic":"North"}'; want 200 "the admin invites a clinician"
pw_dr='the clinician of north'
accept "$(field code)" dr.north "$pw_dr"
clinic_call POST /api/codes "$adm" '{"kind":"invite","role":"clinician","clinic":"South"}'; want 200 "a second clinic's clinician"
pw_dr2='the clinician of south'
accept "$(field code)" dr.south "$pw_dr2"
login dr.north "$pw_dr"; dr="$t/dr.north"
login dr.south "$pw_dr2"; dr2="$t/dr.south"

# --- 2. the runner accepts an invitation and pushes 3 years and a journal ---------
clinic_call POST /api/codes "$dr" '{"kind":"invite","role":"runner"}'; want 200 "the clinician invites a runner"
rcode=$(field code)
pw_run='a runner who shares'
today=2026-06-01
# three years of generated runs (and the demo's journal) on the runner's own
# machine: the existing `demo --weeks` (src/sim/ sg_sim_block), no new option
"$SG_CLI" --db "$runner_db" demo --no-serve --weeks 156 --seed 16 --today "$today" >/dev/null
runs_local=$("$SG_CLI" --db "$runner_db" runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$runs_local" -ge 300 ] && ok "three years generated: $runs_local runs" || bad "generated $runs_local runs"
"$SG_CLI" --db "$runner_db" log pain --region lumbar --side both --severity 3 --date 2026-05-20 --today "$today" >/dev/null
"$SG_CLI" --db "$runner_db" log pain --region sacroiliac --side left --severity 2 --date 2026-05-27 --today "$today" >/dev/null
"$SG_CLI" --db "$runner_db" log prehab dead_bug --date 2026-05-28 --today "$today" >/dev/null
journal_local=$("$SG_CLI" --db "$runner_db" journal --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
# share join URL --code CODE --login NAME [--password-stdin]
printf '%s\n' "$pw_run" | "$SG_CLI" --db "$runner_db" share join "$base" --code "$rcode" --login ann --password-stdin \
  >"$t/join.out" 2>"$t/join.err" && ok "share join" || bad "share join: $(cat "$t/join.err")"
# share push [--password-stdin] [--json]
printf '%s\n' "$pw_run" | "$SG_CLI" --db "$runner_db" share push --password-stdin --json >"$t/push.json" 2>"$t/push.err" &&
  ok "share push: $(head -c 200 "$t/push.json")" || bad "share push: $(cat "$t/push.err")"
# a second push sends nothing new (GET /api/share/have: the hashes the clinic holds)
printf '%s\n' "$pw_run" | "$SG_CLI" --db "$runner_db" share push --password-stdin --json >"$t/push2.json" 2>&1 ||
  bad "second push: $(cat "$t/push2.json")"
printf '%s\n' "$pw_run" | "$SG_CLI" --db "$runner_db" share status --password-stdin >"$t/status.out" 2>&1 && ok "share status: $(head -1 "$t/status.out")" ||
  bad "share status: $(cat "$t/status.out")"

login ann "$pw_run"; ann="$t/ann"
clinic_call GET /api/me "$ann"; A=$(field athlete_id)
clinic_call GET /api/runs "$ann"; want 200 "the runner reads the runs the clinic holds"
n=$(jq_py 'print(len(d))')
[ "$n" = "$runs_local" ] && ok "the clinic holds all $n runs" || bad "the clinic holds $n runs of $runs_local"
clinic_call GET /api/journal "$ann"; want 200 "the runner's journal on the clinic server"
jq_py 'assert len(d) == int(sys.argv[2]) and any(e.get("date") == "2026-05-20" and e.get("region") == "lumbar" for e in d)' "$journal_local" &&
  ok "the journal was pushed: $journal_local entries" || bad "journal ($journal_local local): $(head -c 300 "$t/body")"
clinic_call GET /api/share "$ann"; want 200 "what the clinic holds (counts)"

# --- 3. the roster, with the right tier ------------------------------------------
clinic_call GET /api/check "$ann"; want 200 "the runner's own check"
tier=$(field tier)
clinic_call GET /api/clinic/roster "$dr"; want 200 "the clinician's roster"
# the roster holds the athlete's id and the tier of the runner's own check
rt=$(jq_py '
rows = d["runners"]
print(next((r.get("tier", "") for r in rows if r.get("athlete_id") == int(sys.argv[2])), "absent"))' "$A")
[ "$rt" = "$tier" ] && ok "the runner is in the roster with tier $tier" || bad "roster tier '$rt', plan's '$tier': $(head -c 300 "$t/body")"
clinic_call GET /api/clinic/roster "$dr2"; want 200 "the second clinic's roster"
jq_py '
rows = d["runners"]
assert all(r.get("athlete_id") != int(sys.argv[2]) for r in rows)' "$A" &&
  ok "the runner is not in the second clinic's roster" || bad "second roster: $(head -c 300 "$t/body")"

# --- 4. a lumbar finding and an exercise -------------------------------------------
# POST /api/findings?athlete=ID and POST /api/assignments?athlete=ID (docs/cli.md)
today=$(date -u +%F)
clinic_call POST "/api/findings?athlete=$A" "$dr" "{\"date\":\"$today\",\"region\":\"lumbar\",\"side\":\"central\",\"text\":\"flexion intolerance, no red flags\"}"
case "$code" in 200|201) ok "the clinician records a lumbar finding -> $code" ;; *) bad "finding: $code $(head -c 300 "$t/body")" ;; esac
clinic_call GET "/api/findings?athlete=$A" "$dr"; want 200 "the findings"
grep -q lumbar "$t/body" && ok "the finding is stored" || bad "findings: $(head -c 300 "$t/body")"
clinic_call POST "/api/assignments?athlete=$A" "$dr" "{\"exercise\":\"side_plank\",\"dose\":\"3 x 30 s each side\",\"notes\":\"hold the pelvis level\",\"from\":\"$today\"}"
case "$code" in 200|201) ok "the clinician assigns an exercise -> $code" ;; *) bad "assignment: $code $(head -c 300 "$t/body")" ;; esac
clinic_call GET "/api/visit?athlete=$A" "$dr"; want 200 "the printable visit summary"
grep -qi '<html' "$t/body" && grep -q lumbar "$t/body" && ok "the visit summary is HTML with the finding" ||
  bad "visit: $(head -c 300 "$t/body")"

# --- 5. the runner's plan shows it ---------------------------------------------------
clinic_call GET /api/plan "$ann"; want 200 "the runner's plan after the visit"
grep -q side_plank "$t/body" && ok "the plan holds the clinician's exercise" || bad "plan: $(head -c 400 "$t/body")"
clinic_call POST "/api/findings?athlete=$A" "$ann" '{"region":"lumbar"}'; want 403 "the runner writes a finding"

# --- 6. the second clinic's clinician: 403/404 on every route for that runner ------
"$SG_CLI" serve --list-routes --json | python3 -c 'import json,sys
for r in json.load(sys.stdin):
    # the roster lists the callers own clinic (checked above not to hold the runner)
    # the roster and the exercise library are about the clinic, not a runner
    if r["rule"] not in ("public", "clinic_public", "session", "staff", "admin", "clinician"):
        print(r["method"], r["path"].replace("{id}", "1"))' >"$t/athlete_routes"
refused=0 total=0
while read -r m p; do
  total=$((total+1))
  body=""; [ "$m" = GET ] || body='[]'
  case "$p" in *\?*) s='&' ;; *) s='?' ;; esac
  clinic_call "$m" "$p${s}athlete=$A" "$dr2" "$body"
  rc=$(jq_py 'print(d.get("code", "") if isinstance(d, dict) else "")' 2>/dev/null || true)
  case "$code:$rc" in
    403:forbidden|404:absent|404:no_runner) refused=$((refused+1)) ;;
    # the clinic front closes the dashboard's upload to everyone (sharing has its own route)
    403:) [ "$m $p" = "POST /api/import" ] && refused=$((refused+1)) || bad "$m $p: 403 without a code" ;;
    *) bad "$m $p?athlete=$A as the second clinic's clinician: $code $(head -c 200 "$t/body")" ;;
  esac
done <"$t/athlete_routes"
[ "$refused" = "$total" ] && ok "the second clinic's clinician is refused on all $total routes for the runner"

# --- 7. the audit log lists each access --------------------------------------------
clinic_call GET /api/audit "$ann"; want 200 "the runner's audit log"
for what in "/api/findings" "/api/assignments" "/api/visit"; do
  jq_py '
rows = d.get("audit", [])
assert any(sys.argv[2] in r.get("detail", "") for r in rows)' "$what" &&
    ok "the audit log lists the clinician's $what" || bad "audit lacks $what: $(head -c 400 "$t/body")"
done
# the second clinic's refused attempts were no access: nothing of theirs in it
dr2_id=$(sql "SELECT id FROM accounts WHERE login = 'dr.south'")
jq_py 'assert all(r["account_id"] != int(sys.argv[2]) for r in d["audit"])' "$dr2_id" &&
  ok "no access by the second clinic in the audit log" || bad "audit: $(head -c 400 "$t/body")"
audit_rows=$(sql "SELECT count(*) FROM audit WHERE athlete_id = $A")

# --- 8. the runner stops sharing: the clinic's copy is gone --------------------------
# share stop -> DELETE /api/share (the copy deleted, the sessions ended)
printf '%s\n' "$pw_run" | "$SG_CLI" --db "$runner_db" share stop --password-stdin >"$t/stop.out" 2>&1 &&
  ok "share stop" || bad "share stop: $(cat "$t/stop.out")"
clinic_call GET /api/runs "$ann"; want 401 "the runner's session ended with the sharing"
for tab in activities journal sources imu_recordings; do
  [ "$(sql "SELECT count(*) FROM $tab WHERE athlete_id = $A")" = 0 ] && ok "no $tab left for the athlete" ||
    bad "$tab rows left for athlete $A"
done
[ "$(sql "SELECT count(*) FROM athletes WHERE id = $A")" = 0 ] && ok "the clinic's copy of the athlete is gone" ||
  bad "athlete $A still stored"
clinic_call GET /api/clinic/roster "$dr"; want 200 "the roster after the stop"
jq_py '
rows = d["runners"]
assert all(r.get("athlete_id") != int(sys.argv[2]) for r in rows)' "$A" &&
  ok "the runner left the roster" || bad "roster after stop: $(head -c 300 "$t/body")"
clinic_call GET "/api/runs?athlete=$A" "$dr"
case "$code" in 403|404) ok "the clinician reads nothing of the runner -> $code" ;; *) bad "after stop: $code" ;; esac
# the audit log outlives the copy: who looked at the runner's data stays on record
[ "$(sql "SELECT count(*) FROM audit WHERE athlete_id = $A")" -ge "$audit_rows" ] &&
  ok "the audit log keeps its $audit_rows accesses" || bad "audit rows lost with the copy"
# the runner's own machine still holds everything
n=$("$SG_CLI" --db "$runner_db" runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = "$runs_local" ] && ok "the runner's own store keeps its $n runs" || bad "local runs: $n of $runs_local"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic story ok"
