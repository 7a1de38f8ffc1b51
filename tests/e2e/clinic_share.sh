#!/usr/bin/env bash
# Sharing with a clinic (issue #16, part D; docs/cli.md "share") on
# 127.0.0.1: the clinic's admin, clinic and a runner's invitation code by the
# CLI; a local store with half a year of simulated runs and a journal;
# `share join`; a push cut short by --max-items, then pushed again (the rest
# sent); a push that sends nothing (idempotent); `share status`; the clinic's
# /api/runs as the runner equals the local count and holds nothing in the
# clinic's own athlete; `share stop` deletes the clinic's copy and ends the
# runner's session. SG_SHARE_WEEKS (default 26) sets the simulated span:
# e2e_clinic_story pushes the three years; docs/performance.md times them
# here with SG_SHARE_WEEKS=156.
# A 16-hour run recorded every second (a FIT past the ordinary 1 MiB body)
# reaches the clinic; a file declared past 8 MiB is 413 and one past 1 MiB
# without a session 401, both before the body is read; the ninth 8 MiB body at
# once is 503; a trickled large body is dropped and its share given back.
# IMU recordings: the demo's simulated lower-back recording (linked to a run)
# and, when ../shared/data is there (SG_SHARED_DATA), a real hip-belt
# recording; both pushed once (a second push sends nothing), counted alike on
# both sides, the clinic's copy linked to its copy of the same run, a
# recording cut short resumed where the clinic's part ends, and gone at stop.
# The race course: the clinic's equals the runner's, and follows a change.
# With --pg the clinic's store is a fresh schema of the CTest fixture's
# PostgreSQL cluster (e2e_clinic_share_pg); the runner's stays SQLite.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/share.XXXXXX")
schema=""
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, drops $schema
. "$(dirname "$0")/lib/clinic_db.sh"
clinic_db share "${1-}"

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
clinic() { "$SG_CLI" --db "$db" "$@"; }
mine() { "$SG_CLI" --db "$t/local.db" "$@"; }
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"; }
# csql / lsql SQL: the clinic's / the runner's rows, one a line, columns joined by |
csql() {
  if [ -n "$schema" ]; then psql "$db" -XAtqc "$1"; else lsql "$1" "$db"; fi
}

# --- the runner's local store: half a year of runs and a journal ----------
weeks=${SG_SHARE_WEEKS:-26}
mine demo --no-serve --dir "$t/demo" --weeks "$weeks" --no-taper --spike-week none \
  --today 2026-12-01 >/dev/null
# a mountain ultra recorded every second with heart rate and cadence: 16
# hours, 57,600 points, a FIT of 1.15 MB as the push encodes it, past the
# server's ordinary 1 MiB body (a watch with running dynamics writes twice the
# bytes a second: a slow mountain marathon gets there in 7.5 hours); it
# starts before the demo's weeks
python3 "$(dirname "$0")/lib/longgpx.py" "$t/mountain.gpx" 2023-06-10T04:00 16 1.2 900 6000 \
  "mountain ultra" --running --hr-cad
