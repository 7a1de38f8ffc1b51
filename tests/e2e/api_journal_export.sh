#!/usr/bin/env bash
# GET /api/journal/export over a real socket: the JSON document and, with
# format=csv, byte for byte the CSV of `export-journal` (as text/csv); the
# from/to bounds; 400 with a JSON error for a bad date, an unknown format or
# from after to; 405 for a write to it.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/api_journal_export.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 >/dev/null
db="$t/demo/demo.db"
"$SG_CLI" --db "$db" log pain --region hip --side left --severity 3 --date 2026-02-27 \
    --today 2026-03-01 --note $'a comma, a "quote"\nand a line break' >/dev/null
serve_up "$t/serve.log" --db "$db" serve

# get PATH: the body into $t/body, the status and content type into $t/meta
get() { curl -s -o "$t/body" -w '%{http_code} %{content_type}' "$base$1" > "$t/meta"; }

get /api/journal/export
[ "$(cut -d' ' -f1 "$t/meta")" = 200 ] || fail "json: $(cat "$t/meta")"
grep -q 'application/json' "$t/meta" || fail "json type: $(cat "$t/meta")"
"$SG_CLI" --db "$db" export-journal --json > "$t/cli.json"
python3 - "$t/body" "$t/cli.json" <<'PY'
import json, sys
api, cli = (json.load(open(p)) for p in sys.argv[1:3])
assert api == cli, "the API's document is the command's"
assert api["count"] == len(api["entries"]) > 5
PY

get "/api/journal/export?format=csv"
[ "$(cut -d' ' -f1 "$t/meta")" = 200 ] || fail "csv: $(cat "$t/meta")"
grep -q 'text/csv' "$t/meta" || fail "csv type: $(cat "$t/meta")"
"$SG_CLI" --db "$db" export-journal --csv > "$t/cli.csv"
cmp -s "$t/body" "$t/cli.csv" || fail "the API's CSV differs from export-journal's"

get "/api/journal/export?from=2026-02-20&to=2026-02-27&format=json"
"$SG_CLI" --db "$db" export-journal --from 2026-02-20 --to 2026-02-27 --json > "$t/cli_part.json"
python3 -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:3]); assert a == b and a["from"] == "2026-02-20" and a["count"] >= 1, a' \
    "$t/body" "$t/cli_part.json"

# errors: a JSON body with "error" and the status
expect_error() {
  local want=$1 path=$2 method=${3:-GET}
  local got
  got=$(curl -s -o "$t/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' "$base$path")
  [ "$got" = "$want" ] || fail "$method $path: $got, expected $want"
  python3 -c 'import json,sys; assert "error" in json.load(open(sys.argv[1]))' "$t/body" ||
    fail "$method $path: the error is not JSON"
}
expect_error 400 "/api/journal/export?from=2026-02-30"
expect_error 400 "/api/journal/export?to=yesterday"
expect_error 400 "/api/journal/export?format=xml"
expect_error 400 "/api/journal/export?from=2026-03-01&to=2026-02-01"
expect_error 405 "/api/journal/export" POST
curl -sf "$base/api/health" >/dev/null || fail "the server stopped"
echo "api_journal_export e2e ok"
