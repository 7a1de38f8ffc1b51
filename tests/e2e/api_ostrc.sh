#!/usr/bin/env bash
# GET /api/ostrc, the OSTRC-O2 document the dashboard's weekly form and chart
# draw: the four questions with their options, points and skips, and the
# questionnaires stored through POST /api/journal scored per area (53 for
# options 2,2,1,2: Clarsen 2013 item values), with its date check.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/api_ostrc.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$t/s.db"
"$SG_CLI" --db "$db" runs >/dev/null   # an empty store
serve_up "$t/serve.log" --db "$db" serve

curl -sf "$base/api/ostrc" > "$t/empty.json" || fail "GET /api/ostrc"
today=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["today"])' "$t/empty.json")
python3 - "$t/empty.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["instrument"] == "OSTRC-O2" and "Clarsen" in d["source"], d
qs = d["questions"]
assert [q["number"] for q in qs] == [1, 2, 3, 4], qs
assert [len(q["options"]) for q in qs] == [4, 5, 5, 4], qs
assert [o["points"] for o in qs[0]["options"]] == [0, 8, 17, 25]
assert qs[0]["options"][0]["skips"] == [2, 3, 4] and qs[0]["options"][3]["skips"] == [2, 3]
assert all(q["text"] for q in qs) and all(o["label"] for q in qs for o in q["options"])
assert [a["name"] for a in d["areas"]] == ["lower_back", "hip_groin"], d["areas"]
assert all(a["weeks"] == [] for a in d["areas"])
PY

post() {
  curl -s -o "$t/post" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "$1" "$base/api/journal"
}
st=$(post "{\"kind\":\"ostrc\",\"date\":\"$today\",\"area\":\"lower_back\",\"answers\":[2,2,1,2]}")
[ "$st" = 201 ] || fail "POST ostrc: $st $(cat "$t/post")"
st=$(post "{\"kind\":\"ostrc\",\"date\":\"$today\",\"area\":\"hip_groin\",\"answers\":[0,null,null,null]}")
[ "$st" = 201 ] || fail "POST ostrc skipped: $st $(cat "$t/post")"
st=$(post "{\"kind\":\"ostrc\",\"date\":\"$today\",\"area\":\"hip_groin\",\"answers\":[1,null,null,null]}")
[ "$st" = 400 ] || fail "a skipped question that the logic asks should be refused: $st"

curl -sf "$base/api/ostrc" > "$t/two.json" || fail "GET /api/ostrc after posts"
python3 - "$t/two.json" "$today" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lb, hg = d["areas"][0]["weeks"], d["areas"][1]["weeks"]
assert len(lb) == 1 and len(hg) == 1, d["areas"]
assert lb[0]["date"] == sys.argv[2] and lb[0]["severity"] == 53 and lb[0]["substantial"], lb
assert lb[0]["answers"] == [2, 2, 1, 2], lb
assert hg[0]["severity"] == 0 and not hg[0]["substantial"] and not hg[0]["problem"], hg
PY

# a what-if day before the entries shows none; a bad date is a 400 with a JSON error
curl -sf "$base/api/ostrc?today=2000-01-01" | python3 -c '
import json, sys; d = json.load(sys.stdin); assert all(a["weeks"] == [] for a in d["areas"]), d'
st=$(curl -s -o "$t/bad" -w '%{http_code}' "$base/api/ostrc?today=2026-02-30")
[ "$st" = 400 ] || fail "bad today: $st"
python3 -c 'import json,sys; assert "error" in json.load(open(sys.argv[1]))' "$t/bad" || fail "error not JSON"
st=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary '{}' "$base/api/ostrc")
[ "$st" = 405 ] || fail "POST /api/ostrc: $st"
echo ok
