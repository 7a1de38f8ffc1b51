#!/usr/bin/env bash
# Shoes through the CLI and the API: a shoe's distance is the sum of its runs'
# distances as `runs` lists them (assigned runs, and the sport's default shoe
# for the rest from its start day); reassigning moves a run between shoes;
# the retirement reminder; bad input is one line and changes nothing; the API
# twin (GET/POST /api/gear, POST /api/gear/ID, POST /api/gear/assign,
# DELETE /api/gear/ID) gives the same numbers.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need jq curl
t=$(mktemp -d "$SG_TMP/gear.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$t/sg.db" "$@"; }
T="--today 2030-01-01"
sg demo --files-only "$t/files" --weeks 2 --no-taper --spike-week none >/dev/null
sg import "$t/files/fit" >/dev/null
mapfile -t ids < <(sg runs --json | jq -r '.[] | select(.sport == "running") | .id')
[ "${#ids[@]}" -ge 4 ] || fail "demo has fewer than 4 runs"
dist() { sg runs --json | jq "[.[] | select(.id == ($1)) | .distance_m] | add"; }

daily=$(sg gear add "Daily trainer" --brand Nike --model "Pegasus 40" --default --json | jq .id)
fast=$(sg gear add "Race shoe" --retire-km 0.5 --json | jq .id)
sg gear assign "${ids[0]}" "$fast" >/dev/null
sg gear assign "${ids[1]}" "$fast" >/dev/null
sg gear --json $T >"$t/g.json"
want_fast=$(dist "${ids[0]}, ${ids[1]}")
want_daily=$(sg runs --json | jq --argjson a "${ids[0]}" --argjson b "${ids[1]}" \
  '[.[] | select(.sport == "running" and .id != $a and .id != $b) | .distance_m] | add')
jq -e --argjson id "$fast" --argjson d "$want_fast" \
  '.shoes[] | select(.id == $id) | (.distance_m - $d | fabs) < 0.001 and .runs == 2 and .runs_assigned == 2 and .status == "due"' \
  "$t/g.json" >/dev/null || fail "race shoe: $(jq -c ".shoes[] | select(.id == $fast)" "$t/g.json"), want $want_fast"
jq -e --argjson id "$daily" --argjson d "$want_daily" \
  '.shoes[] | select(.id == $id) | (.distance_m - $d | fabs) < 0.001 and .runs_assigned == 0 and .retire_km_in_effect == 700 and .retire_km_is_default' \
  "$t/g.json" >/dev/null || fail "default shoe: $(jq -c ".shoes[] | select(.id == $daily)" "$t/g.json"), want $want_daily"
jq -e '.runs_without_shoe == 0 and (.caveat | test("not a cause"))' "$t/g.json" >/dev/null || fail "report"
sg gear $T | grep -q "past its retirement distance" || fail "text: retirement reminder"

# clearing an assignment gives the run back to the default shoe
sg gear assign "${ids[1]}" none >/dev/null
[ "$(sg gear --json $T | jq ".shoes[] | select(.id == $fast) | .runs")" = 1 ] || fail "unassign"
# a second default for running takes over; retiring ends it
sg gear add "New trainer" --default --since 2000-01-01 >/dev/null
[ "$(sg gear --json $T | jq "[.shoes[] | select(.default)] | length")" = 1 ] || fail "two defaults"
# refusals: one line, exit 2 or 1, nothing changed
sg gear --json $T >"$t/before.json"
refuse() {
  local want=$1; shift
  set +e; sg "$@" >/dev/null 2>"$t/err"; local rc=$?; set -e
  [ "$rc" = "$want" ] && [ "$(wc -l <"$t/err")" = 1 ] && grep -q "^strideguard: " "$t/err" ||
    fail "'$*': exit $rc: $(cat "$t/err")"
  sg gear --json $T | cmp -s - "$t/before.json" || fail "'$*' changed the gear"
}
refuse 2 gear add
refuse 2 gear add "x" --retire-km -3
refuse 2 gear add "$(printf 'x%.0s' $(seq 70))"
refuse 1 gear assign 999999 "$fast"
refuse 1 gear assign "${ids[0]}" 999
refuse 1 gear delete 999
refuse 2 gear frobnicate

# the API twin
serve_up "$t/serve.log" --db "$t/sg.db" serve
post() { curl -s -o "$t/body" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' \
           ${3:+--data-binary "$3"} "$base$2"; }
[ "$(curl -s -o "$t/api.json" -w '%{http_code}' "$base/api/gear?today=2030-01-01")" = 200 ] || fail "GET /api/gear"
jq -e --slurpfile cli <(sg gear --json $T) '.shoes == $cli[0].shoes' "$t/api.json" >/dev/null ||
  fail "API and CLI differ"
[ "$(post POST /api/gear '{"name":"Trail shoe","sport":"running","retire_km":600}')" = 201 ] || fail "POST /api/gear: $(cat "$t/body")"
trail=$(jq .id "$t/body")
[ "$(post POST "/api/gear/$trail" '{"name":"Trail shoe v2","retire_km":650}')" = 200 ] || fail "edit: $(cat "$t/body")"
[ "$(post POST /api/gear/assign "{\"run_id\":${ids[2]},\"gear_id\":$trail}")" = 200 ] || fail "assign: $(cat "$t/body")"
[ "$(curl -s "$base/api/gear?today=2030-01-01" | jq ".shoes[] | select(.id == $trail) | .distance_m")" = "$(dist "${ids[2]}")" ] ||
  fail "API assigned distance"
[ "$(post POST /api/gear '{"name":"x","colour":"red"}')" = 400 ] || fail "unknown key accepted"
[ "$(post POST /api/gear/assign '{"run_id":1}')" = 400 ] || fail "bad assign accepted"
[ "$(post POST /api/gear/assign "{\"run_id\":${ids[2]},\"gear_id\":999}")" = 404 ] || fail "unknown shoe"
[ "$(post DELETE "/api/gear/$trail")" = 200 ] || fail "DELETE: $(cat "$t/body")"
[ "$(post DELETE "/api/gear/$trail")" = 404 ] || fail "DELETE twice"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data-binary '{"name":"y"}' "$base/api/gear")" = 415 ] ||
  fail "text/plain write accepted"
echo "ok: gear"
