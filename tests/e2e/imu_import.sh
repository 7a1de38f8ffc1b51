#!/usr/bin/env bash
# `strideguard import` with IMU recordings: a watch run plus a trunk CSV
# recorded during it are linked (in either import order), `imu --list`,
# `imu ID`, `imu ID --link`, the import summary's imu count, real recordings
# and a Strava activities.csv that stays skipped.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
work=$SG_TMP/imu_import_e2e.$$
rm -rf "$work"; mkdir -p "$work/run" "$work/imu"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
build=$(dirname "$SG_CLI")
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
"$work/gen" "$work/run" 1 1800          # one 30-minute watch run
db=$work/a.db

"$SG_CLI" --db "$db" import "$work/run" >/dev/null
start=$("$SG_CLI" --db "$db" runs --json | grep -o '"start":"[^"]*"' | head -n1 | cut -d'"' -f4)
[ -n "$start" ] || fail "no run start"
act=$("$SG_CLI" --db "$db" runs --json | grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2)

# A 100 Hz trunk recording (ActiGraph-style ISO time, g) from minute 5 to
# minute 10 of the run: half-sine vertical impacts at 170 steps/min.
day=${start%%T*}
hms=${start#*T}; hms=${hms%Z}
awk -v day="$day" -v hms="$hms" 'BEGIN {
  split(hms, p, ":"); base = p[1] * 3600 + p[2] * 60 + p[3] + 300
  pi = 3.141592653589793; T = 60 / 170; tc = 0.62 * T
  print "date_time,x,y,z"
  for (i = 0; i < 30000; i++) {
    t = i / 100; s = base + int(t); ms = (i % 100) * 10
    tau = t - int(t / T) * T; side = int(t / T) % 2
    vz = 0; vx = 0; vy = 0
    if (tau < tc) { sn = sin(pi * tau / tc); vz = pi * T / (2 * tc) * sn
                    vx = -0.6 * sin(2 * pi * tau / tc); vy = (side ? 0.3 : -0.3) * sn }
    printf "%sT%02d:%02d:%02d.%03dZ,%.4f,%.4f,%.4f\n", day, int(s / 3600), int(s % 3600 / 60), s % 60, ms, vx, vy, vz
  } }' >"$work/imu/trunk.csv"

# the recording after the run: linked
out=$("$SG_CLI" --db "$db" import --json "$work/imu") || fail "import csv: exit $?"
echo "$out" | grep -q '"imported":0,"duplicates":0,"skipped":0,"imu_recordings":1,"failed":\[\]' ||
  fail "import json: $out"
list=$("$SG_CLI" --db "$db" imu --list --json)
echo "$list" | grep -q "\"linked_activity_id\":$act,\"link\":\"auto\",\"activity\":{\"id\":$act" ||
  fail "not linked to activity $act: $list"
id=$(echo "$list" | grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2)
view=$("$SG_CLI" --db "$db" imu "$id" --json) || fail "imu $id: exit $?"
echo "$view" | grep -q "^{\"id\":$id,\"linked_activity_id\":$act," || fail "view head: ${view:0:200}"
echo "$view" | grep -q '"cadence_spm":1[67][0-9]' || fail "cadence: ${view:0:400}"
"$SG_CLI" --db "$db" imu "$id" --json | cmp -s - <(echo "$view") || fail "cached view differs"
"$SG_CLI" --db "$db" imu "$id" | grep -q "linked activity: $act" || fail "text view"
"$SG_CLI" --db "$db" imu --list | grep -q "activity $act" || fail "text list"

# a watch FIT without raw motion: nothing for `imu FILE.fit`
set +e
"$SG_CLI" imu "$(ls "$work"/run/* | head -n1)" >/dev/null 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "imu on a FIT without motion should exit 1, got $rc"
grep -q 'no accelerometer data in this FIT file' "$work/err" || fail "fit err: $(cat "$work/err")"

# pins
"$SG_CLI" --db "$db" imu "$id" --link none --json | grep -q '"linked_activity_id":null,"link":"pinned"' ||
  fail "--link none"
"$SG_CLI" --db "$db" imu "$id" --link auto --json | grep -q "\"linked_activity_id\":$act,\"link\":\"auto\"" ||
  fail "--link auto"
set +e
"$SG_CLI" --db "$db" imu 999 --json >/dev/null 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "unknown id should exit 1, got $rc"
grep -q '^strideguard: IMU recording 999: no IMU recording 999' "$work/err" || fail "err: $(cat "$work/err")"
set +e
"$SG_CLI" --db "$db" imu "$id" --link sideways >/dev/null 2>&1; rc=$?
"$SG_CLI" --db "$db" imu --list "$id" >/dev/null 2>&1; rc2=$?
set -e
[ $rc = 2 ] && [ $rc2 = 2 ] || fail "usage errors should exit 2 ($rc, $rc2)"

# the recording before the run: linked when the run arrives; text summary
db2=$work/b.db
"$SG_CLI" --db "$db2" import "$work/imu" | grep -q "IMU recordings 1" || fail "text summary"
"$SG_CLI" --db "$db2" imu --list --json | grep -q '"linked_activity_id":null' || fail "linked too early"
"$SG_CLI" --db "$db2" import "$work/run" >/dev/null
"$SG_CLI" --db "$db2" imu --list --json | grep -q '"linked_activity_id":1,"link":"auto"' ||
  fail "not linked after the run arrived: $("$SG_CLI" --db "$db2" imu --list --json)"

# a Strava export's activities.csv is not an IMU recording
mkdir -p "$work/strava/sub"
printf 'Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\n1,"Mar 2, 2025, 7:00:00 AM",Run,Run,3600,10.0,activities/1.fit.gz\n' \
  >"$work/strava/sub/activities.csv"
out=$("$SG_CLI" --db "$db2" import --json "$work/strava/sub/activities.csv")
echo "$out" | grep -q '"skipped":1,"imu_recordings":0' || fail "activities.csv: $out"

# real recordings (skip when the shared data is absent)
data=${SG_SHARED_DATA:-}
[ -n "$data" ] && [ -d "$data" ] || { echo "shared data absent: real-file part skipped"; exit 0; }
out=$("$SG_CLI" --db "$db2" import --json "$data/recurrent-grf-prediction/Sample_test_data.csv" \
  "$data/adeptdata/acc_running_left_hip.csv" "$data/ipol-gait-dataset-1/1-1_lb.txt")
echo "$out" | grep -q '"imu_recordings":3' || fail "real recordings: $out"
list=$("$SG_CLI" --db "$db2" imu --list --json)
for r in shimmer xsens "iso-time csv"; do
  echo "$list" | grep -q "\"reader\":\"$r\"" || fail "reader $r missing"
done
echo ok
