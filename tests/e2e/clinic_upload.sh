#!/usr/bin/env bash
# A runner uploads an export through the clinic server (issue #16; docs/clinic.md
# "Uploading an export"), over HTTP on 127.0.0.1: runner A (ann) uploads a FIT
# file and a zip export (a FIT run, a GPX run, a FIT file cut short and a note)
# through POST /api/import, polled on GET /api/import to the end: the runs
# land in A's /api/runs and not in runner B's (bob), the cut file is named in
# the report with its offset and cause and stored in part, the note is named as
# skipped, and nothing stored before is lost. B's GET /api/import never shows
# A's file names. Refused from the request's head, before the body is read
# (curl sends it only after "100 Continue", which a refusal never gives): a
# clinician of A's clinic (403, with and without ?athlete=A), the admin (403),
# nobody signed in (401), A without the X-CSRF-Token (403 csrf), A naming B
# (404), a cross-origin POST (403), and a body declared over the 1 GiB ceiling
# (413 with its reason). One import at a time per runner (409), while another
# runner's goes on beside it. With ../shared/data present, a real Garmin FIT
# file is uploaded too. With --pg the store is a fresh schema of the CTest
# fixture's PostgreSQL cluster.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3 zip
t=$(mktemp -d "$SG_TMP/clinicupload.XXXXXX")
schema=""
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, drops $schema
. "$(dirname "$0")/lib/clinic_db.sh"
mkdir "$t/store" "$t/tmp"
clinic_db clinicupload "${1-}"
[ "$db" = "$t/clinic.db" ] && db="$t/store/clinic.db"

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }

# ---- the files: the demo's export zip (lib/export_zip.sh) ----
. "$(dirname "$0")/lib/export_zip.sh"
make_export_zip "$t"
head -c 4000000 /dev/urandom >"$t/big.bin" # a body the refusals must not read

# ---- the clinic: two runners and a clinician of North, the admin ----
pw='a long enough password'
printf '%s\n' "$pw" | sg admin create admin --password-stdin >/dev/null
sg clinic create North >/dev/null
ann_code=$(sg clinic code --role runner --clinic North | head -1)
bob_code=$(sg clinic code --role runner --clinic North | head -1)
dr_code=$(sg clinic code --role clinician --clinic North | head -1)

# the temporary files of a store without a folder (PostgreSQL) go to TMPDIR
TMPDIR="$t/tmp" clinic_serve --threads 4

# the sessions: WHO's in the file $t/WHO (clinic_sign_in's JAR)
jar() { printf '%s' "$t/$1"; }
session() { printf 'sg_session=%s' "$(cat "$t/$1")"; }
account() { # account LOGIN CODE: accepts the code and signs in
  clinic_call POST /api/accept "" "{\"code\":\"$2\",\"login\":\"$1\",\"password\":\"$pw\"}"
  [ "$code" = 200 ] || { echo "FAIL: accept $1: $code $(cat "$t/body")"; exit 1; }
  signin "$1"
}
signin() {
  clinic_sign_in "$1" "$pw" "$(jar "$1")"
  [ "$code" = 200 ] || { echo "FAIL: login $1: $code $(cat "$t/body")"; exit 1; }
}
account ann "$ann_code"
account bob "$bob_code"
account dr.north "$dr_code"
signin admin
clinic_call GET /api/me "$(jar ann)"; A=$(clinic_field athlete_id)
clinic_call GET /api/me "$(jar bob)"; B=$(clinic_field athlete_id)

