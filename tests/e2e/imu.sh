#!/usr/bin/env bash
# `strideguard imu`: real recordings, phyphox exports, and one-line errors
# with line numbers and exit 1 for bad input, exit 2 for usage.
set -u
cli=${SG_CLI:?}; tmp=${SG_TMP:?}/e2e_imu; data=${SG_SHARED_DATA:-}
mkdir -p "$tmp"
fail() { echo "FAIL: $*"; exit 1; }

# usage
"$cli" imu >/dev/null 2>&1; [ $? -eq 2 ] || fail "no file should be a usage error"
"$cli" imu x.csv --accel-unit furlongs >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad unit should be usage"

# phyphox: semicolon-separated, decimal comma, accelerometer and gyroscope in two files
awk 'BEGIN { print "\"Time (s)\";\"Acceleration x (m/s^2)\";\"Acceleration y (m/s^2)\";\"Acceleration z (m/s^2)\";\"Absolute acceleration (m/s^2)\"";
  for (i = 0; i < 1000; i++) { t = i * 0.01; printf "%.3f;0,1;%.4f;9,80;9,81\n", t, 0.05 * sin(t) }
  }' | sed 's/\([0-9]\)\.\([0-9]\)/\1,\2/g' > "$tmp/Accelerometer.csv"
awk 'BEGIN { print "\"Time (s)\";\"Gyroscope x (rad/s)\";\"Gyroscope y (rad/s)\";\"Gyroscope z (rad/s)\"";
  for (i = 0; i < 1000; i++) { t = i * 0.01 + 0.004; printf "%.3f;0,01;0;0\n", t } }' \
  | sed 's/\([0-9]\)\.\([0-9]\)/\1,\2/g' > "$tmp/Gyroscope.csv"
out=$("$cli" imu "$tmp/Accelerometer.csv" --gyro "$tmp/Gyroscope.csv" --json) || fail "phyphox pair: exit $?"
echo "$out" | grep -q '"source":"phyphox"' || fail "phyphox not recognised: $out"
echo "$out" | grep -q '"gyroscope":true' || fail "gyroscope file not merged"
echo "$out" | grep -q '"code":"no_running"' || fail "standing should be no_running"
echo "$out" | grep -q '"cadence_spm":null' || fail "no running must give null cadence"

# generic CSV with --columns, time in ms, acceleration in g
printf 'ms,a,b,c\n' > "$tmp/g.csv"
awk 'BEGIN { for (i = 0; i < 500; i++) printf "%d,0.01,-1.0,0.02\n", i * 10 }' >> "$tmp/g.csv"
"$cli" imu "$tmp/g.csv" --columns t,ax,ay,az --time-unit ms --json | grep -q '"sample_rate_hz":100' \
  || fail "generic csv with --columns"

# unit mix-up: the file is in g, the user says m/s^2
err=$("$cli" imu "$tmp/g.csv" --columns t,ax,ay,az --time-unit ms --accel-unit mps2 2>&1 >/dev/null)
[ $? -eq 1 ] || fail "unit mix-up should exit 1"
echo "$err" | grep -q -- '--accel-unit g' || fail "unit mix-up should suggest --accel-unit g: $err"
[ "$(echo "$err" | wc -l)" -eq 1 ] || fail "error must be one line"

# time going backwards, NaN, wrong field count: file, line and cause
printf 't,ax,ay,az\n0,0,0,9.8\n0.01,0,0,9.8\n0.005,0,0,9.8\n' > "$tmp/back.csv"
err=$("$cli" imu "$tmp/back.csv" 2>&1); [ $? -eq 1 ] || fail "backwards time should exit 1"
echo "$err" | grep -q "back.csv: line 4:.*does not increase" || fail "backwards time message: $err"
printf 't,ax,ay,az\n0,0,0,9.8\n0.01,NaN,0,9.8\n' > "$tmp/nan.csv"
err=$("$cli" imu "$tmp/nan.csv" 2>&1); [ $? -eq 1 ] || fail "NaN should exit 1"
echo "$err" | grep -q "line 3:.*NaN" || fail "NaN message: $err"
printf 't,ax,ay,az\n0,0,0,9.8\n0.01,0,9.8\n' > "$tmp/cols.csv"
err=$("$cli" imu "$tmp/cols.csv" 2>&1); [ $? -eq 1 ] || fail "short row should exit 1"
echo "$err" | grep -q "line 3:1: 3 fields, the header has 4" || fail "field count message: $err"
err=$("$cli" imu "$tmp/missing.csv" 2>&1); [ $? -eq 1 ] || fail "missing file should exit 1"

# real recordings (skip the rest when the shared data is absent)
[ -n "$data" ] && [ -d "$data" ] || { echo "shared data absent: real-file part skipped"; exit 0; }
out=$("$cli" imu "$data/recurrent-grf-prediction/Sample_test_data.csv" --json) || fail "shimmer file"
for k in sample_rate_hz duration_s running_s bouts cadence_spm step_time_ms \
         step_time_asymmetry_pct step_regularity stride_regularity step_symmetry rms_ratio \
         impact_g trunk_vertical_displacement_mm pelvis_deg windows fatigue flags; do
  echo "$out" | grep -q "\"$k\":" || fail "key $k missing"
done
echo "$out" | grep -q '"obliquity_range":null' || fail "pelvis must be null without gyroscope"
out=$("$cli" imu "$data/ipol-gait-dataset-1/1-1_lb.txt" --json) || fail "xsens file"
echo "$out" | grep -q '"running_s":0.0' || fail "walking counted as running"
"$cli" imu "$data/adeptdata/acc_running_left_hip.csv" >/dev/null || fail "hip run"
echo ok
