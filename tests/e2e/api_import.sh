#!/usr/bin/env bash
# Import through the dashboard's API (POST /api/import, GET /api/import): a
# zip with a FIT run, a GPX run, a damaged (cut) FIT file and a note is
# streamed as the raw body, imported in the background with the CLI's use
# case, and polled to the end; the report names the damaged and skipped
# files with the CLI's own reasons, and the runs are stored. Refused before
# a byte is kept: a cross-origin POST, a text/plain or JSON POST, a POST
# without the access token, a second upload while one is under way (409),
# and an upload over the ceiling (413, nothing stored). A trickled upload is
# dropped after 10 s and gives its slot back.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3 zip
t=$(mktemp -d "$SG_TMP/api_import.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

# ---- the files: a FIT run, a GPX run, a cut FIT file, a note ----
. "$(dirname "$0")/lib/export_zip.sh"
make_export_zip "$t"

# the CLI's words for the same files, to compare with the API's
"$SG_CLI" --db "$t/cli.db" import --json "$t/export.zip" >"$t/cli.json" 2>/dev/null || true

db="$t/store/s.db"
mkdir "$t/store"
serve_up "$t/serve.log" --db "$db" serve

# upload FILE NAME [curl args...]: prints the status, the body in $t/body
upload() {
  local file=$1 name=$2; shift 2
  curl -s -o "$t/body" -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
    "$@" --data-binary @"$file" "$base/api/import?name=$name"
}
runs() { curl -s "$base/api/runs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
leftovers() { find "$t/store" -name '.sg-upload-*' | wc -l; }
wait_done() {
  for _ in $(seq 300); do
    curl -s "$base/api/import" >"$t/status"
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["finished"] else 1)' "$t/status" && return 0
    sleep 0.1
  done
  fail "the import did not finish: $(cat "$t/status")"
}

# ---- refused before anything is kept ----
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/import")" = 200 ] || fail "GET /api/import before any upload"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["state"] == "idle" and not d["finished"], d' \
  < <(curl -s "$base/api/import") || fail "idle report"
s=$(upload "$t/export.zip" export.zip -H 'Origin: http://evil.example'); [ "$s" = 403 ] || fail "cross-origin POST: $s"
s=$(upload "$t/export.zip" export.zip -H 'Sec-Fetch-Site: cross-site'); [ "$s" = 403 ] || fail "cross-site POST: $s"
s=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data-binary @"$t/export.zip" \
  "$base/api/import?name=export.zip"); [ "$s" = 415 ] || fail "text/plain POST: $s"
s=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$t/export.zip" \
  "$base/api/import?name=export.zip"); [ "$s" = 415 ] || fail "JSON POST: $s"
s=$(upload "$t/export.zip" 'a%2Fb.zip'); [ "$s" = 400 ] || fail "a name with '/': $s"
s=$(upload "$t/export.zip" ''); [ "$s" = 400 ] || fail "no name: $s"
# over the ceiling (1 GiB, SG_FILE_MAX_BYTES): refused from the declared length
s=$(upload "$t/export.zip" big.zip -H 'Content-Length: 1073741825')
[ "$s" = 413 ] || fail "an upload over the ceiling: $s"
grep -q 'larger than' "$t/body" || fail "413 without its reason: $(cat "$t/body")"
[ "$(runs)" = 0 ] || fail "a refused upload stored runs"
[ "$(leftovers)" = 0 ] || fail "a refused upload left a temporary file"

