#!/usr/bin/env bash
# Issue #12 item 5, the decompression bomb: a few-KB file in the store's own
# sample-blob format whose header claims 160,000,000 decoded bytes.
# (a) `import` refuses it with one line naming the file and the reason, in
#     little memory; (b) the same bytes written over a stored run's blob (a
#     tampered database) make `show ID` fail with one clear line and
#     `/api/runs/ID` answer a JSON error, never an allocation of the claimed
#     size, and the server stays up. Needs no ../shared/data (the run is
#     generated). Loopback only, one short-lived server.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need python3 zstd /usr/bin/time sqlite3 curl
work=$(mktemp -d "$SG_TMP/blob_ceiling.XXXXXX")
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
build=$(dirname "$SG_CLI")
fail() { echo "FAIL: $*"; exit 1; }
LIMIT_KB=102400 # 100 MB

# ---- the bomb: "SGAB", version 1, codec 1 (zstd), reserved 0, u64 LE
# payload length, then a zstd frame of 160 MB of zeros, streamed (the frame
# header carries the content size, as the store's own blobs do) ----
plen=160000000
head -c $plen /dev/zero | zstd -q -19 --stream-size=$plen -c >"$work/frame"
mkdir "$work/bomb"
python3 - "$work/frame" $plen "$work/bomb/x.fit" <<'EOF'
import struct, sys
frame = open(sys.argv[1], "rb").read()
with open(sys.argv[3], "wb") as f:
    f.write(b"SGAB" + bytes([1, 1, 0, 0]) + struct.pack("<Q", int(sys.argv[2])) + frame)
EOF
bomb=$work/bomb/x.fit
size=$(stat -c %s "$bomb")
echo "bomb: $size bytes claiming $plen"
[ "$size" -lt 20000 ] || fail "bomb is $size bytes, expected a few KB"

# peak_kb FILE: the peak RSS that /usr/bin/time -v wrote to FILE
peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# ---- (a) import refuses it ----
set +e
/usr/bin/time -v -o "$work/time_a" "$SG_CLI" --db "$work/a.db" import "$bomb" \
  >"$work/out" 2>"$work/err"; rc=$?
set -e
cat "$work/out" "$work/err"
kb=$(peak_kb "$work/time_a")
echo "import: exit $rc, peak RSS ${kb} kB"
# docs/cli.md: a file that is not an activity is skipped and named; the exit
# status is 0 when nothing failed (skips included)
[ $rc = 0 ] || fail "import exit $rc (docs/cli.md: skipped files exit 0)"
[ "$kb" -lt $LIMIT_KB ] || fail "import of the bomb used ${kb} kB"
[ "$(grep -c "x.fit" "$work/out" "$work/err" | awk -F: '{s+=$2} END {print s}')" = 1 ] ||
  fail "the bomb should be named on exactly one line"
grep -q "^skipped: $bomb: a strideguard sample blob (the store's internal format), not an activity file: not imported$" \
  "$work/out" || fail "refusal line: $(cat "$work/out")"
grep -q "imported 0, duplicates 0, skipped 1 (not activities), failed 0, damaged 0," "$work/out" ||
  fail "summary: $(cat "$work/out")"
[ ! -s "$work/err" ] || fail "unexpected stderr: $(cat "$work/err")"

# ---- (b) a stored run whose blob is replaced by the bomb ----
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
"$work/gen" "$work/in" 1 600 >/dev/null
db=$work/r.db
"$SG_CLI" --db "$db" import "$work/in" >/dev/null
id=$("$SG_CLI" --db "$db" runs --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$SG_CLI" --db "$db" show "$id" >/dev/null || fail "show of the intact run"
# table and column: src/store/sqlite.c, activity_samples(activity_id, blob)
sqlite3 "$db" "UPDATE activity_samples SET blob = readfile('$bomb') WHERE activity_id = $id;
               DELETE FROM analysis_cache;"
[ "$(sqlite3 "$db" "SELECT length(blob) FROM activity_samples WHERE activity_id = $id")" = "$size" ] ||
  fail "blob not replaced"

set +e
/usr/bin/time -v -o "$work/time_b" "$SG_CLI" --db "$db" show "$id" >"$work/out" 2>"$work/err"; rc=$?
set -e
cat "$work/err"
kb=$(peak_kb "$work/time_b")
echo "show: exit $rc, peak RSS ${kb} kB"
[ $rc = 1 ] || fail "show of the tampered run: exit $rc"
[ "$kb" -lt $LIMIT_KB ] || fail "show of the tampered run used ${kb} kB"
[ "$(wc -l <"$work/err")" = 1 ] || fail "one stderr line expected"
grep -q "^strideguard: activity $id: offset 8: sample blob claims $plen bytes from $size stored: refused (more than [0-9]*:1)$" \
  "$work/err" || fail "show error: $(cat "$work/err")"
[ ! -s "$work/out" ] || fail "show printed a result: $(head -3 "$work/out")"

# ---- (b) the same through the server ----
serve_up --err "$work/s.err" "$work/s.log" --db "$db" serve --threads 2
pid=$srv
for i in 1 2 3; do # repeated: every request refuses, none accumulates
  code=$(curl -s -m 10 -o "$work/body" -w '%{http_code}' "$base/api/runs/$id" || true)
  echo "GET /api/runs/$id -> $code $(cat "$work/body")"
  case $code in 4??|5??) ;; *) fail "GET /api/runs/$id answered $code" ;; esac
  python3 - "$work/body" <<'EOF' || fail "error body is not a JSON error"
import json, sys
b = json.load(open(sys.argv[1]))
assert "refused (more than" in b["error"], b
EOF
done
kill -0 "$pid" 2>/dev/null || fail "the server died"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$base/api/runs" || true)
[ "$code" = 200 ] || fail "server no longer answers /api/runs ($code)"
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
echo "server peak RSS ${hwm} kB"
[ "$hwm" -lt $LIMIT_KB ] || fail "server used ${hwm} kB"
echo ok
