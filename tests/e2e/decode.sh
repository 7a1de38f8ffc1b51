#!/usr/bin/env bash
# End-to-end: `strideguard decode` on real files. Exit codes, the one-line
# error format, --summary, --json, --jsonl and --stats.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
data=${SG_SHARED_DATA:-}
if [ -z "$data" ] || [ ! -d "$data" ]; then
  echo "skipped: ../shared/data is absent"; exit 77
fi
tmp=$(mktemp -d "$SG_TMP/decode.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

good=$data/python-fitparse/developer-types-sample.fit
crc=$data/python-fitparse/activity-filecrc.fit

# --summary (the default) for humans
"$SG_CLI" decode "$good" > "$tmp/sum.txt" || fail "summary exit $?"
grep -q '^device: *stryd' "$tmp/sum.txt" || fail "summary lacks device"
grep -q '^sport: *running' "$tmp/sum.txt" || fail "summary lacks sport"
grep -q 'Form Power \[Watts\]' "$tmp/sum.txt" || fail "summary lacks developer fields"
grep -q 'record=3424' "$tmp/sum.txt" || fail "summary lacks message counts"

# --json: one object, parseable
"$SG_CLI" decode "$good" --json > "$tmp/sum.json" || fail "json exit"
python3 - "$tmp/sum.json" <<'EOF' || fail "--json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] == 3424 and d["ok"] is True, d
assert d["sport"] == "running"
assert [f["name"] for f in d["developer_fields"]][:2] == ["Form Power", "Leg Spring Stiffness"]
assert d["messages"]["record"] == 3424
EOF

# --jsonl: file line, records, summary
"$SG_CLI" decode "$good" --jsonl > "$tmp/out.jsonl" || fail "jsonl exit"
[ "$(wc -l < "$tmp/out.jsonl")" -eq 3426 ] || fail "jsonl line count"
head -1 "$tmp/out.jsonl" | grep -q '"t":"file"' || fail "jsonl file line"
tail -1 "$tmp/out.jsonl" | grep -q '"ok":true' || fail "jsonl summary"

# damage: records kept, one-line error naming file and offset, exit 1
set +e
"$SG_CLI" decode "$crc" --jsonl > "$tmp/crc.jsonl" 2> "$tmp/crc.err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "corrupt CRC exit $rc"
[ "$(wc -l < "$tmp/crc.err")" -eq 1 ] || fail "error is not one line"
grep -Eq "^strideguard: .*activity-filecrc.fit: offset 769: file CRC mismatch" "$tmp/crc.err" \
  || fail "error line: $(cat "$tmp/crc.err")"
[ "$(grep -c '"t":"record"' "$tmp/crc.jsonl")" -eq 14 ] || fail "records before the damage"
tail -1 "$tmp/crc.jsonl" | grep -q '"ok":false' || fail "summary ok:false"

# not a FIT file / missing file / usage
printf 'hello world, not fit' > "$tmp/x.fit"
set +e
"$SG_CLI" decode "$tmp/x.fit" 2> "$tmp/x.err"; rc=$?
"$SG_CLI" decode "$tmp/missing.fit" 2> "$tmp/m.err"; rc2=$?
"$SG_CLI" decode 2>/dev/null; rc3=$?
"$SG_CLI" decode --bogus "$good" 2>/dev/null; rc4=$?
set -e
[ $rc -eq 1 ] && grep -q "x.fit: offset 0: not a FIT file" "$tmp/x.err" || fail "not-FIT: $rc $(cat "$tmp/x.err")"
[ $rc2 -eq 1 ] && grep -q "missing.fit" "$tmp/m.err" || fail "missing file"
[ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] || fail "usage exit codes $rc3 $rc4"

# --stats over several files: one line each plus a total; exit 1 if any failed
set +e
"$SG_CLI" decode --stats "$good" "$crc" > "$tmp/stats.txt" 2>/dev/null; rc=$?
set -e
[ $rc -eq 1 ] || fail "stats exit $rc"
grep -q "developer-types-sample.fit: bytes=147940 records=3424 messages=3438 errors=0" \
  "$tmp/stats.txt" || fail "stats line: $(cat "$tmp/stats.txt")"
grep -q "activity-filecrc.fit: .*records=14 .*errors=1" "$tmp/stats.txt" || fail "stats damage"
grep -q "^total: files=2" "$tmp/stats.txt" || fail "stats total"
"$SG_CLI" decode --stats --json "$good" | python3 -c '
import json,sys
rows=[json.loads(l) for l in sys.stdin]
assert rows[0]["records"]==3424 and rows[-1]["file"]=="total", rows' || fail "stats --json"

# export: decode + re-encode, then decode the copy
"$SG_CLI" export "$good" -o "$tmp/copy.fit" --big-endian --compressed-timestamps \
  || fail "export exit"
"$SG_CLI" decode --stats "$tmp/copy.fit" | grep -q "records=3424 .*errors=0" || fail "export copy"

# device names (#11): no shared-data FIT names its device with a bare number
# ("garmin 4024", "0 0"); unnamed ids read "product N" / "manufacturer N"
while IFS= read -r -d '' f; do
  dev=$("$SG_CLI" decode "$f" 2>/dev/null | sed -n 's/^device: *//p' | head -1) || true
  [ -z "$dev" ] && continue
  name=${dev%%,*}
  if printf '%s\n' "$name" | grep -Eq '^[0-9]+( |$)|^[^ ]+ [0-9]+$'; then
    fail "bare number in device name of $f: $dev"
  fi
done < <(find "$data" -iname '*.fit' -size -20M -print0)

# nan never reaches a person (#11): the summary of every shared FIT/GPX/TCX
# says "not measured" for a missing session value
while IFS= read -r -d '' f; do
  if "$SG_CLI" decode "$f" 2>/dev/null | grep -qiw 'nan'; then
    fail "nan in the decode summary of $f"
  fi
done < <(find "$data" \( -iname '*.fit' -o -iname '*.gpx' -o -iname '*.tcx' \) -size -20M -print0)
echo "ok"
