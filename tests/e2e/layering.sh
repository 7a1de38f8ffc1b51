#!/usr/bin/env bash
# The include rules of docs/architecture.md hold (tests/e2e/lib/layering.py):
# no src/ folder includes a layer it may not use, no library symbol lacks the
# sg_ prefix, no src/ files depend on each other round a circle, beyond the
# listed known exceptions. And the check itself works: a copy of the tree with
# one include against the table added (model including render), with a listed
# exception that is not in the code, or with two files calling each other,
# must fail, naming the file.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}" "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need python3 nm
lib=$(dirname "$SG_CLI")/libstrideguard.a
[ -f "$lib" ] || { echo "FAIL: no library at $lib"; exit 1; }
check="$SG_SOURCE_DIR/tests/e2e/lib/layering.py"
python3 "$check" "$SG_SOURCE_DIR" "$lib"

# a test of the test, on a copy of src/ and docs/
t=$(mktemp -d "$SG_TMP/layering.XXXXXX")
trap 'rm -rf "$t"' EXIT
cp -r "$SG_SOURCE_DIR/src" "$SG_SOURCE_DIR/docs" "$t/"
sed -i '0,/^#include/s//#include "render\/jsonw.h"\n#include/' "$t/src/model/geo.c"
set +e
python3 "$check" "$t" >"$t/out" 2>&1; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "src/model/geo.c: includes render/jsonw.h" "$t/out" ||
  { echo "FAIL: an include against the table passed: $(cat "$t/out")"; exit 1; }
# a known exception listed but not (or no longer) in the code fails too, so
# the list stays true
cp "$SG_SOURCE_DIR/src/model/geo.c" "$t/src/model/geo.c"
sed -i '/^## Known exceptions/a - `src/app/show.c` includes `render/run_json.h`' "$t/docs/architecture.md"
set +e
python3 "$check" "$t" >"$t/out" 2>&1; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "known exception gone: src/app/show.c" "$t/out" ||
  { echo "FAIL: a stale exception passed: $(cat "$t/out")"; exit 1; }
# two files that call each other fail, naming the circle
cp "$SG_SOURCE_DIR/docs/architecture.md" "$t/docs/architecture.md"
printf 'int sg_zz_b(void);\nint sg_zz_a(int n) { return n ? sg_zz_b() : 0; }\n' > "$t/src/model/zz_a.c"
printf 'int sg_zz_a(int n);\nint sg_zz_b(void) { return sg_zz_a(0); }\n' > "$t/src/model/zz_b.c"
set +e
python3 "$check" "$t" >"$t/out" 2>&1; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "circle of files: src/model/zz_a.c -> src/model/zz_b.c -> src/model/zz_a.c" "$t/out" ||
  { echo "FAIL: a circle of files passed: $(cat "$t/out")"; exit 1; }
echo "ok: layering, and its check fails on a bad include, a stale exception and a circle"
