#!/usr/bin/env bash
# Sharing with a clinic (issue #16, part D; docs/cli.md "share") on
# 127.0.0.1: the clinic's admin, clinic and a runner's invitation code by the
# CLI; a local store with three years of simulated runs and a journal;
# `share join`; a push cut short by --max-items, then pushed again (the rest
# sent); a push that sends nothing (idempotent); `share status`; the clinic's
# /api/runs as the runner equals the local count and holds nothing in the
# clinic's own athlete; `share stop` deletes the clinic's copy and ends the
# runner's session. SG_SHARE_WEEKS (default 156) sets the simulated span.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/share.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$t"
}
trap cleanup EXIT

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
clinic() { "$SG_CLI" --db "$t/clinic.db" "$@"; }
mine() { "$SG_CLI" --db "$t/local.db" "$@"; }
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"; }
csql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$t/clinic.db" "$1"; }

# --- the runner's local store: three years of runs and a journal ----------
weeks=${SG_SHARE_WEEKS:-156}
mine demo --no-serve --dir "$t/demo" --weeks "$weeks" --no-taper --spike-week none \
  --today 2026-12-01 >/dev/null
mine runs --json >"$t/runs.json"
local_runs=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/runs.json")
run1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["id"])' "$t/runs.json")
mine log rpe --run "$run1" --rpe 6 >/dev/null
mine log pain --region lumbar --side left --severity 3 --run "$run1" --date 2026-11-30 \
  --note "simulated: shared with the clinic" >/dev/null
mine log ostrc --area lower_back --answers 1,1,0,0 --date 2026-11-29 >/dev/null
mine journal --json >"$t/journal.json"
local_journal=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/journal.json")
[ "$local_runs" -gt 100 ] && [ "$local_journal" -gt 3 ] &&
  ok "local store: $local_runs runs, $local_journal journal entries" ||
  bad "local store: $local_runs runs, $local_journal entries"

# --- the clinic -------------------------------------------------------------
printf 'an admin password\n' | clinic admin create admin --password-stdin >/dev/null
clinic clinic create "North Clinic" >/dev/null
code=$(clinic clinic code --role runner --clinic "North Clinic" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  "$SG_CLI" --db "$t/clinic.db" serve --clinic --threads 2 --listen "127.0.0.1:$port" \
    >"$t/serve.log" 2>"$t/serve.err" &  # the binary itself, so that cleanup ends it
  pids+=($!)
  for _ in $(seq 100); do
    grep -q 'clinic server' "$t/serve.log" 2>/dev/null && break 2
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
done
grep -q 'clinic server' "$t/serve.log" || { echo "FAIL: serve --clinic did not start: $(cat "$t/serve.err")"; exit 1; }
base="http://127.0.0.1:$port"
pw='a runner password'

# --- join -------------------------------------------------------------------
set +e
printf '%s\n' "$pw" | mine share join "http://192.0.2.1:$port" --code "$code" --login ann --password-stdin \
  2>"$t/err"; rc=$?
set -e
[ $rc = 2 ] && [ "$(wc -l <"$t/err")" = 1 ] && grep -q 'https://' "$t/err" &&
  ok "plain http to another machine refused: $(cat "$t/err")" || bad "plain http: exit $rc, $(cat "$t/err")"
set +e
printf '%s\n' "$pw" | mine share push --password-stdin 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q 'share join' "$t/err" && ok "push before join: $(cat "$t/err")" || bad "push before join: $rc $(cat "$t/err")"
printf '%s\n' "$pw" | mine share join "$base" --code "$code" --login ann --password-stdin --json >"$t/out"
[ "$(jget "$t/out" joined)" = True ] && ok "share join" || bad "join: $(cat "$t/out")"
python3 -c 'import sqlite3,sys; v=[r[0] for r in sqlite3.connect(sys.argv[1]).execute("select value from kv")]; sys.exit(any("runner password" in x for x in v))' "$t/local.db" &&
  ok "the password is not stored locally" || bad "password stored locally"
set +e
printf '%s\n' "$pw" | mine share join "$base" --code "$code" --login ann2 --password-stdin 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && [ "$(wc -l <"$t/err")" = 1 ] && ok "a used code refused: $(cat "$t/err")" || bad "used code: $rc $(cat "$t/err")"

# --- push: cut short, then finished, then nothing left ------------------------
printf '%s\n' "$pw" | mine share push --password-stdin --max-items 100 --json >"$t/p1"
[ "$(jget "$t/p1" sent)" = 100 ] && [ "$(jget "$t/p1" stopped_at_max_items)" = True ] &&
  ok "a push stopped after 100 items" || bad "push --max-items: $(cat "$t/p1")"
start=$(date +%s.%N)
printf '%s\n' "$pw" | mine share push --password-stdin --json >"$t/p2"
end=$(date +%s.%N)
total=$((local_runs + local_journal))
[ "$(jget "$t/p2" sent)" = $((total - 100)) ] && [ "$(jget "$t/p2" skipped_already_held)" = 100 ] &&
  [ "$(jget "$t/p2" failed_count)" = 0 ] &&
  ok "pushing again sent the rest: $(jget "$t/p2" sent) items, $(jget "$t/p2" seconds) s" ||
  bad "the rest: $(cat "$t/p2")"
echo "push of $((total - 100)) items: $(python3 -c "print(round($end - $start, 2))") s wall"
printf '%s\n' "$pw" | mine share push --password-stdin --json >"$t/p3"
[ "$(jget "$t/p3" sent)" = 0 ] && [ "$(jget "$t/p3" skipped_already_held)" = "$total" ] &&
  ok "a third push sends nothing ($(jget "$t/p3" seconds) s)" || bad "idempotent: $(cat "$t/p3")"

# --- what the clinic holds ----------------------------------------------------
printf '%s\n' "$pw" | mine share status --password-stdin --json >"$t/st"
[ "$(jget "$t/st" clinic.activities)" = "$local_runs" ] && [ "$(jget "$t/st" local.activities)" = "$local_runs" ] &&
  [ "$(jget "$t/st" clinic.journal)" = "$local_journal" ] &&
  ok "share status: $local_runs runs and $local_journal entries on both sides" || bad "status: $(cat "$t/st")"
curl -s -c "$t/jar" -o "$t/login" -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"ann\",\"password\":\"$pw\"}" "$base/api/login"
csrf=$(jget "$t/login" csrf)
curl -s -b "$t/jar" -o "$t/cruns" "$base/api/runs"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/cruns")
[ "$n" = "$local_runs" ] && ok "the clinic's /api/runs as the runner: $n" || bad "clinic runs: $n of $local_runs"
curl -s -b "$t/jar" -o "$t/cj" "$base/api/journal?kind=rpe"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); assert len(e)==1 and e[0]["rpe"]==6 and e[0]["run_id"]>0' "$t/cj" &&
  ok "the RPE entry names the clinic's copy of its run" || bad "rpe at the clinic: $(cat "$t/cj")"
