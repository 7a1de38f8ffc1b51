#!/usr/bin/env bash
# Sharing with a clinic (issue #16, part D; docs/cli.md "share") on
# 127.0.0.1: the clinic's admin, clinic and a runner's invitation code by the
# CLI; a local store with three years of simulated runs and a journal;
# `share join`; a push cut short by --max-items, then pushed again (the rest
# sent); a push that sends nothing (idempotent); `share status`; the clinic's
# /api/runs as the runner equals the local count and holds nothing in the
# clinic's own athlete; `share stop` deletes the clinic's copy and ends the
# runner's session. SG_SHARE_WEEKS (default 156) sets the simulated span.
# IMU recordings: the demo's simulated lower-back recording (linked to a run)
# and, when ../shared/data is there (SG_SHARED_DATA), a real hip-belt
# recording; both pushed once (a second push sends nothing), counted alike on
# both sides, the clinic's copy linked to its copy of the same run, a
# recording cut short resumed where the clinic's part ends, and gone at stop.
# The race course: the clinic's equals the runner's, and follows a change.
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
if [ -n "${SG_SHARED_DATA:-}" ] && [ -f "$SG_SHARED_DATA/adeptdata/acc_running_left_hip.csv" ]; then
  mine import "$SG_SHARED_DATA/adeptdata/acc_running_left_hip.csv" >/dev/null
  ok "a real hip-belt recording imported (adeptdata, 100 Hz, 25 min)"
else
  echo "skipped the real IMU recording: ../shared/data is absent (SG_SHARED_DATA); the demo's simulated one is pushed"
fi
lsql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$t/local.db" "$1"; }
local_imu=$(lsql "select count(*) from imu_recordings")
[ "$local_imu" -ge 1 ] && ok "local store: $local_imu IMU recording(s)" || bad "no local IMU recording"
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
# a recording cut short: the clinic holds the first 512 KiB of the real one
# (as a push that lost its connection leaves it); the next push goes on from
# there. Its stored blob is what the push sends (the demo's is not: its
# reader name "simulated" reads back as "stored", store/imu_blob.c).
curl -s -c "$t/jar" -o "$t/login" -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"ann\",\"password\":\"$pw\"}" "$base/api/login"
seeded=
if [ "$(lsql "select count(*) from imu_recordings where reader <> 'simulated'")" -ge 1 ]; then
  python3 - "$t/local.db" "$t/chunk.json" <<'PY'
import base64, hashlib, json, sqlite3, sys
blob, name = sqlite3.connect(sys.argv[1]).execute(
    "select blob, file_name from imu_recordings where reader <> 'simulated' order by id limit 1").fetchone()
json.dump({"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob), "offset": 0,
           "data_base64": base64.b64encode(blob[:512 * 1024]).decode(), "file_name": name,
           "run_sha256": None, "pinned": False}, open(sys.argv[2], "w"))
PY
  code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $(jget "$t/login" csrf)" \
    -X POST -H 'Content-Type: application/json' --data-binary @"$t/chunk.json" "$base/api/share/imu")
  [ "$code_" = 200 ] && [ "$(jget "$t/body" status)" = partial ] && [ "$(jget "$t/body" next)" = 524288 ] &&
    ok "the first chunk of a recording: partial, next 524288" || bad "first chunk: $code_ $(cat "$t/body")"
  seeded=$(jget "$t/chunk.json" sha256)
else
  echo "skipped the resumed recording: only the demo's simulated one is here"
fi
start=$(date +%s.%N)
printf '%s\n' "$pw" | mine share push --password-stdin --json >"$t/p2"
end=$(date +%s.%N)
total=$((local_runs + local_imu + local_journal))
[ "$(jget "$t/p2" sent)" = $((total - 100)) ] && [ "$(jget "$t/p2" skipped_already_held)" = 100 ] &&
  [ "$(jget "$t/p2" failed_count)" = 0 ] && [ "$(jget "$t/p2" sent_imu)" = "$local_imu" ] &&
  [ "$(jget "$t/p2" course)" = sent ] &&
  ok "pushing again sent the rest: $(jget "$t/p2" sent) items, $(jget "$t/p2" seconds) s" ||
  bad "the rest: $(cat "$t/p2")"
echo "push of $((total - 100)) items: $(python3 -c "print(round($end - $start, 2))") s wall"
[ -z "$seeded" ] || { [ "$(csql "select count(*) from imu_recordings where sha256 = '$seeded'")" = 1 ] &&
  ! ls "$t"/.sg-share-imu-* >/dev/null 2>&1 &&
  ok "the recording cut short was finished from the clinic's part (its hash is held, no part left)" ||
  bad "resume: $(ls -a "$t")"; }