# upload WHO FILE NAME [curl args...]: as WHO ("" = nobody), with the session's
# CSRF token unless "-nocsrf" is the first extra; sets $code and $sent (the
# bytes of the body curl sent); the answer in $t/body. Plain curl, not
# clinic_call: it waits for "100 Continue" and reports the bytes sent, and
# sends no Origin unless an extra names one
upload() {
  local who=$1 file=$2 name=$3; shift 3
  local args=(-s -o "$t/body" -w '%{http_code} %{size_upload}' -X POST
              -H 'Content-Type: application/octet-stream' -H 'Expect: 100-continue')
  if [ -n "$who" ]; then
    args+=(-b "$(session "$who")")
    if [ "${1-}" = -nocsrf ]; then shift; else args+=(-H "X-CSRF-Token: $(cat "$(jar "$who").csrf")"); fi
  fi
  local out
  out=$(curl "${args[@]}" "$@" --data-binary @"$file" "$base/api/import?name=$name" || true)
  code=${out% *} sent=${out#* }
}
refusal() { grep -o '"code":"[a-z_]*"' "$t/body" | head -1 | cut -d'"' -f4 || true; }
# refused WANT CODE WHAT: the status, the refusal's machine code ("" = any), no body read
refused() {
  if [ "$code" = "$1" ] && { [ -z "$2" ] || [ "$(refusal)" = "$2" ]; } && [ "$sent" -lt 4000000 ]; then
    ok "$3 -> $code ${2:+($2) }before the body ($sent bytes sent)"
  else
    bad "$3: $code $(refusal), $sent bytes sent, expected $1 ${2:+$2 }before the body: $(head -c 300 "$t/body")"
  fi
}
status_of() { clinic_call GET /api/import "$(jar "$1")"; cp "$t/body" "$t/status"; }
wait_done() { # wait_done WHO: polls WHO's job to the end; the report in $t/status
  for _ in $(seq 300); do
    status_of "$1"
    python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["finished"] else 1)' "$t/status" 2>/dev/null && return 0
    sleep 0.1
  done
  bad "$1's import did not finish: $(cat "$t/status")"
}
runs() { # runs WHO: how many runs WHO's /api/runs lists
  clinic_call GET /api/runs "$(jar "$1")"
  python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/body"
}
leftovers() { find "$t/store" "$t/tmp" -name '.sg-upload-*' | wc -l; }

# ---- refused from the head, before a byte of the body is read ----
upload "" "$t/big.bin" big.bin; refused 401 sign_in "an upload with nobody signed in"
upload dr.north "$t/big.bin" big.bin; refused 400 athlete_param "the clinician's upload naming nobody"
upload dr.north "$t/big.bin" "big.bin&athlete=$A"; refused 403 forbidden "the clinician's upload into A's data"
upload admin "$t/big.bin" big.bin; refused 403 forbidden "the admin's upload"
upload ann "$t/big.bin" big.bin -nocsrf; refused 403 csrf "A's upload without the X-CSRF-Token"
upload ann "$t/big.bin" "big.bin&athlete=$B"; refused 404 no_runner "A's upload naming B's athlete"
upload ann "$t/big.bin" big.bin -H 'Origin: http://evil.example'; refused 403 "" "A's cross-origin upload"
upload ann "$t/big.bin" big.bin -H 'Content-Length: 1073741825'; refused 413 "" "A's upload declared over the 1 GiB ceiling"
grep -q 'larger than 1024 MiB' "$t/body" && ok "the 413 says why" || bad "413 without its reason: $(cat "$t/body")"
[ "$(runs ann)" = 0 ] && [ "$(runs bob)" = 0 ] && ok "the refused uploads stored nothing" || bad "a refused upload stored runs"
[ "$(leftovers)" = 0 ] && ok "no temporary file was left" || bad "a refused upload left a temporary file"

# ---- A uploads a FIT file, then the zip export ----
upload ann "$t/ex/run.fit" run.fit
[ "$code" = 200 ] && ok "A's FIT upload -> 200" || bad "A's FIT upload: $code $(cat "$t/body")"
wait_done ann
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["upload"] == "run.fit" and d["imported"] == 1 and d["error"] is None, d' \
  "$t/status" && ok "A's FIT file imported" || bad "A's FIT report: $(cat "$t/status")"
upload ann "$t/export.zip" export.zip
[ "$code" = 200 ] && ok "A's zip upload -> 200" || bad "A's zip upload: $code $(cat "$t/body")"
wait_done ann
python3 - "$t/status" <<'EOF' && ok "A's zip: the GPX run imported, the FIT run a duplicate, the cut file named with its offset and stored in part, the note skipped" || bad "A's zip report: $(cat "$t/status")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["state"] == "finished" and d["error"] is None and d["upload"] == "export.zip", d
assert d["files_total"] == 4 and d["files_done"] == 4, d
assert d["imported"] == 1 and d["duplicates"] == 1 and d["damaged"] == 1 and d["skipped"] == 1, d
dam = d["damaged_files"]
assert len(dam) == 1 and dam[0]["file"] == "export.zip:cut.fit" and dam[0]["stored_partial_as"], dam
assert dam[0]["error"].startswith("offset "), dam
assert [s["file"] for s in d["skipped_files"]] == ["export.zip:notes.txt"], d
EOF
[ "$(runs ann)" = 3 ] && ok "A's runs: the FIT run, the GPX run and the part of the cut one" || bad "A's runs: $(runs ann), expected 3"
clinic_call GET /api/runs "$(jar ann)"
grep -q '"sources":\["hills.gpx"\]' "$t/body" &&
  ok "a run's source is the file's own name" || bad "hills.gpx is not a run's source"