[ "$(csql "select count(*) from activities where athlete_id = 1")" = 0 ] &&
  ok "nothing landed in the clinic's own athlete" || bad "rows in athlete 1"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -X POST -H 'Content-Type: application/json' \
  --data-binary '{"entries":[]}' "$base/api/share/journal")
[ "$code_" = 403 ] && ok "a share write without the CSRF token -> 403" || bad "no csrf: $code_"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/json' --data-binary '{}' "$base/api/share/activity?name=x.fit")
[ "$code_" = 415 ] && ok "a share file as JSON -> 415" || bad "share file as JSON: $code_ $(cat "$t/body")"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/octet-stream' --data-binary 'not a run' "$base/api/share/activity")
[ "$code_" = 400 ] && ok "a share file without ?name -> 400: $(jget "$t/body" error)" || bad "no name: $code_ $(cat "$t/body")"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/octet-stream' --data-binary 'not a run' "$base/api/share/activity?name=notes.txt")
[ "$code_" = 200 ] && [ "$(jget "$t/body" status)" = skipped ] && ok "a file that is not a run is skipped" ||
  bad "not a run: $code_ $(cat "$t/body")"

# --- stop -------------------------------------------------------------------
printf '%s\n' "$pw" | mine share stop --password-stdin --json >"$t/stop"
[ "$(jget "$t/stop" deleted_at_clinic.activities)" = "$local_runs" ] && ok "share stop" || bad "stop: $(cat "$t/stop")"
[ "$(csql "select count(*) from activities")" = 0 ] && [ "$(csql "select count(*) from journal")" = 0 ] &&
  ok "the clinic's copy is gone" || bad "rows left at the clinic"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" "$base/api/runs")
[ "$code_" = 401 ] && ok "the runner's session is refused after stop" || bad "session after stop: $code_"
code_=$(curl -s -o "$t/login" -w '%{http_code}' -c "$t/jar2" -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"ann\",\"password\":\"$pw\"}" "$base/api/login")
code2=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar2" "$base/api/runs")
[ "$code2" = 403 ] && ok "a new sign-in reaches no data (the account has no athlete): $code_/$code2" ||
  bad "after stop, new login: $code_/$code2 $(cat "$t/body")"
[ "$(mine runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$local_runs" ] &&
  ok "the local store keeps every run" || bad "local runs changed"
set +e
printf '%s\n' "$pw" | mine share status --password-stdin 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q 'share join' "$t/err" && ok "the clinic is forgotten locally" || bad "after stop: $rc $(cat "$t/err")"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all share checks passed"
