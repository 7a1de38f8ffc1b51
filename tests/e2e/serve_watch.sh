#!/usr/bin/env bash
# `serve --watch DIR`: a FIT file copied into the folder while the server
# runs appears in /api/runs within 5 s (the test allows 15 s, so that a
# machine busy with other tests does not fail it, and prints the time); a file still being written (its size
# changing) is not read half-written; a damaged file is named on stderr in
# the CLI's error format and stores nothing; a hidden or partial download is
# ignored; a folder that does not exist is refused at start.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/watch.XXXXXX")
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; [ -f "$t/serve.log" ] && sed 's/^/  log: /' "$t/serve.log"; exit 1; }
"$SG_CLI" demo --files-only "$t/files" --weeks 1 --no-taper --spike-week none >/dev/null
mapfile -t fits < <(ls "$t/files/fit/"*.fit | head -3)
[ "${#fits[@]}" -ge 3 ] || fail "demo wrote fewer than 3 FIT files"

set +e
"$SG_CLI" --db "$t/sg.db" serve --listen 127.0.0.1:0 --watch "$t/nope" >/dev/null 2>"$t/err"; rc=$?
set -e
[ "$rc" != 0 ] && grep -q "^strideguard: .*--watch: .*nope" "$t/err" || fail "missing folder accepted ($rc)"

mkdir "$t/inbox"
serve_up "$t/serve.log" --db "$t/sg.db" serve --watch "$t/inbox"
runs() { curl -sf "$base/api/runs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
# waits (up to 15 s) until the command succeeds; fails with the message otherwise
wait_for() { local msg=$1; shift; local i; for i in $(seq 75); do "$@" && return 0; sleep 0.2; done; fail "$msg"; }
nruns() { [ "$(runs)" = "$1" ]; }
[ "$(runs)" = 0 ] || fail "store not empty at start"

# a run copied in: listed within 5 s
cp "${fits[0]}" "$t/inbox/"
start=$(date +%s.%N)
wait_for "not listed within 15 s" nruns 1
echo "ok: listed after $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
grep -q "^strideguard: watch: .*: imported as run [0-9]" "$t/serve.log" || fail "no log line"

# a file written slowly (half now, half 2.5 s later): the half is refused as
# damaged (strict), the whole is imported once
half=$(( $(stat -c %s "${fits[1]}") / 2 ))
head -c "$half" "${fits[1]}" >"$t/inbox/slow.fit"
sleep 2.5
tail -c +"$((half + 1))" "${fits[1]}" >>"$t/inbox/slow.fit"
wait_for "slow copy: $(runs) runs" nruns 2
grep -c "slow.fit: imported as run" "$t/serve.log" | grep -qx 1 || fail "slow copy not imported once, whole"

# hidden files and partial downloads are ignored
cp "${fits[2]}" "$t/inbox/.hidden.fit"
cp "${fits[2]}" "$t/inbox/run.fit.part"
# a damaged file: named, not stored as a new run
head -c 3000 "${fits[2]}" >"$t/inbox/cut.fit"
wait_for "damaged file not named" grep -q "^strideguard: watch: .*cut.fit: " "$t/serve.log"
sleep 1
[ "$(runs)" = 2 ] || fail "hidden/partial/damaged changed the runs: $(runs)"
grep -q "^strideguard: watch: .*cut.fit: " "$t/serve.log" || fail "damaged file not named"
! grep -q "hidden\|\.part" "$t/serve.log" || fail "ignored files were read"
echo "ok: serve --watch"