[ "$(runs bob)" = 0 ] && ok "B's runs: none of A's" || bad "B's runs after A's upload: $(runs bob)"
status_of bob
if grep -q '"state":"idle"' "$t/status" && ! grep -q 'export.zip\|run.fit\|cut.fit' "$t/status"; then
  ok "B's GET /api/import: idle, none of A's file names"
else
  bad "B's GET /api/import shows: $(cat "$t/status")"
fi
clinic_call GET "/api/import?athlete=$A" "$(jar dr.north)"
[ "$code" = 403 ] && ok "the clinician's GET /api/import?athlete=A -> 403" || bad "the clinician's GET /api/import: $code $(cat "$t/body")"
clinic_call GET "/api/runs?athlete=$A" "$(jar dr.north)"
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 3' "$t/body" &&
  ok "the clinician reads A's uploaded runs" || bad "the clinician does not see A's runs"
[ "$(leftovers)" = 0 ] && ok "no temporary file was left" || bad "a temporary file was left after the imports"

# ---- one import at a time per runner; another runner's goes on beside it ----
head -c 300000 /dev/urandom >"$t/slow.bin"
curl -s -o "$t/slow.body" -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
  -b "$(session ann)" -H "X-CSRF-Token: $(cat "$(jar ann).csrf")" --limit-rate 100K \
  --data-binary @"$t/slow.bin" "$base/api/import?name=slow.bin" >"$t/slow.code" &
slow=$!
sleep 1
upload ann "$t/ex/hills.gpx" hills.gpx
[ "$code" = 409 ] && ok "A's second upload while the first is received -> 409" || bad "A's second upload: $code $(cat "$t/body")"
upload bob "$t/ex/hills.gpx" hills.gpx
[ "$code" = 200 ] && ok "B's upload beside A's -> 200" || bad "B's upload beside A's: $code $(cat "$t/body")"
wait $slow || true
[ "$(cat "$t/slow.code")" = 200 ] && ok "A's slow upload -> 200" || bad "A's slow upload: $(cat "$t/slow.code") $(cat "$t/slow.body")"
wait_done ann
wait_done bob
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["upload"] == "hills.gpx" and d["imported"] == 1, d' "$t/status" &&
  ok "B's GPX imported into B's data" || bad "B's report: $(cat "$t/status")"
[ "$(runs bob)" = 1 ] && ok "B's runs: 1" || bad "B's runs: $(runs bob), expected 1"
[ "$(runs ann)" = 3 ] && ok "A's runs unchanged by random bytes and B's upload" || bad "A's runs: $(runs ann), expected 3"
status_of ann
grep -q '"upload":"slow.bin"' "$t/status" && grep -q '"skipped_files":\[{"file":"slow.bin","reason":"not an activity file"}\]' "$t/status" &&
  ok "A's report names the file that is not an activity, with the reason" ||
  bad "A's report of random bytes: $(cat "$t/status")"

# ---- a real Garmin file (../shared/data, when present) ----
real="${SG_SOURCE_DIR:-.}/../shared/data/python-fitparse/garmin-fenix-5-run.fit"
if [ -f "$real" ]; then
  upload ann "$real" garmin-fenix-5-run.fit
  [ "$code" = 200 ] && ok "A's real Garmin FIT upload -> 200" || bad "A's real FIT upload: $code $(cat "$t/body")"
  wait_done ann
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["imported"] == 1 and d["error"] is None, d' "$t/status" &&
    ok "the real Garmin run imported" || bad "the real FIT report: $(cat "$t/status")"
  [ "$(runs ann)" = 4 ] && [ "$(runs bob)" = 1 ] && ok "A has 4 runs, B still 1" || bad "runs after the real file: A $(runs ann), B $(runs bob)"
else
  echo "skip the real-file part: ../shared/data is absent (the demo's files above still ran)"
fi

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic_upload: ok"
