#!/usr/bin/env bash
# `runs delete`, `runs undo`, `runs changes` (issue #15, docs/cli.md "runs"):
# a deleted run leaves the list with its sources (re-importing its file brings
# it back as a new run), undo restores it under the same id with the same
# sources and samples, undo is refused (SG_EEXISTS, exit 1, one line) when the
# same file has been imported again since, and every change is listed.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
t=$(mktemp -d "$SG_TMP/runs_delete.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$t/s.db" "$@"; }
"$SG_CLI" demo --files-only "$t/f" --weeks 1 --no-taper --spike-week none --race-date 2025-03-30 >/dev/null
sg import "$t/f/fit" >/dev/null
sg runs --json >"$t/before.json"
id=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r[-1]["id"])' "$t/before.json")
file=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r[-1]["sources"][0])' "$t/before.json")
sg show "$id" --json >"$t/show_before.json"

# nothing to undo yet
set +e; sg runs undo 2>"$t/err"; rc=$?; set -e
[ "$rc" = 1 ] || fail "undo on an empty trash: exit $rc"
grep -q "nothing to undo" "$t/err" || fail "undo on an empty trash said: $(cat "$t/err")"
set +e; sg runs delete 99999 2>"$t/err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "no run with id 99999" "$t/err" || fail "delete of an unknown id: exit $rc, $(cat "$t/err")"
set +e; sg runs delete abc 2>/dev/null; rc=$?; set -e
[ "$rc" = 2 ] || fail "delete abc: exit $rc"

# delete: gone from the list and from show
sg runs delete "$id" >"$t/del.txt"
grep -q "deleted run $id " "$t/del.txt" || fail "delete said: $(cat "$t/del.txt")"
sg runs --json | python3 -c 'import json,sys; ids=[r["id"] for r in json.load(sys.stdin)]; sys.exit('"$id"' in ids)' \
  || fail "run $id still listed"
set +e; sg show "$id" >/dev/null 2>&1; rc=$?; set -e
[ "$rc" != 0 ] || fail "show $id after delete"

# undo: the same id, sources and samples
sg runs undo --json >"$t/undo.json"
python3 - "$t/undo.json" "$id" <<'PY' || fail "undo --json: $(cat "$t/undo.json")"
import json, sys
u = json.load(open(sys.argv[1]))
assert u["kind"] == "undo" and u["run_id"] == int(sys.argv[2]), u
PY
sg runs --json >"$t/after.json"
cmp -s <(python3 -m json.tool "$t/before.json") <(python3 -m json.tool "$t/after.json") \
  || fail "the list after undo differs from before the delete"
sg show "$id" --json >"$t/show_after.json"
cmp -s "$t/show_before.json" "$t/show_after.json" || fail "show $id differs after undo"

# delete again, re-import the file: a new run; undo is refused with one line
sg runs delete "$id" --json >"$t/del2.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="delete" and d["undoable"], d' "$t/del2.json" \
  || fail "delete --json: $(cat "$t/del2.json")"
sg import "$t/f/fit/$file" >/dev/null
new=$(sg runs --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
[ "$new" != "$id" ] || fail "the re-imported run took the deleted run's id $id"
set +e; sg runs undo 2>"$t/err"; rc=$?; set -e
[ "$rc" = 1 ] || fail "undo after re-import: exit $rc"
[ "$(wc -l <"$t/err")" = 1 ] || fail "undo refusal is not one line: $(cat "$t/err")"
grep -q "imported again" "$t/err" || fail "undo refusal said: $(cat "$t/err")"

# the log: delete, undo, delete, with the last one still undoable
sg runs changes >"$t/changes.txt"
grep -q "delete" "$t/changes.txt" && grep -q "undo" "$t/changes.txt" || fail "changes: $(cat "$t/changes.txt")"
sg runs changes --json >"$t/changes.json"
python3 - "$t/changes.json" "$id" <<'PY' || fail "changes --json: $(cat "$t/changes.json")"
import json, sys
c = json.load(open(sys.argv[1]))
i = int(sys.argv[2])
assert [(x["kind"], x["run_id"]) for x in c] == [("delete", i), ("undo", i), ("delete", i)], c
assert [x["undoable"] for x in c] == [False, False, True], c
assert all(x["at"].endswith("Z") and x["sport"] == "running" for x in c), c
PY

# undo takes the newest deletion first: deleting the re-import and undoing
# brings the re-import back, and the older deletion is still refused
sg runs delete "$new" >/dev/null
sg runs undo >"$t/undo2.txt"
grep -q "restored run $new " "$t/undo2.txt" || fail "undo order: $(cat "$t/undo2.txt")"
set +e; sg runs undo 2>/dev/null; rc=$?; set -e
[ "$rc" = 1 ] || fail "second undo after re-import: exit $rc"
echo "ok: runs delete / undo / changes"
