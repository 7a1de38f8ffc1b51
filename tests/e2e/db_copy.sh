#!/usr/bin/env bash
# `db copy`, the round trip of issue #16: the demo store (SQLite) → PostgreSQL
# → a new SQLite file compares equal, row for row (a dump of every table but
# the migration history) and in what the commands show (runs, show --all,
# journal, imu --list, gear, athlete). Also: a non-empty target is refused
# (exit 2) unless --replace; the password of a URL never reaches the output.
# Needs the CTest fixture "pg" (its URL in $SG_TMP/pg.url); one schema of its
# database, dropped at the end.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need psql sqlite3 python3
base=$(cat "$SG_TMP/pg.url" 2>/dev/null || true)
[ -n "$base" ] || { echo "FAIL: no PostgreSQL URL in $SG_TMP/pg.url (the pg fixture did not run)" >&2; exit 1; }
t=$(mktemp -d "$SG_TMP/db_copy.XXXXXX")
schema="dbcopy_$$"
trap 'psql "$base" -XAtqc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; rm -rf "$t"' EXIT
psql "$base" -XAtqc "CREATE SCHEMA $schema" >/dev/null
pg="$base&options=-csearch_path%3D$schema"
a="$t/demo/demo.db" c="$t/back.db"

"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 > /dev/null
shoe=$("$SG_CLI" --db "$a" gear add "Pegasus 40" --brand Nike --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$SG_CLI" --db "$a" gear assign 3 "$shoe" > /dev/null
# the analysis cache too: show --all fills it
"$SG_CLI" --db "$a" show --all --json > "$t/show.a.json"
# a clinic whose runner is this store's athlete, its change counter (schema
# 12) at a number the copy's own inserts would not make: the target must
# hold the source's count, also on PostgreSQL, where the counter's triggers
# fire at the commit, after the count was loaded
"$SG_CLI" --db "$a" clinic create North > /dev/null
sqlite3 "$a" "INSERT INTO accounts(login, role, clinic_id, athlete_id, pwhash, created_utc, disabled)
              SELECT 'ann', 'runner', id, 1, 'x', 0, 0 FROM clinics;
              UPDATE clinic_changes SET seq = 41;"

"$SG_CLI" db copy "$a" "$pg" --json > "$t/copy1.json"
python3 - "$t/copy1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["from_backend"] == "sqlite" and d["to_backend"] == "postgresql", d
assert d["tables"]["athletes"] == 1, d  # the store's own runner (schema 7); every row is its
assert d["tables"]["activities"] >= 60 and d["tables"]["activity_samples"] == d["tables"]["activities"], d
assert d["tables"]["journal"] > 0 and d["tables"]["imu_recordings"] == 1, d
assert d["tables"]["gear"] == 1 and d["tables"]["activity_gear"] == 1, d
assert d["tables"]["analysis_cache"] > 0 and d["tables"]["kv"] > 0, d
assert d["rows"] == sum(d["tables"].values()) and d["blob_bytes"] > 100000, d
PY
"$SG_CLI" db copy "$pg" "$c" > "$t/copy2.txt"
grep -q "^copied .*(postgresql) to .*(sqlite)" "$t/copy2.txt" || { cat "$t/copy2.txt"; echo "FAIL: no summary line"; exit 1; }

# every row belongs to athlete 1 on the way there and back
for s in "$a" "$c"; do
  [ "$(sqlite3 "$s" "SELECT count(*) FROM activities WHERE athlete_id <> 1")" = 0 ] || { echo "FAIL: rows of another athlete in $s"; exit 1; }
done
[ "$(psql "$pg" -XAtqc "SELECT count(*) FROM journal WHERE athlete_id = 1")" -gt 0 ] || { echo "FAIL: the journal lost its athlete on PostgreSQL"; exit 1; }
[ "$(psql "$pg" -XAtqc "SELECT seq FROM clinic_changes")" = 41 ] || { echo "FAIL: the clinic's change counter on PostgreSQL: $(psql "$pg" -XAtqc "SELECT seq FROM clinic_changes")"; exit 1; }

# 1. every table, row for row (the migrations' applied_at differs by design;
#    rows sorted: .dump lists them in rowid order, which a table keyed by
#    (activity, name) need not keep)
dump() { sqlite3 "$1" .dump | grep -v '^INSERT INTO migrations ' | LC_ALL=C sort; }
dump "$a" > "$t/a.sql"
dump "$c" > "$t/c.sql"
[ "$(grep -c '^INSERT INTO' "$t/a.sql")" -gt 200 ] || { echo "FAIL: the demo dump is nearly empty"; exit 1; }
diff -q "$t/a.sql" "$t/c.sql" > /dev/null || { diff "$t/a.sql" "$t/c.sql" | head -20; echo "FAIL: SQLite → PostgreSQL → SQLite changed rows"; exit 1; }

# 2. what the commands show, on all three stores
for cmd in "runs --json" "show --all --json" "journal --json" "imu --list --json" \
           "gear list --json --today 2026-03-01" "athlete show --json" "imu 1 --json"; do
  for s in a pg c; do
    db=$a; [ $s = pg ] && db=$pg; [ $s = c ] && db=$c
    # shellcheck disable=SC2086
    "$SG_CLI" --db "$db" $cmd > "$t/out.$s"
  done
  cmp -s "$t/out.a" "$t/out.pg" || { diff <(head -c 2000 "$t/out.a") <(head -c 2000 "$t/out.pg") | head; echo "FAIL: '$cmd' differs on PostgreSQL"; exit 1; }
  cmp -s "$t/out.a" "$t/out.c" || { echo "FAIL: '$cmd' differs after the round trip"; exit 1; }
done

# 3. a target holding anything is refused and left alone; --replace empties it first
set +e
"$SG_CLI" db copy "$a" "$pg" > "$t/refused.out" 2> "$t/refused.err"; rc=$?
set -e
[ $rc -eq 2 ] || { cat "$t/refused.err"; echo "FAIL: a non-empty target gave exit $rc, not 2"; exit 1; }
grep -q "not empty" "$t/refused.err" || { cat "$t/refused.err"; echo "FAIL: the refusal does not say why"; exit 1; }
"$SG_CLI" --db "$c" journal delete 1 > /dev/null
"$SG_CLI" db copy "$a" "$c" --replace > /dev/null
dump "$a" > "$t/a2.sql" # the commands above added cached results
dump "$c" > "$t/c2.sql"
diff -q "$t/a2.sql" "$t/c2.sql" > /dev/null || { echo "FAIL: --replace did not give an equal copy"; exit 1; }

# 4. a password never reaches the output
set +e
"$SG_CLI" db copy "$a" "postgresql://sgtest:pw-Zq81x@127.0.0.1:1/none?connect_timeout=3" > "$t/pw.out" 2> "$t/pw.err"; rc=$?
"$SG_CLI" --db "postgresql://sgtest:pw-Zq81x@127.0.0.1:1/none?connect_timeout=3" runs > "$t/pw2.out" 2> "$t/pw2.err"; rc2=$?
# serve off loopback wants a token file beside the database, which a URL has not
timeout 20 "$SG_CLI" --db "postgresql://sgtest:pw-Zq81x@127.0.0.1:1/none?connect_timeout=3" serve --listen 0.0.0.0:0 > "$t/pw3.out" 2> "$t/pw3.err"
set -e
[ $rc -eq 1 ] && [ $rc2 -eq 1 ] || { echo "FAIL: an unreachable server gave exits $rc, $rc2"; exit 1; }
if grep -q "pw-Zq81x" "$t"/pw*.out "$t"/pw*.err; then cat "$t"/pw*.err; echo "FAIL: the password was printed"; exit 1; fi
grep -q '\*\*\*' "$t/pw.err" || { cat "$t/pw.err"; echo "FAIL: the URL is not shown redacted"; exit 1; }

# 5. usage
set +e
"$SG_CLI" db copy "$a" > /dev/null 2>&1; r1=$?
"$SG_CLI" db copy "$a" "$a" > /dev/null 2>&1; r2=$?
"$SG_CLI" db frob > /dev/null 2>&1; r3=$?
set -e
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] || { echo "FAIL: usage errors gave $r1 $r2 $r3"; exit 1; }
echo "ok: demo store → PostgreSQL → SQLite equal ($(grep -c '^INSERT INTO' "$t/a.sql") rows)"
