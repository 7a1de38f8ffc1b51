#!/usr/bin/env bash
# Kill -9 in the middle of an import: what was committed survives intact
# (PRAGMA integrity_check), and importing again ends with exactly the right
# set of activities, none twice.
#
# Input: generated one-hour runs (bench/import/gen.c: FIT when the library has
# the FIT encoder, else strideguard sample blobs) plus, when ../shared/data is
# present, real FIT files from it.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need sqlite3
work=$SG_TMP/import_kill.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
build=$(dirname "$SG_CLI")
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
N=${SG_KILL_FILES:-400}
"$work/gen" "$work/in/gen" "$N"
real=0
if [ -n "${SG_SHARED_DATA:-}" ] && [ -d "$SG_SHARED_DATA/goldencheetah" ]; then
  mkdir -p "$work/in/real"
  for f in Move_2020_01_15_19_27_16_Running.fit Fr955v19.28andStryd.fit 3386684871.fit; do
    [ -f "$SG_SHARED_DATA/goldencheetah/$f" ] && cp "$SG_SHARED_DATA/goldencheetah/$f" "$work/in/real/"
  done
  # a real GPX recording moved to 100 different days: 100 distinct real files
  g=$SG_SHARED_DATA/goldencheetah/Move_2014_01_16_19_48_44.gpx
  if [ -f "$g" ]; then
    for y in $(seq 1950 2049); do
      sed "s/2014-01-16T/$y-01-16T/g" "$g" >"$work/in/real/move_$y.gpx"
    done
  fi
fi
db=$work/db.sqlite
have_sqlite=0; command -v sqlite3 >/dev/null && have_sqlite=1
count() {
  if [ $have_sqlite = 1 ]; then sqlite3 "$db" "SELECT count(*) FROM activities" 2>/dev/null || echo 0
  else "$SG_CLI" --db "$db" runs --json 2>/dev/null | grep -o '"id":' | wc -l; fi
}

# The reference: one clean import into another database.
"$SG_CLI" --db "$work/ref.sqlite" import "$work/in" >"$work/ref.out" 2>"$work/ref.err" || true
if [ $have_sqlite = 1 ]; then
  want=$(sqlite3 "$work/ref.sqlite" "SELECT count(*) FROM activities")
else
  want=$("$SG_CLI" --db "$work/ref.sqlite" runs --json | grep -o '"id":' | wc -l)
fi
[ "$want" -ge "$N" ] || { echo "reference import stored $want < $N"; cat "$work/ref.err"; exit 1; }

killed_at=0
for attempt in 1 2 3; do
  rm -f "$db" "$db-wal" "$db-shm"
  "$SG_CLI" --db "$db" import "$work/in" >/dev/null 2>"$work/err" &
  pid=$!
  # wait until a quarter is stored, then pull the plug
  for _ in $(seq 1 4000); do
    c=$(count)
    if [ "$c" -ge $((want / 4)) ] || ! kill -0 $pid 2>/dev/null; then break; fi
    sleep 0.01
  done
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  killed_at=$(count)
  if [ "$killed_at" -lt "$want" ]; then break; fi
  N=$((N * 2)); "$work/gen" "$work/in/gen" "$N"   # too fast to catch: more work
  "$SG_CLI" --db "$work/ref.sqlite" import "$work/in" >/dev/null 2>&1 || true
  want=$( [ $have_sqlite = 1 ] && sqlite3 "$work/ref.sqlite" "SELECT count(*) FROM activities" \
          || "$SG_CLI" --db "$work/ref.sqlite" runs --json | grep -o '"id":' | wc -l)
done
echo "killed with $killed_at of $want activities stored"
[ "$killed_at" -lt "$want" ] || { echo "could not interrupt the import"; exit 1; }

if [ $have_sqlite = 1 ]; then
  ic=$(sqlite3 "$db" "PRAGMA integrity_check")
  [ "$ic" = ok ] || { echo "integrity_check: $ic"; exit 1; }
  fk=$(sqlite3 "$db" "PRAGMA foreign_key_check" | wc -l)
  [ "$fk" = 0 ] || { echo "foreign key violations: $fk"; exit 1; }
  orphans=$(sqlite3 "$db" "SELECT count(*) FROM activities a WHERE NOT EXISTS
                           (SELECT 1 FROM sources s WHERE s.activity_id = a.id)
                           OR NOT EXISTS (SELECT 1 FROM activity_samples b WHERE b.activity_id = a.id)")
  [ "$orphans" = 0 ] || { echo "half-written activities: $orphans"; exit 1; }
fi

# Re-run: completes without duplicates.
set +e
"$SG_CLI" --db "$db" import --json "$work/in" >"$work/second.json" 2>"$work/second.err"
rc=$?
set -e
got=$(count)
echo "after re-import: $got activities (want $want); $(cat "$work/second.json")"
[ "$got" = "$want" ] || { echo "wrong activity count"; cat "$work/second.err"; exit 1; }
grep -q "\"duplicates\":$killed_at" "$work/second.json" || [ "$killed_at" = 0 ] ||
  { echo "re-import did not see the $killed_at stored files as duplicates"; exit 1; }
if [ $have_sqlite = 1 ]; then
  # the same set as the clean import: compare (start, distance, format) rows
  q="SELECT start_utc, distance_m, format, n_samples FROM activities ORDER BY start_utc, distance_m"
  diff <(sqlite3 "$db" "$q") <(sqlite3 "$work/ref.sqlite" "$q") >/dev/null ||
    { echo "stored set differs from a clean import"; exit 1; }
  [ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]
fi
[ "$rc" = 0 ] || [ "$(grep -c . "$work/ref.err")" -gt 0 ] || { echo "re-import exit $rc"; exit 1; }
echo "ok"