printf '%s\n' "$pw" | mine share push --password-stdin --json >"$t/p3"
[ "$(jget "$t/p3" sent)" = 0 ] && [ "$(jget "$t/p3" skipped_already_held)" = "$total" ] &&
  [ "$(jget "$t/p3" course)" = unchanged ] && [ "$(jget "$t/p3" bytes)" -lt 100000 ] &&
  ok "a third push sends nothing ($(jget "$t/p3" seconds) s)" || bad "idempotent: $(cat "$t/p3")"

# --- what the clinic holds ----------------------------------------------------
printf '%s\n' "$pw" | mine share status --password-stdin --json >"$t/st"
[ "$(jget "$t/st" clinic.activities)" = "$local_runs" ] && [ "$(jget "$t/st" local.activities)" = "$local_runs" ] &&
  [ "$(jget "$t/st" clinic.journal)" = "$local_journal" ] &&
  [ "$(jget "$t/st" clinic.imu)" = "$local_imu" ] && [ "$(jget "$t/st" local.imu)" = "$local_imu" ] &&
  ok "share status: $local_runs runs, $local_imu IMU recording(s) and $local_journal entries on both sides" ||
  bad "status: $(cat "$t/st")"
# the clinic decoded the recordings itself: the same grid, and each linked to
# the clinic's copy of the run the runner's is linked to (same start)
q="select group_concat(r, ';') from (select i.n_samples || ' ' || i.sample_rate_hz || ' ' || i.has_gyro
  || ' ' || coalesce((select cast(a.start_utc as int) from activities a where a.id = i.linked_activity_id), '-') as r
  from imu_recordings i order by i.n_samples)"
[ "$(csql "$q")" = "$(lsql "$q")" ] && [ "$(csql "select count(*) from imu_recordings where linked_activity_id is not null")" -ge 1 ] &&
  ok "the clinic's recordings: same samples and rate, linked to its copy of the same run: $(csql "$q")" ||
  bad "recordings differ: clinic $(csql "$q") / local $(lsql "$q")"
q="select value from kv where key = 'course.sha256'"
[ "$(csql "$q")" = "$(lsql "$q")" ] && ok "the race course at the clinic is the runner's" ||
  bad "course: clinic $(csql "$q") / local $(lsql "$q")"
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

code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/json' --data-binary "{\"sha256\":\"$(printf '%064d' 0)\",\"size\":$((33 << 20)),
  \"offset\":0,\"data_base64\":\"\",\"file_name\":\"x.imu\",\"run_sha256\":null,\"pinned\":false}" "$base/api/share/imu")
[ "$code_" = 400 ] && ok "a recording over 32 MiB -> 400: $(jget "$t/body" error)" || bad "over the limit: $code_ $(cat "$t/body")"
printf '{"sha256":"%064d","size":10,"offset":0,"data_base64":"AAAAAAA=","file_name":"x.imu","run_sha256":null,"pinned":false}' 1 >"$t/part.json"
code_=$(curl -s -o "$t/body" -w '%{http_code}' -b "$t/jar" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/json' --data-binary @"$t/part.json" "$base/api/share/imu")
[ "$code_" = 200 ] && [ "$(jget "$t/body" next)" = 5 ] && ls "$t"/.sg-share-imu-* >/dev/null 2>&1 &&
  ok "an unfinished recording's part is kept" || bad "part: $code_ $(cat "$t/body")"

# --- stop -------------------------------------------------------------------
printf '%s\n' "$pw" | mine share stop --password-stdin --json >"$t/stop"
[ "$(jget "$t/stop" deleted_at_clinic.activities)" = "$local_runs" ] && ok "share stop" || bad "stop: $(cat "$t/stop")"
[ "$(jget "$t/stop" deleted_at_clinic.imu)" = "$local_imu" ] && ok "share stop counts the IMU recordings" ||
  bad "stop imu: $(cat "$t/stop")"
[ "$(csql "select count(*) from activities")" = 0 ] && [ "$(csql "select count(*) from journal")" = 0 ] &&
  [ "$(csql "select count(*) from imu_recordings")" = 0 ] &&
  ! ls "$t"/.sg-share-imu-* >/dev/null 2>&1 &&
  ok "the clinic's copy is gone (IMU recordings and unfinished parts too)" || bad "rows left at the clinic"
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
