#!/usr/bin/env bash
# The dashboard's writes of issue #15 over a real socket on loopback:
# POST /api/athlete (the ranges of `athlete set`, "I don't know" as null,
# course_path refused), POST and DELETE /api/course (the file's content as
# base64 in JSON, or the file itself up to 8 MiB; GET /api/athlete then names
# the stored course), POST and DELETE
# /api/journal/ID (the checks of `journal edit`; 404 for an unknown id).
# Each write is also refused cross-origin and as text/plain, and a refused
# write changes nothing.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3 base64
t=$(mktemp -d "$SG_TMP/api_settings.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
. "$(dirname "$0")/lib/http.sh"
"$SG_CLI" demo --files-only "$t/f" --weeks 2 --spike-week none --race-date 2025-03-30 >/dev/null
db="$t/sg.db"
"$SG_CLI" --db "$db" log pain --date 2025-01-10 --region lumbar --side central \
  --severity 3 --timing after >/dev/null
serve_db "$db"

# ---- the profile ----
expect 200 GET /api/athlete
json 'assert d["set"] is False and d["course"] is None'
expect 200 POST /api/athlete '{"sex":"female","birth_year":1988,"hr_rest":null,"hr_max":188}'
json 'p=d["profile"]; assert d["set"] and p["sex"]=="female" and p["birth_year"]==1988 and p["hr_rest"] is None and p["hr_max"]==188, p'
# a member left out keeps its value
expect 200 POST /api/athlete '{"race_date":"2025-03-30","hr_rest":52}'
json 'p=d["profile"]; assert p["hr_max"]==188 and p["hr_rest"]==52 and p["race_date"]=="2025-03-30" and p["sex"]=="female", p'
# the ranges and messages of `athlete set`
expect 400 POST /api/athlete '{"hr_max":300}'
json 'assert "hr_max" in d["error"] and "100 to 240" in d["error"], d'
expect 400 POST /api/athlete '{"hr_rest":190}'
json 'assert "hr_rest" in d["error"], d'
expect 400 POST /api/athlete '{"hr_rest":100,"hr_max":100}'
json 'assert "resting heart rate must be below max heart rate" in d["error"], d'
expect 400 POST /api/athlete '{"birth_year":1850}'
expect 400 POST /api/athlete '{"birth_year":"1988"}'
expect 400 POST /api/athlete '{"sex":"x"}'
expect 400 POST /api/athlete '{"race_date":"2025-02-30"}'
json 'assert "race_date" in d["error"], d'
expect 400 POST /api/athlete '{"history":["nope"]}'
expect 400 POST /api/athlete '{"shoe_size":42}'
expect 400 POST /api/athlete '[1]'
expect 400 POST /api/athlete '{"hr_max":'
expect 400 POST /api/athlete ''
# a page must not make the server read a path on the machine
expect 400 POST /api/athlete '{"course_path":"/etc/passwd"}'
json 'assert "course_path" in d["error"], d'
# the CLI reports the same range error
if "$SG_CLI" --db "$db" athlete set --hr-max 300 2>"$t/err"; then
  echo "FAIL: athlete set --hr-max 300 succeeded"; fails=$((fails+1))
else grep -q "from 100 to 240" "$t/err" && echo "ok   athlete set --hr-max 300 refused" || { echo "FAIL CLI message: $(cat "$t/err")"; fails=$((fails+1)); }
fi
# none of the refused writes changed the profile
expect 200 GET /api/athlete
json 'p=d["profile"]; assert p["hr_max"]==188 and p["hr_rest"]==52 and p["birth_year"]==1988 and p["course_path"] is None, p'
refused POST /api/athlete '{"hr_max":150}'
expect 200 GET /api/athlete
json 'assert d["profile"]["hr_max"]==188'

# ---- the course ----
b64=$(base64 -w0 "$t/f/course.gpx")
printf '{"name":"/home/someone/My Marathon.gpx","content_base64":"%s"}' "$b64" >"$t/course.json"
expect 200 POST /api/course "@$t/course.json"
json 'c=d["course"]; assert c["name"]=="My Marathon.gpx" and c["stored"] is True and c["points"]>100 and c["bytes"]>1000, c'
expect 200 GET /api/athlete
json 'c=d["course"]; assert c["name"]=="My Marathon.gpx" and c["points"]>100, c'
"$SG_CLI" --db "$db" race --today 2025-03-20 --json >"$t/race.json"
python3 -c 'import json; r=json.load(open("'"$t"'/race.json")); assert r["course"]["distance_m"] > 1000, r["course"]' \
  && echo "ok   race reads the uploaded course" || { echo "FAIL race with the uploaded course"; fails=$((fails+1)); }
expect 400 POST /api/course '{"name":"x.gpx","content_base64":"not base64!"}'
json 'assert "content_base64" in d["error"], d'
expect 400 POST /api/course "{\"name\":\"x.gpx\",\"content_base64\":\"$(printf 'hello' | base64)\"}"
expect 400 POST /api/course '{"name":"x.gpx"}'
expect 400 POST /api/course '{"name":"","content_base64":""}'
expect 400 POST /api/course '{"path":"/etc/passwd"}'
refused POST /api/course "@$t/course.json"
refused DELETE /api/course ''
# still the first course after the refused writes
expect 200 GET /api/athlete
json 'assert d["course"]["name"]=="My Marathon.gpx"'
expect 200 DELETE /api/course
json 'assert d["course"] is None and d["profile"]["race_date"]=="2025-03-30", d'
expect 200 DELETE /api/course
# a course over the request body ceiling: 413, nothing stored
python3 -c 'import sys; sys.stdout.write("{\"name\":\"big.gpx\",\"content_base64\":\"" + "A"*(1100*1024) + "\"}")' >"$t/big.json"
expect 413 POST /api/course "@$t/big.json"
# the course as the file itself (the dashboard's form): a race recorded every
# second for 5 hours, 1.7 MB of GPX, past the 1 MiB of a JSON body
python3 "$(dirname "$0")/lib/longgpx.py" "$t/recorded.gpx" 2024-06-29T06:00 5 2.3 1100 12000 "last year"
file_post() { # file_post WANT FILE NAME [CURL-ARG...]: POST /api/course?name=NAME, the file as the body
  local want=$1 f=$2 name=$3; shift 3
  local got
  got=$(curl -s -o "$t/body" -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
    --data-binary "@$f" "$@" "$base/api/course?name=$name")
  [ "$got" = "$want" ] && echo "ok   POST /api/course?name=$name ($(stat -c %s "$f") bytes, a file) -> $got" ||
    { echo "FAIL POST /api/course?name=$name: $got, expected $want: $(head -c 300 "$t/body")"; fails=$((fails+1)); }
}
file_post 200 "$t/recorded.gpx" "Race%202024.gpx"
json 'c=d["course"]; assert c["name"]=="Race 2024.gpx" and c["stored"] is True and c["points"]==18000 and c["bytes"]>(1<<20), c'
file_post 403 "$t/recorded.gpx" evil.gpx -H 'Origin: http://evil.example'
head -c $((9 << 20)) /dev/zero >"$t/nine"
file_post 413 "$t/nine" nine.gpx
file_post 400 "$t/recorded.gpx" ""
expect 200 GET /api/athlete
json 'assert d["course"]["name"]=="Race 2024.gpx", d'
expect 200 DELETE /api/course

# ---- journal edit and delete ----
expect 200 GET /api/journal
id=$(python3 -c "import json; print(json.load(open('$t/body'))[0]['id'])")
pain='{"kind":"pain","date":"2025-01-10","region":"lumbar","side":"left","severity":5,"timing":"after","note":"edited"}'
expect 200 POST "/api/journal/$id" "$pain"
json 'assert d["id"]=='"$id"' and d["severity"]==5 and d["side"]=="left" and d["note"]=="edited", d'
expect 200 GET /api/journal
json 'assert len(d)==1 and d[0]["severity"]==5 and d[0]["note"]=="edited"'
"$SG_CLI" --db "$db" journal --json >"$t/list.json"
grep -q '"edited"' "$t/list.json" && echo "ok   the CLI sees the edit" || { echo "FAIL the CLI does not see the edit"; fails=$((fails+1)); }
# the checks of `journal edit`
expect 400 POST "/api/journal/$id" '{"kind":"pain","date":"2025-01-10","region":"lumbar","side":"left","severity":11,"timing":"after"}'
expect 400 POST "/api/journal/$id" '{"kind":"pain","date":"2999-01-10","region":"lumbar","side":"left","severity":2,"timing":"after"}'
expect 400 POST "/api/journal/$id" '{"kind":"rpe","date":"2025-01-10","rpe":5}'
json 'assert "kind" in d["error"], d'
expect 400 POST "/api/journal/$id" '{"kind":"pain"'
expect 404 POST /api/journal/999999 "$pain"
expect 400 POST /api/journal/abc "$pain"
refused POST "/api/journal/$id" "$pain"
refused DELETE "/api/journal/$id" ''
expect 200 GET /api/journal
json 'assert len(d)==1 and d[0]["severity"]==5'
expect 404 DELETE /api/journal/999999
expect 200 DELETE "/api/journal/$id"
json 'assert d["deleted"] is True'
expect 404 DELETE "/api/journal/$id"
expect 200 GET /api/journal
json 'assert d == []'
# the export route is still reached past the /api/journal/ID routes
expect 200 GET /api/journal/export
kill -0 $srv || { echo "FAIL: server died"; fails=$((fails+1)); }
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "api_settings: all ok"
