#!/usr/bin/env bash
# `strideguard export-journal` on the demo store: CSV (RFC 4180: header, CRLF,
# quoting of commas, quotes and line breaks, a formula-looking note shown as
# text) and JSON hold every entry `journal --json` lists, in date order;
# --from/--to bound the days; bad options are usage errors (exit 2).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/export_journal.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 >/dev/null
sg() { "$SG_CLI" --db "$t/demo/demo.db" "$@"; }

# entries a spreadsheet could misread: a comma, quotes and a line break; a formula
sg log pain --region hip --side left --severity 3 --date 2026-02-27 --today 2026-03-01 \
    --km 7.25 --note $'sharp, then "dull"\nnext day' >/dev/null
sg log pain --region foot --side right --severity 1 --date 2026-02-28 --today 2026-03-01 \
    --note '=HYPERLINK("http://example.invalid")' >/dev/null
sg log ostrc --area lower_back --answers 1,2,1,0 --date 2026-02-28 --today 2026-03-01 >/dev/null

sg journal --json > "$t/journal.json"
sg export-journal > "$t/all.csv"
sg export-journal --csv > "$t/all2.csv"
cmp -s "$t/all.csv" "$t/all2.csv" || fail "--csv differs from the default"
sg export-journal --json > "$t/all.json"
sg export-journal --from 2026-02-20 --to 2026-02-27 > "$t/part.csv"
sg export-journal --from 2026-02-20 --to 2026-02-27 --json > "$t/part.json"

python3 - "$t" <<'PY'
import csv, io, json, sys
t = sys.argv[1]
journal = json.load(open(f"{t}/journal.json"))
raw = open(f"{t}/all.csv", "rb").read()
assert raw.endswith(b"\r\n"), "CSV lines end in CRLF"
assert raw.count(b"\n") == raw.count(b"\r\n") + 1, "LF alone only inside the quoted note"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
head = rows[0]
assert head[:3] == ["id", "date", "kind"] and head[-1] == "note", head
assert all(len(r) == len(head) for r in rows), "every row has every column"
body = [dict(zip(head, r)) for r in rows[1:]]
assert sorted(int(r["id"]) for r in body) == sorted(e["id"] for e in journal), "every entry"
dated = [r["date"] for r in body if r["date"]]
assert dated == sorted(dated), "oldest first"
kinds = {r["kind"] for r in body}
assert {"pain", "prehab", "ostrc"} <= kinds, kinds
hip = next(r for r in body if r["region"] == "hip")
assert hip["note"] == 'sharp, then "dull"\nnext day', hip["note"]
assert hip["km"] == "7.25" and hip["severity"] == "3" and hip["radiates"] == "no", hip
foot = next(r for r in body if r["region"] == "foot")
assert foot["note"] == "'=HYPERLINK(\"http://example.invalid\")", foot["note"]
o = next(r for r in body if r["kind"] == "ostrc")
assert o["ostrc_area"] == "lower_back" and o["ostrc_answers"] == "1;2;1;0", o
assert not any(v.lower() in ("nan", "inf", "null") for r in body for v in r.values())

doc = json.load(open(f"{t}/all.json"))
assert doc["from"] is None and doc["to"] is None and doc["count"] == len(journal)
assert sorted(e["id"] for e in doc["entries"]) == sorted(e["id"] for e in journal)
assert next(e for e in doc["entries"] if e.get("region") == "hip")["note"] == hip["note"]

part = json.load(open(f"{t}/part.json"))
assert part["from"] == "2026-02-20" and part["to"] == "2026-02-27", part
want = [e["id"] for e in doc["entries"] if e.get("date") and "2026-02-20" <= e["date"] <= "2026-02-27"]
assert [e["id"] for e in part["entries"]] == want and want, (part, want)
prow = list(csv.reader(io.StringIO(open(f"{t}/part.csv", newline="").read(), newline="")))
assert [int(r[0]) for r in prow[1:]] == want
PY

# usage errors
set +e
sg export-journal --json --csv >/dev/null 2>&1; [ $? -eq 2 ] || fail "--json --csv"
sg export-journal --from 2026-03-01 --to 2026-02-01 >/dev/null 2>"$t/err"; [ $? -eq 2 ] || fail "from after to"
grep -q "after it ends" "$t/err" || fail "from after to: $(cat "$t/err")"
sg export-journal --from 2026-02-30 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad date"
sg export-journal --today 2026-03-01 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--today is not an option"
sg export-journal --to >/dev/null 2>&1; [ $? -eq 2 ] || fail "--to without a value"
set -e
echo "export_journal e2e ok"
