#!/usr/bin/env bash
# The dashboard's JSON API over a real socket on loopback: every endpoint,
# and the error cases (unknown ids, malformed parameters and bodies,
# oversized bodies, path traversal), each a 4xx with a JSON error while the
# server keeps serving.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/api.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 >/dev/null
db="$t/demo/demo.db"
serve_up "$t/serve.log" --db "$db" serve

fails=0
# expect STATUS METHOD PATH [BODY]: checks the status and that errors are JSON.
# Writes go as the dashboard sends them (application/json); what the server
# refuses before routing is tests/e2e/server_security.sh.
expect() {
  local want=$1 method=$2 path=$3 body=${4-}
  local args=(-s -o "$t/body" -w '%{http_code}' -X "$method" --path-as-is)
  [ "$method" != GET ] && args+=(-H 'Content-Type: application/json')
  [ -n "$body" ] && args+=(--data-binary "$body")
  local got
  got=$(curl "${args[@]}" "$base$path")
  if [ "$got" != "$want" ]; then
    echo "FAIL $method $path: $got, expected $want: $(head -c 200 "$t/body")"; fails=$((fails+1)); return
  fi
  if [ "$got" -ge 400 ] && ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "error" in d' "$t/body" 2>/dev/null; then
    echo "FAIL $method $path: error body is not JSON with 'error'"; fails=$((fails+1)); return
  fi
  echo "ok   $method $path -> $got"
}
json() { python3 -c "import json,sys; d=json.load(open('$t/body')); $1"; }

expect 200 GET /api/health
expect 200 GET /api/runs
json 'assert len(d) > 50 and all(k in d[0] for k in ("id","start","sport","distance_m","duration_s","ascent_m","device","sources"))'
id=$(json 'print(d[-1]["id"])')
expect 200 GET "/api/runs?since=2026-02-01"
json 'assert all(r["start"] >= "2026-02-01" for r in d)'
expect 200 GET "/api/runs/$id"
json 'assert "series" in d and len(d["series"]["distance_m"]) > 10 and "flags" in d and "mechanics" in d'
expect 200 GET /api/athlete
json 'assert d["set"] and d["profile"]["race_date"] == "2026-03-14"'

expect 200 GET "/api/load?weeks=8&today=2026-03-01"
json 'assert d["today"] == "2026-03-01" and len(d["weeks"]) >= 8 and "spikes" in d and d["acwr_ewma"]["use"] == "descriptive" and d["acwr_ewma"]["limitations"]'
expect 200 GET "/api/race?today=2026-03-01"
json 'assert d["date"] == "2026-03-14" and d["course"]["ascent_m"] > 500 and len(d["course_profile"]["altitude_m"]) > 100'
expect 200 GET /api/imu
json 'assert len(d) == 1 and d[0]["linked_activity_id"] and d[0]["gyroscope"]'
imu=$(json 'print(d[0]["id"])')
expect 200 GET "/api/imu/$imu"
json 'assert d["cadence_spm"] > 140 and d["pelvis_deg"]["obliquity_range"] > 0 and len(d["windows"]) > 10'
pain='{"kind":"pain","date":"2026-02-20","region":"sacroiliac","side":"left","severity":4,"timing":"during","radiates":false,"numbness":false,"changed_run":false,"note":"api test"}'
expect 201 POST /api/journal "$pain"
json 'assert d["id"] > 0 and d["region"] == "sacroiliac"'
expect 409 POST /api/journal "$pain"
expect 201 POST /api/journal '{"kind":"prehab","date":"2026-02-21","exercise":"dead_bug"}'
expect 200 GET /api/journal
json 'assert any(e["note"] == "api test" for e in d if e["kind"] == "pain") and any(e["kind"] == "prehab" and e["exercise"] == "dead_bug" and e["date"] == "2026-02-21" for e in d)'
expect 200 GET "/api/journal?kind=pain&since=2026-02-01"
json 'assert d and all(e["kind"] == "pain" and e["date"] >= "2026-02-01" for e in d)'
expect 200 GET "/api/check?today=2026-02-22"
json 'assert d["tier"] in ("self_care", "evaluate") and "caveat" in d and "links" in d'
expect 200 GET "/api/check?today=2026-02-22&yes=saddle_numbness"
json 'assert d["tier"] == "emergency"'
expect 200 GET "/api/plan?week=2026-02-23"
json 'assert d["week_start"] == "2026-02-23" and len(d["days"]) == 7 and d["strength_sessions"] in (1, 2, 3)'

# errors
expect 400 POST /api/journal '{"kind":"pain","date":"2026-02-20","region":"elbow","side":"left","severity":4,"timing":"during"}'
expect 400 POST /api/journal '{"kind":"pain","date":"2026-02-20","region":"lumbar","side":"left","severity":11,"timing":"during"}'
expect 400 POST /api/journal '{"kind":"pain",'
expect 400 POST /api/journal 'not json at all'
expect 400 POST /api/journal '[]'
expect 400 POST /api/journal ''
expect 400 POST /api/journal '{"kind":"prehab","date":"2026-02-21","exercise":"no_such_exercise"}'
expect 400 POST /api/journal '{"kind":"pain","date":"2999-01-01","region":"lumbar","side":"left","severity":2,"timing":"after"}'
expect 400 GET "/api/journal?kind=gossip"
expect 400 GET "/api/journal?since=02/01/2026"
expect 400 GET "/api/check?yes=dragons"
expect 400 GET "/api/check?today=tomorrow"
expect 400 GET "/api/plan?week=soon"
expect 400 GET "/api/load?weeks=0"
expect 400 GET "/api/load?weeks=abc"
expect 400 GET "/api/load?today=someday"
expect 400 GET "/api/race?today=2026-02-30"
expect 404 GET /api/imu/999
expect 400 GET /api/imu/x1
expect 404 GET /api/runs/999999
expect 400 GET /api/runs/abc
expect 400 GET "/api/runs/1%00"
expect 400 GET "/api/runs?since=yesterday"
expect 400 GET "/api/runs?sport=quidditch"
expect 404 GET /api/nothing-here
expect 405 DELETE /api/runs
expect 405 PUT /api/journal
expect 400 GET /../../etc/passwd
expect 400 GET /%2e%2e/%2e%2e/etc/passwd
expect 404 GET /missing.js
big=$(head -c 2000000 /dev/zero | tr '\0' 'a')
code=$(printf '%s' "$big" | curl -s -o "$t/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @- "$base/api/journal")
[ "$code" = 413 ] && echo "ok   POST oversized body -> 413" || { echo "FAIL oversized body: $code"; fails=$((fails+1)); }

# still serving after all that
expect 200 GET /api/health
kill -0 $srv || { echo "FAIL server died"; fails=$((fails+1)); }
echo "api: $fails failure(s)"
[ "$fails" -eq 0 ]
