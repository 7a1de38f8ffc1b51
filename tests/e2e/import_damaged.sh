#!/usr/bin/env bash
# `strideguard import` reports every file it did not take whole: damaged
# copies of a stored run are named as such and change nothing, a damaged new
# file is stored with what was read (refused under --strict), skipped files
# are named with the reason, a time-shifted re-export is a duplicate with its
# shift, a sample-blob bomb is refused in little memory, names are escaped.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 zstd /usr/bin/time
work=$SG_TMP/import_damaged.$$
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
build=$(dirname "$SG_CLI")
fail() { echo "FAIL: $*"; exit 1; }
"$SG_SOURCE_DIR/bench/import/build_gen.sh" "$build" "$work/gen"
"$work/gen" "$work/in" 1 3000
run=$(ls "$work/in"/*)

# ---- the Must-show: a good run, a truncated copy, an empty file, a .txt ----
d=$work/d; mkdir "$d"
cp "$run" "$d/b_run.fit"
head -c 40000 "$run" >"$d/a_run_cut.fit"   # walks before the whole run
: >"$d/empty.fit"
printf 'shopping list\n' >"$d/notes.txt"
set +e
"$SG_CLI" --db "$work/t.db" import "$d" >"$work/out" 2>"$work/err"; rc=$?
set -e
cat "$work/out" "$work/err"
[ $rc = 1 ] || fail "a damaged file should give exit 1, got $rc"
grep -q "imported 1, duplicates 0, skipped 2 (not activities), failed 0, damaged 1," "$work/out" ||
  fail "summary: $(cat "$work/out")"
grep -q "^skipped: $d/empty.fit: empty file$" "$work/out" || fail "empty file not named"
grep -q "^skipped: $d/notes.txt: not an activity file$" "$work/out" || fail ".txt not named"
grep -q "^strideguard: $d/a_run_cut.fit: offset [0-9]*: .*(damaged copy of activity 1: not stored)$" \
  "$work/err" || fail "truncated copy not reported as a damaged duplicate"
[ "$(wc -l <"$work/err")" = 1 ] || fail "one stderr line expected"
[ "$("$SG_CLI" --db "$work/t.db" runs --json | grep -o '"id":' | wc -l)" = 1 ] ||
  fail "the truncated copy became an activity"
"$SG_CLI" --db "$work/t.db" runs --json | grep -q '"sources":\["b_run.fit"\]' ||
  fail "the truncated copy became a source"

set +e
"$SG_CLI" --db "$work/j.db" import --json "$d" >"$work/jout" 2>/dev/null; rc=$?
set -e
cat "$work/jout"
[ $rc = 1 ] || fail "--json exit $rc"
grep -q '"imported":1,"duplicates":0,"skipped":2,' "$work/jout" || fail "json counts"
grep -q '"damaged":1,"damaged_files":\[{"file":"'"$d"'/a_run_cut.fit","error":"offset [0-9]*: [^"]*","duplicate_of":1,"stored_partial_as":null}\]' \
  "$work/jout" || fail "json damaged_files"
grep -q '"skipped_files":\[{"file":"'"$d"'/empty.fit","reason":"empty file"},{"file":"'"$d"'/notes.txt","reason":"not an activity file"}\]' \
  "$work/jout" || fail "json skipped_files"

# a whole clean import exits 0
mkdir "$work/clean"; cp "$run" "$work/clean/"
"$SG_CLI" --db "$work/c.db" import "$work/clean" >/dev/null 2>&1 || fail "clean import exit"

# ---- 40 corrupted bytes in a copy of a stored run: a damaged duplicate ----
mkdir "$work/cor"
cp "$run" "$work/cor/x.fit"
printf '%040d' 0 | dd of="$work/cor/x.fit" bs=1 seek=30000 conv=notrunc 2>/dev/null
set +e
"$SG_CLI" --db "$work/c.db" import "$work/cor" >"$work/out" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "corrupt copy exit $rc"
grep -q "x.fit: offset [0-9]*: .*(damaged copy of activity 1: not stored)" "$work/err" ||
  fail "corrupt copy: $(cat "$work/err")"
"$SG_CLI" --db "$work/c.db" runs --json | grep -q '"sources":\["'"$(basename "$run")"'"\]' ||
  fail "the corrupt copy was attached as a source"

# ---- unexpected EOF in a new file: stored in part and named; --strict refuses ----
mkdir "$work/eof"; head -c 20000 "$run" >"$work/eof/cut.fit"
set +e
"$SG_CLI" --db "$work/s.db" import --strict "$work/eof" >"$work/out" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "--strict exit $rc"
grep -q "cut.fit: offset [0-9]*: .*(read in part: refused, --strict)$" "$work/err" ||
  fail "--strict: $(cat "$work/err")"
[ "$("$SG_CLI" --db "$work/s.db" runs --json | grep -o '"id":' | wc -l)" = 0 ] ||
  fail "--strict stored the damaged file"
set +e
"$SG_CLI" --db "$work/s.db" import "$work/eof" >"$work/out" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] || fail "partial exit $rc"
grep -q "cut.fit: offset [0-9]*: .*(read in part: stored what was read as activity 1)$" \
  "$work/err" || fail "partial: $(cat "$work/err")"
grep -q "damaged 1," "$work/out" || fail "partial not counted damaged"

# ---- a time-shifted re-export (GPX, every time +2 h) is a duplicate ----
gpx() { # $1 = hour of the start
  printf '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
  for i in $(seq 0 299); do
    printf '<trkpt lat="%s" lon="%s"><ele>%s</ele><time>2024-05-01T%02d:%02d:%02dZ</time></trkpt>\n' \
      "$(printf '46.%06d' $((100000 + i * 37)))" "$(printf '14.%06d' $((200000 + i * 23 + (i % 7))))" \
      "$((300 + i % 11))" "$(($1 + i * 5 / 3600))" "$(((i * 5 / 60) % 60))" "$((i * 5 % 60))"
  done
  printf '</trkseg></trk></gpx>\n'
}
mkdir "$work/tz"
gpx 7 >"$work/tz/a.gpx"
gpx 9 >"$work/tz/b.gpx"
"$SG_CLI" --db "$work/tz.db" import "$work/tz/a.gpx" >/dev/null
"$SG_CLI" --db "$work/tz.db" import "$work/tz/b.gpx" >"$work/out" 2>"$work/err" ||
  fail "shifted re-export exit: $(cat "$work/err")"
cat "$work/out"
grep -q "^duplicate: $work/tz/b.gpx: activity 1 with every time shifted by +2:00 h" "$work/out" ||
  fail "shift not reported"
grep -q "imported 0, duplicates 1," "$work/out" || fail "shifted copy counted: $(cat "$work/out")"
"$SG_CLI" --db "$work/tz2.db" import --json "$work/tz" | grep -q '"shifted_duplicates":\[{"file":"'"$work"'/tz/b.gpx","duplicate_of":1,"shift_s":7200}\]' ||
  fail "json shifted_duplicates"

# ---- a 9.6 KB sample blob that would decode to 20,000,000 samples ----
python3 - "$work/payload" <<'EOF'
import struct, sys
n = 20_000_000
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<QI", n, 0b111))        # time, lat, lon
    for _ in range(3):
        f.write(bytes([1, 0]))                     # SCALED, e = 0
        f.write(b"\x01" * n)                       # every delta 0
EOF
zstd -q -19 --long=27 -c "$work/payload" >"$work/frame"
size=$(stat -c %s "$work/payload")
python3 - "$work/frame" "$size" "$work/bomb/x.fit" <<'EOF'
import os, struct, sys
frame = open(sys.argv[1], "rb").read()
os.makedirs(os.path.dirname(sys.argv[3]), exist_ok=True)
open(sys.argv[3], "wb").write(b"SGAB\x01\x01\x00\x00" + struct.pack("<Q", int(sys.argv[2])) + frame)
EOF
ls -l "$work/bomb/x.fit"
set +e
/usr/bin/time -v "$SG_CLI" --db "$work/b.db" import "$work/bomb" >"$work/out" 2>"$work/err"; rc=$?
set -e
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/err")
echo "peak RSS ${kb} kB"
[ "$kb" -lt 102400 ] || fail "sample blob import used ${kb} kB"
grep -q "^skipped: $work/bomb/x.fit: a strideguard sample blob" "$work/out" ||
  fail "blob not refused: $(cat "$work/out")"

# ---- a name with terminal escape sequences is printed escaped ----
mkdir "$work/esc"
head -c 20000 "$run" >"$work/esc/a"$'\e'"]0;pwned"$'\a'$'\e'"[31mred.fit"
set +e
"$SG_CLI" --db "$work/e.db" import "$work/esc" >"$work/out" 2>"$work/err"
set -e
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/err" "$work/out"; then
  fail "raw control characters printed: $(cat -v "$work/err")"
fi
grep -q 'a\\x1b\]0;pwned\\x07\\x1b\[31mred.fit: offset' "$work/err" || fail "escaped name: $(cat "$work/err")"
echo ok