mine import "$t/mountain.gpx" >/dev/null
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
lsql() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if v is None else str(v) for v in r))' "${2-$t/local.db}" "$1"; }
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
invite=$(clinic clinic code --role runner --clinic "North Clinic" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
# the server keeps a recording's unfinished part beside a SQLite store, and in
# $TMPDIR with PostgreSQL: $t either way, where the checks below look
TMPDIR="$t" clinic_serve
pw='a runner password'

# --- join -------------------------------------------------------------------
set +e
printf '%s\n' "$pw" | mine share join "http://192.0.2.1:$PORT" --code "$invite" --login ann --password-stdin \
  2>"$t/err"; rc=$?
set -e
[ $rc = 2 ] && [ "$(wc -l <"$t/err")" = 1 ] && grep -q 'https://' "$t/err" &&
  ok "plain http to another machine refused: $(cat "$t/err")" || bad "plain http: exit $rc, $(cat "$t/err")"
set +e
printf '%s\n' "$pw" | mine share push --password-stdin 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q 'share join' "$t/err" && ok "push before join: $(cat "$t/err")" || bad "push before join: $rc $(cat "$t/err")"
printf '%s\n' "$pw" | mine share join "$base" --code "$invite" --login ann --password-stdin --json >"$t/out"
[ "$(jget "$t/out" joined)" = True ] && ok "share join" || bad "join: $(cat "$t/out")"
python3 -c 'import sqlite3,sys; v=[r[0] for r in sqlite3.connect(sys.argv[1]).execute("select value from kv")]; sys.exit(any("runner password" in x for x in v))' "$t/local.db" &&
  ok "the password is not stored locally" || bad "password stored locally"
set +e
printf '%s\n' "$pw" | mine share join "$base" --code "$invite" --login ann2 --password-stdin 2>"$t/err"; rc=$?
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
clinic_sign_in ann "$pw" "$t/ann"
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
  clinic_call POST /api/share/imu "$t/ann" @"$t/chunk.json"   # curl reads the body from the file
  [ "$code" = 200 ] && [ "$(jget "$t/body" status)" = partial ] && [ "$(jget "$t/body" next)" = 524288 ] &&
    ok "the first chunk of a recording: partial, next 524288" || bad "first chunk: $code $(cat "$t/body")"
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
# ("samples rate gyro start" a recording, ';' between, the start's seconds
# truncated, as either backend prints them: 100.0 in SQLite is 100 in PostgreSQL)
q="select i.n_samples, i.sample_rate_hz, i.has_gyro,
  (select a.start_utc from activities a where a.id = i.linked_activity_id) from imu_recordings i order by i.n_samples"
grid() { python3 -c 'import sys
num = lambda v: "%d" % float(v) if float(v) == int(float(v)) else repr(float(v))
print(";".join(" ".join([num(n), num(hz), num(g), "%d" % float(s) if s else "-"])
               for n, hz, g, s in (l.split("|") for l in sys.stdin.read().split())))'; }
[ "$(csql "$q" | grid)" = "$(lsql "$q" | grid)" ] && [ "$(csql "select count(*) from imu_recordings where linked_activity_id is not null")" -ge 1 ] &&
  ok "the clinic's recordings: same samples and rate, linked to its copy of the same run: $(csql "$q" | grid)" ||
  bad "recordings differ: clinic $(csql "$q" | grid) / local $(lsql "$q" | grid)"
q="select value from kv where key = 'course.sha256'"
[ "$(csql "$q")" = "$(lsql "$q")" ] && ok "the race course at the clinic is the runner's" ||
  bad "course: clinic $(csql "$q") / local $(lsql "$q")"
clinic_sign_in ann "$pw" "$t/ann"
clinic_call GET /api/runs "$t/ann"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/body")
[ "$n" = "$local_runs" ] && ok "the clinic's /api/runs as the runner: $n" || bad "clinic runs: $n of $local_runs"
clinic_call GET '/api/journal?kind=rpe' "$t/ann"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); assert len(e)==1 and e[0]["rpe"]==6 and e[0]["run_id"]>0' "$t/body" &&
  ok "the RPE entry names the clinic's copy of its run" || bad "rpe at the clinic: $(cat "$t/body")"
[ "$(csql "select count(*) from activities where athlete_id = 1")" = 0 ] &&
  ok "nothing landed in the clinic's own athlete" || bad "rows in athlete 1"
clinic_call --no-csrf POST /api/share/journal "$t/ann" '{"entries":[]}'
[ "$code" = 403 ] && ok "a share write without the CSRF token -> 403" || bad "no csrf: $code"
big=$(csql "select count(*) from activities where duration_s > 57000")
fsize=$(csql "select max(size) from sources")
[ "$big" = 1 ] && [ "$fsize" -gt $((1 << 20)) ] &&
  ok "the 16-hour run reached the clinic: its FIT was $fsize bytes, past the ordinary 1 MiB body" ||
  bad "the long run at the clinic: $big, largest source $fsize bytes"
head -c $((9 << 20)) /dev/zero >"$t/nine"
clinic_call POST '/api/share/activity?name=nine.fit' "$t/ann" "@$t/nine"
[ "$code" = 413 ] && ok "a 9 MiB activity file -> 413 before its body: $(jget "$t/body" error)" ||
  bad "9 MiB share file: $code $(cat "$t/body")"
head -c $((2 << 20)) /dev/zero >"$t/two"
clinic_call POST '/api/share/activity?name=two.fit' "" "@$t/two"
[ "$code" = 401 ] && ok "a 2 MiB activity file without a session -> 401 before its body" ||
  bad "2 MiB share file, no session: $code $(cat "$t/body")"
clinic_call POST '/api/share/activity?name=two.fit' "$t/ann" "@$t/two"
[ "$code" = 200 ] && [ "$(jget "$t/body" status)" = skipped ] &&
  ok "a 2 MiB file from the runner is read whole (and skipped: not a run)" ||
  bad "2 MiB share file: $code $(cat "$t/body")"
# the large files' budget (64 MiB on the server): eight 8 MiB heads are let
# through (100 Continue), a ninth is 503 at once, and a closed one gives its
# share back
budget=$(PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(dirname "$0")/lib" python3 - "$PORT" "$(cat "$t/ann")" "$(cat "$t/ann.csrf")" <<'PY'
import sys, time, rawhttp
port, cookie, csrf = int(sys.argv[1]), sys.argv[2], sys.argv[3]
head = lambda: rawhttp.head(port, "/api/share/activity?name=big.fit", 8 << 20, cookie, csrf)
held = [head() for _ in range(8)]
ninth, status9 = head()
ninth.close()
held[0][0].close()
time.sleep(1)
tenth, status10 = head()
print(",".join(st for _, st in held), "|", status9, "|", status10)
PY
)
case "$budget" in
  *"HTTP/1.1 100 Continue | HTTP/1.1 503"*"| HTTP/1.1 100 Continue") ok "the large files' budget: 8 x 8 MiB let through, the ninth 503, a closed one gives its share back" ;;
  *) bad "large files' budget: $budget" ;;
