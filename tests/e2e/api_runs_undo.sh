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
. "$(dirname "$0")/lib/http.sh"
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --no-taper --spike-week none --race-date 2025-03-30 >/dev/null
db="$t/sg.db"
"$SG_CLI" --db "$db" import "$t/f/fit" >/dev/null
serve_db "$db"

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
