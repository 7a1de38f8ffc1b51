#!/usr/bin/env bash
# Golden outputs (issue #14): the demo's documents, byte for byte.
#
# Builds the demo store with every date pinned (--today, --race-date; the
# simulator's seed is fixed), twice, and checks the two builds print identical
# bytes; then compares each document with its committed copy in tests/golden/:
#   load.json      load --json --today D
#   show_all.json  show --all --json
#   check.json     check --json --today D --no-save
#   plan.json      plan --json --today D
#   report.json    report --json --today D -o report.html (run in a scratch folder)
#   report.html    report --today D -o - (the "generated <day>" stamp, the one
#                  clock reading in it, is replaced by "generated DAY")
#
# An intended change of output regenerates the golden files in the same
# commit, and the diff is reviewed:
#   tests/e2e/golden.sh --update      (SG_CLI defaults to build/strideguard)
# A failure names the file and shows the first differing lines (JSON is
# pretty-printed with jq for that view only; the comparison is of raw bytes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
update=0
case "${1:-}" in
    --update) update=1 ;;
    "") ;;
    *) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac
SG_CLI=${SG_CLI:-$root/build/strideguard}
[ -x "$SG_CLI" ] || { echo "FAIL: no binary at $SG_CLI (build first or set SG_CLI)"; exit 1; }
SG_CLI=$(cd "$(dirname "$SG_CLI")" && pwd)/$(basename "$SG_CLI")
golden=$root/tests/golden
tmp_base=${SG_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$tmp_base"
t=$(mktemp -d "$tmp_base/golden.XXXXXX")
trap 'rm -rf "$t"' EXIT
export TZ=UTC LC_ALL=C
unset XDG_DATA_HOME
export HOME=$t/home
mkdir -p "$HOME"

today=2026-03-01
race=2026-03-14
docs="load.json show_all.json check.json plan.json report.json report.html"

# outputs DIR: builds the demo in DIR and writes the documents into DIR/out
outputs() {
    local d=$1
    mkdir -p "$d/out"
    "$SG_CLI" demo --no-serve --dir "$d/demo" --today "$today" --race-date "$race" \
        > "$d/demo.txt"
    local db=$d/demo/demo.db
    sg() { "$SG_CLI" --db "$db" "$@"; }
    sg load --json --today "$today" > "$d/out/load.json"
    sg show --all --json > "$d/out/show_all.json"
    sg check --json --today "$today" --no-save > "$d/out/check.json"
    sg plan --json --today "$today" > "$d/out/plan.json"
    (cd "$d/out" && "$SG_CLI" --db "$db" report --json --today "$today" -o report.html \
        > report.json && rm -f report.html)
    sg report --today "$today" -o - |
        sed -E 's/generated [0-9]{4}-[0-9]{2}-[0-9]{2} /generated DAY /' > "$d/out/report.html"
    grep -q 'generated DAY ' "$d/out/report.html" ||
        { echo "FAIL: report.html: no 'generated <day>' stamp to pin (update this script)"; exit 1; }
}

outputs "$t/a"
outputs "$t/b"
for f in $docs; do
    [ -s "$t/a/out/$f" ] || { echo "FAIL: $f is empty"; exit 1; }
    cmp -s "$t/a/out/$f" "$t/b/out/$f" ||
        { echo "FAIL: $f differs between two builds of the same pinned demo"; exit 1; }
done

if [ "$update" = 1 ]; then
    mkdir -p "$golden"
    for f in $docs; do cp "$t/a/out/$f" "$golden/$f"; done
    echo "golden files rewritten in $golden; review 'git diff tests/golden' before committing"
    exit 0
fi

bad=0
for f in $docs; do
    if [ ! -f "$golden/$f" ]; then
        echo "FAIL: $golden/$f is missing (tests/e2e/golden.sh --update writes it)"
        bad=1
        continue
    fi
    if ! cmp -s "$golden/$f" "$t/a/out/$f"; then
        echo "FAIL: $f differs from tests/golden/$f (an intended change: golden.sh --update and review the diff)"
        if [ "${f##*.}" = json ] && command -v jq >/dev/null 2>&1; then
            diff <(jq . "$golden/$f") <(jq . "$t/a/out/$f") | head -n 40 || true
        else
            diff "$golden/$f" "$t/a/out/$f" | head -n 40 || true
        fi
        bad=1
    fi
done
[ "$bad" = 0 ] || exit 1
echo "golden e2e ok"