esac
# a large body trickled (a kilobyte every 2 s, each within the idle timeout) is
# dropped once its first 10 s are past below 32 KiB/s, and its share comes back:
# eight 8 MiB heads are let through after it (SQLite run only: the front is the same)
if [ -z "$schema" ]; then
  slow=$(PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(dirname "$0")/lib" python3 - "$PORT" "$(cat "$t/ann")" "$(cat "$t/ann.csrf")" <<'PY'
import sys, rawhttp
port, cookie, csrf = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s, st = rawhttp.head(port, "/api/share/activity?name=slow.fit", 2 << 20, cookie, csrf)
closed = rawhttp.trickle(s)
held = [rawhttp.head(port, "/api/share/activity?name=big.fit", 8 << 20, cookie, csrf) for _ in range(8)]
print(st, "|", "none" if closed is None else f"{closed:.0f}", "|", ",".join(x for _, x in held))
PY
)
  secs=$(echo "$slow" | awk -F' [|] ' '{print $2}')
  case "$slow" in
    "HTTP/1.1 100 Continue | "[1-2][0-9]" | "*)
      if [ "$(echo "$slow" | grep -o "100 Continue" | wc -l)" = 9 ]; then
        ok "a trickled 2 MiB body is dropped after $secs s, its share given back (8 x 8 MiB let through after it)"
      else bad "slow body: $slow"; fi ;;
    *) bad "slow body: $slow" ;;
  esac
fi
clinic_call --type application/json POST '/api/share/activity?name=x.fit' "$t/ann" '{}'
[ "$code" = 415 ] && ok "a share file as JSON -> 415" || bad "share file as JSON: $code $(cat "$t/body")"
clinic_call POST /api/share/activity "$t/ann" 'not a run'    # application/octet-stream
[ "$code" = 400 ] && ok "a share file without ?name -> 400: $(jget "$t/body" error)" || bad "no name: $code $(cat "$t/body")"
clinic_call POST '/api/share/activity?name=notes.txt' "$t/ann" 'not a run'
[ "$code" = 200 ] && [ "$(jget "$t/body" status)" = skipped ] && ok "a file that is not a run is skipped" ||
  bad "not a run: $code $(cat "$t/body")"

clinic_call POST /api/share/imu "$t/ann" "{\"sha256\":\"$(printf '%064d' 0)\",\"size\":$((33 << 20)),
  \"offset\":0,\"data_base64\":\"\",\"file_name\":\"x.imu\",\"run_sha256\":null,\"pinned\":false}"
[ "$code" = 400 ] && ok "a recording over 32 MiB -> 400: $(jget "$t/body" error)" || bad "over the limit: $code $(cat "$t/body")"
clinic_call POST /api/share/imu "$t/ann" "$(printf '{"sha256":"%064d","size":10,"offset":0,"data_base64":"AAAAAAA=","file_name":"x.imu","run_sha256":null,"pinned":false}' 1)"
[ "$code" = 200 ] && [ "$(jget "$t/body" next)" = 5 ] && ls "$t"/.sg-share-imu-* >/dev/null 2>&1 &&
  ok "an unfinished recording's part is kept" || bad "part: $code $(cat "$t/body")"

# --- stop -------------------------------------------------------------------
printf '%s\n' "$pw" | mine share stop --password-stdin --json >"$t/stop"
[ "$(jget "$t/stop" deleted_at_clinic.activities)" = "$local_runs" ] && ok "share stop" || bad "stop: $(cat "$t/stop")"
[ "$(jget "$t/stop" deleted_at_clinic.imu)" = "$local_imu" ] && ok "share stop counts the IMU recordings" ||
  bad "stop imu: $(cat "$t/stop")"
[ "$(csql "select count(*) from activities")" = 0 ] && [ "$(csql "select count(*) from journal")" = 0 ] &&
  [ "$(csql "select count(*) from imu_recordings")" = 0 ] &&
  ! ls "$t"/.sg-share-imu-* >/dev/null 2>&1 &&
  ok "the clinic's copy is gone (IMU recordings and unfinished parts too)" || bad "rows left at the clinic"
clinic_call GET /api/runs "$t/ann"
[ "$code" = 401 ] && ok "the runner's session is refused after stop" || bad "session after stop: $code"
clinic_sign_in ann "$pw" "$t/ann2"
login=$code
clinic_call GET /api/runs "$t/ann2"
[ "$code" = 403 ] && ok "a new sign-in reaches no data (the account has no athlete): $login/$code" ||
  bad "after stop, new login: $login/$code $(cat "$t/body")"
[ "$(mine runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$local_runs" ] &&
  ok "the local store keeps every run" || bad "local runs changed"
set +e
printf '%s\n' "$pw" | mine share status --password-stdin 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q 'share join' "$t/err" && ok "the clinic is forgotten locally" || bad "after stop: $rc $(cat "$t/err")"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all share checks passed"
