#!/usr/bin/env bash
# DELETE /api/runs/ID, POST /api/runs/undo, GET /api/runs/changes (#15) over
# a real socket on loopback: refused cross-origin and as text/plain (nothing
# changes), 404 for an unknown id, the run gone and back under its id, 404
# when nothing is left to undo, 409 when its file has been imported again
# since, and the change log as `runs changes --json` writes it.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/api_runs_undo.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --no-taper --spike-week none --race-date 2025-03-30 >/dev/null
db="$t/sg.db"
"$SG_CLI" --db "$db" import "$t/f/fit" >/dev/null
port=$((20000 + RANDOM % 20000))
"$SG_CLI" --db "$db" serve --listen 127.0.0.1:$port >"$t/serve.log" 2>&1 &
srv=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done

fails=0
# expect STATUS METHOD PATH [BODY]: as the dashboard sends it (JSON, no
# foreign Origin); error bodies must be JSON with "error".
expect() {
  local want=$1 method=$2 path=$3 body=${4-}
  local args=(-s -o "$t/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json')
  [ -n "$body" ] && args+=(--data-binary "$body")
  local got
  got=$(curl "${args[@]}" "$base$path")
  if [ "$got" != "$want" ]; then
    echo "FAIL $method $path: $got, expected $want: $(head -c 300 "$t/body")"; fails=$((fails+1)); return
  fi
  if [ "$got" -ge 400 ] && ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]' "$t/body" 2>/dev/null; then
    echo "FAIL $method $path: error body is not JSON with 'error'"; fails=$((fails+1)); return
  fi
  echo "ok   $method $path -> $got"
}
json() {
  if ! python3 -c "import json,sys; d=json.load(open('$t/body')); $1"; then
    echo "FAIL: $1 on $(head -c 400 "$t/body")"; fails=$((fails+1))
  fi
}
# refused METHOD PATH BODY: cross-origin (403) and text/plain (415) are
# refused before routing.
refused() {
  local method=$1 path=$2 body=$3 got
  got=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
    -H 'Origin: http://evil.example' --data-binary "$body" "$base$path")
  [ "$got" = 403 ] && echo "ok   cross-origin $method $path -> 403" || { echo "FAIL cross-origin $method $path: $got"; fails=$((fails+1)); }
  got=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: text/plain' \
    --data-binary "$body" "$base$path")
  [ "$got" = 415 ] && echo "ok   text/plain $method $path -> 415" || { echo "FAIL text/plain $method $path: $got"; fails=$((fails+1)); }
}

expect 200 GET /api/runs
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$t/body")
file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["sources"][0])' "$t/body")
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$t/body")

refused DELETE "/api/runs/$id" ''
refused POST /api/runs/undo '{}'
expect 200 GET "/api/runs/$id"
expect 200 GET /api/runs/changes
json 'assert d == []'
expect 404 POST /api/runs/undo '{}'
expect 404 DELETE /api/runs/99999
expect 400 DELETE /api/runs/abc

expect 200 DELETE "/api/runs/$id"
json "assert d['kind'] == 'delete' and d['run_id'] == $id and d['undoable'] is True"
expect 404 GET "/api/runs/$id"
expect 200 GET /api/runs
json "assert len(d) == $n - 1 and $id not in [r['id'] for r in d]"
expect 200 POST /api/runs/undo '{}'
json "assert d['kind'] == 'undo' and d['run_id'] == $id"
expect 200 GET "/api/runs/$id"
expect 200 GET /api/runs
json "assert len(d) == $n"

# re-imported since the deletion: 409, and the run stays deleted
expect 200 DELETE "/api/runs/$id"
"$SG_CLI" --db "$db" import "$t/f/fit/$file" >/dev/null
expect 409 POST /api/runs/undo '{}'
json 'assert "imported again" in d["error"]'
expect 404 GET "/api/runs/$id"
expect 200 GET /api/runs/changes
json "assert [(c['kind'], c['run_id'], c['undoable']) for c in d] == [('delete', $id, False), ('undo', $id, False), ('delete', $id, True)]"
kill -0 $srv || { echo "FAIL: server died"; fails=$((fails+1)); }
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "api_runs_undo: all ok"