# ---- the zip, polled to the end ----
s=$(upload "$t/export.zip" export.zip); [ "$s" = 200 ] || fail "upload: $s $(cat "$t/body")"
wait_done
python3 - "$t/status" "$t/cli.json" <<'EOF' || fail "report: $(cat "$t/status")"
import json, sys
d = json.load(open(sys.argv[1]))
cli = json.load(open(sys.argv[2]))
assert d["state"] == "finished" and d["error"] is None, d
assert d["upload"] == "export.zip", d
assert d["files_total"] == 4 and d["files_done"] == 4, d
assert d["imported"] == 2 and d["damaged"] == 1 and d["skipped"] == 1, d
dam = d["damaged_files"]
assert len(dam) == 1 and dam[0]["file"] == "export.zip:cut.fit" and dam[0]["stored_partial_as"], dam
# the reason exactly as `strideguard import --json` words it
assert dam[0]["error"] == cli["damaged_files"][0]["error"], (dam, cli["damaged_files"])
assert dam[0]["error"].startswith("offset "), dam
sk = d["skipped_files"]
assert sk == [{"file": "export.zip:notes.txt", "reason": cli["skipped_files"][0]["reason"]}], (sk, cli)
EOF
# two whole runs and what could be read of the cut one
[ "$(runs)" = 3 ] || fail "runs after the import: $(runs), expected 3"
curl -s "$base/api/runs" | grep -q '"sources":\["hills.gpx"\]' || fail "a run's source is not the file's name"
[ "$(leftovers)" = 0 ] || fail "the temporary file was left after the import"
# the report stays for a reloaded page
curl -s "$base/api/import" | grep -q '"file":"export.zip:cut.fit"' || fail "report gone on a second GET"

# ---- the same zip again: duplicates, nothing new ----
s=$(upload "$t/export.zip" export.zip); [ "$s" = 200 ] || fail "second upload: $s"
wait_done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["imported"] == 0 and d["duplicates"] >= 2, d' \
  "$t/status" || fail "re-import: $(cat "$t/status")"
[ "$(runs)" = 3 ] || fail "a re-import added runs"

# ---- one upload at a time: a slow upload holds the slot ----
head -c 300000 /dev/urandom >"$t/slow.bin"
upload "$t/slow.bin" slow.bin --limit-rate 100K >"$t/slow.status" &
slow=$!
sleep 1
s=$(upload "$t/ex/run.fit" run.fit); [ "$s" = 409 ] || fail "a second upload while one is received: $s"
curl -s "$base/api/import" | grep -q '"state":"receiving"' || fail "no receiving state during an upload"
wait $slow
wait_done
[ "$(runs)" = 3 ] || fail "random bytes stored runs"
[ "$(leftovers)" = 0 ] || fail "a temporary file was left after the slow upload"

# ---- a trickled upload (a kilobyte every 2 s) is dropped once its first 10 s
# are past below 32 KiB/s, and gives its slot back ----
secs=$(PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(dirname "$0")/lib" python3 - "$port" <<'PY'
import sys, rawhttp
s, _ = rawhttp.head(int(sys.argv[1]), "/api/import?name=trickle.bin", 2 << 20)
closed = rawhttp.trickle(s)
print("none" if closed is None else f"{closed:.0f}")
PY
)
case "$secs" in
  [1-2][0-9]) echo "ok   a trickled upload is dropped after $secs s" ;;
  *) fail "a trickled upload was not dropped: $secs" ;;
esac
s=$(upload "$t/ex/run.fit" run.fit); [ "$s" = 200 ] || fail "an upload after the trickled one (its slot given back): $s"
wait_done
[ "$(leftovers)" = 0 ] || fail "a temporary file was left after the trickled upload"
kill $srv; wait $srv 2>/dev/null || true; srv=

# ---- with the access token: refused without it, taken with it ----
"$SG_CLI" --db "$db" serve --listen 127.0.0.1:$port --require-token >"$t/serve.log" 2>&1 &
srv=$!
for _ in $(seq 100); do curl -s -o /dev/null "$base/api/health" && break; sleep 0.1; done
s=$(upload "$t/ex/run.fit" run.fit); [ "$s" = 401 ] || fail "an upload without the token: $s"
token=$(cat "$db.serve-token")
s=$(upload "$t/ex/hills.gpx" hills.gpx -H "Authorization: Bearer $token")
[ "$s" = 200 ] || fail "an upload with the token: $s"

[ "$fails" = 0 ] || exit 1
echo "api_import: ok"
