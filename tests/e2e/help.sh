#!/usr/bin/env bash
# Every command and sub-command answers --help with its usage on standard
# output and exit 0, before touching a store (the --db here does not exist),
# wherever --help appears among its options.
set -uo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
t=$(mktemp -d "$SG_TMP/help.XXXXXX")
trap 'rm -rf "$t"' EXIT
fails=0
db=$t/no/such/dir/db.sqlite

"$SG_CLI" --help >"$t/top" || { echo "FAIL: strideguard --help"; exit 1; }
commands=$(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' "$t/top")
[ "$(echo "$commands" | wc -w)" -ge 16 ] || { echo "FAIL: commands not listed: $commands"; exit 1; }

ask() {
  # shellcheck disable=SC2068
  "$SG_CLI" --db "$db" $@ >"$t/out" 2>"$t/err"
  local rc=$?
  if [ $rc != 0 ] || ! grep -q '^usage: strideguard' "$t/out" || [ -s "$t/err" ]; then
    echo "FAIL: '$*': exit $rc, stdout: $(head -c 120 "$t/out"), stderr: $(head -c 160 "$t/err")"
    fails=$((fails + 1))
  else
    echo "ok   $*"
  fi
}

for c in $commands; do ask "$c --help"; done
for sub in "athlete set" "athlete show" "log pain" "log prehab" "log rpe" \
           "journal edit" "journal delete" "imu --list"; do
  ask "$sub --help"
done
# --help after other options still answers with the usage
ask "athlete set --sex female --help"
ask "log pain --region lumbar --help"
ask "load --weeks 4 --help"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "every command answers --help"
