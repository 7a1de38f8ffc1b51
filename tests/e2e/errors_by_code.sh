#!/usr/bin/env bash
# Errors are decided by their code (sg_err.code), never by their message text
# (issue #14: the HTTP status of a duplicate once depended on its wording).
# Fails on any comparison of an error's message in src/: strcmp, strncmp,
# strstr, strcasecmp, strncasecmp or memcmp with an argument ending in `msg`.
# And the check itself works: a copy of src/ with such a comparison added must
# fail, naming the file.
set -euo pipefail
: "${SG_SOURCE_DIR:?}" "${SG_TMP:?}"
pattern='\b(strn?cmp|strstr|strn?casecmp|memcmp)[[:space:]]*\([^;]*(->|\.)msg\b'
scan() { grep -rnE --include='*.c' --include='*.h' "$pattern" "$1" || true; }

hits=$(scan "$SG_SOURCE_DIR/src")
[ -z "$hits" ] || { echo "FAIL: an error decided by its message text (use its code):"; echo "$hits"; exit 1; }

# a test of the test
t=$(mktemp -d "$SG_TMP/errors_by_code.XXXXXX")
trap 'rm -rf "$t"' EXIT
cp -r "$SG_SOURCE_DIR/src" "$t/"
printf '%s\n' 'static int dup(const sg_err *err) { return strncmp(err->msg, "duplicate", 9) == 0; }' \
    >> "$t/src/server/api.c"
scan "$t/src" | grep -q "src/server/api.c" ||
    { echo "FAIL: a message comparison added to a copy of src/ was not found"; exit 1; }
echo "errors_by_code ok"
