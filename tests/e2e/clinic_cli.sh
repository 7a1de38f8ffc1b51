#!/usr/bin/env bash
# The clinic server's commands (docs/cli.md "admin", "clinic"): the first
# admin from standard input (never argv), refused twice; clinics; one-time
# codes printed once, stored only hashed, for an invitation or a reset;
# every refusal one line with exit 1 (store) or 2 (usage), nothing stored.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/clinic_cli.XXXXXX")
trap 'rm -rf "$t"' EXIT
db="$t/c.db"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }
sql() { python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$db" "$1"; }
# refuse WANT_EXIT WHAT ARGS...: exit status WANT_EXIT and one line on stderr
refuse() {
  local want=$1 what=$2; shift 2
  set +e
  sg "$@" </dev/null >"$t/out" 2>"$t/err"; local rc=$?
  set -e
  if [ $rc = "$want" ] && [ "$(wc -l <"$t/err")" = 1 ] && [ ! -s "$t/out" ]; then
    ok "$what: exit $rc: $(head -1 "$t/err")"
  else
    bad "$what: exit $rc (expected $want), out: $(head -c 200 "$t/out"), err: $(head -c 200 "$t/err")"
  fi
}

# without --password-stdin and without a terminal: a usage error, nothing stored
refuse 2 "admin create without a password source" admin create boss
refuse 2 "admin without a verb" admin
refuse 2 "admin create without a login" admin create --password-stdin
printf 'a long enough secret\n' | sg admin create Boss --password-stdin >"$t/out"
grep -q '^admin account [0-9]* created$' "$t/out" && ok "admin create: $(cat "$t/out")" || bad "admin create: $(cat "$t/out")"
[ "$(sql "SELECT login || ' ' || role FROM accounts")" = "boss admin" ] || bad "stored: $(sql 'SELECT login FROM accounts')"
case "$(sql "SELECT pwhash FROM accounts")" in '$argon2id$'*) ok "an Argon2id string stored" ;; *) bad "hash" ;; esac
set +e
printf 'a long enough secret\n' | sg admin create other --password-stdin >/dev/null 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && [ "$(wc -l <"$t/err")" = 1 ] && ok "a second admin: exit 1" || bad "second admin: exit $rc"
set +e
printf 'short\n' | sg admin create other --password-stdin >/dev/null 2>"$t/err"; rc=$?
printf 'a long enough secret\n' | sg admin create 'bad login!' --password-stdin >/dev/null 2>&1; rc2=$?
set -e
[ $rc = 2 ] && [ $rc2 = 2 ] && ok "a short password, a bad login: exit 2" || bad "bad input: exit $rc, $rc2"
[ "$(sql "SELECT count(*) FROM accounts")" = 1 ] || bad "a refused admin was stored"

sg clinic create "North Clinic" --json >"$t/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["clinic_id"]>0 and d["name"]=="North Clinic"' "$t/out" &&
  ok "clinic create --json" || bad "clinic create: $(cat "$t/out")"
refuse 1 "a taken clinic name" clinic create "North Clinic"
refuse 2 "clinic create without a name" clinic create
refuse 2 "clinic code without a role" clinic code --clinic "North Clinic"
refuse 2 "clinic code for an admin" clinic code --role admin --clinic "North Clinic"
refuse 2 "clinic code with both a role and --reset" clinic code --role runner --clinic "North Clinic" --reset boss
refuse 1 "clinic code for an unknown clinic" clinic code --role runner --clinic Nowhere
refuse 1 "a reset of an unknown login" clinic code --reset nobody
[ "$(sql "SELECT count(*) FROM codes")" = 0 ] || bad "a refused code was stored"

sg clinic code --role clinician --clinic "North Clinic" >"$t/out"
code=$(head -1 "$t/out")
[[ "$code" =~ ^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$ ]] && ok "an invitation code: $code" || bad "code: $(cat "$t/out")"
grep -q 'invite code for a clinician' "$t/out" || bad "code text: $(cat "$t/out")"
sg clinic code --reset BOSS --json >"$t/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="reset" and d["role"]=="admin" and len(d["code"])==19' "$t/out" &&
  ok "clinic code --reset --json" || bad "reset code: $(cat "$t/out")"
[ "$(sql "SELECT count(*) FROM codes WHERE length(hash) = 64 AND used_utc IS NULL")" = 2 ] && ok "two codes stored, hashed, unused" ||
  bad "codes: $(sql 'SELECT hash FROM codes')"
[ "$(sql "SELECT count(*) FROM codes WHERE hash LIKE '%$(echo "$code" | tr -d -)%'")" = 0 ] || bad "a code stored in clear"

# admin disable / enable (docs/cli.md "admin"): a runner with a live session
# and an unused reset code; a clinician with an invite they issued
code=$(sg clinic code --role runner --clinic "North Clinic" | head -1)
sql "INSERT INTO athletes(name, created_utc) VALUES ('ann', 0)" >/dev/null
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
clinic = c.execute("SELECT id FROM clinics").fetchone()[0]
athlete = c.execute("SELECT max(id) FROM athletes").fetchone()[0]
for login, role, ath in (("ann", "runner", athlete), ("dr.north", "clinician", None)):
    c.execute("INSERT INTO accounts(login, role, clinic_id, athlete_id, pwhash, created_utc, disabled)"
              " VALUES (?, ?, ?, ?, 'x', 0, 0)", (login, role, clinic, ath))
ann, dr = (c.execute("SELECT id FROM accounts WHERE login = ?", (l,)).fetchone()[0] for l in ("ann", "dr.north"))
c.execute("INSERT INTO sessions(id, account_id, csrf, created_utc, seen_utc, expires_utc)"
          " VALUES ('s1', ?, 'c', 0, 0, 9999999999)", (ann,))
c.execute("INSERT INTO codes(hash, kind, clinic_id, role, account_id, issued_by, created_utc, expires_utc)"
          " VALUES ('h1', 'invite', ?, 'runner', NULL, ?, 0, 9999999999)", (clinic, dr))
c.commit()
PY
sg clinic code --reset ann >/dev/null
sg admin disable ANN --json >"$t/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["login"]=="ann" and d["role"]=="runner" and d["disabled"] and d["changed"] and d["sessions_revoked"]==1 and d["codes_voided"]==1, d' "$t/out" &&
  ok "admin disable --json: $(cat "$t/out")" || bad "admin disable: $(cat "$t/out")"
[ "$(sql "SELECT disabled FROM accounts WHERE login = 'ann'")" = 1 ] || bad "ann not disabled"
[ "$(sql "SELECT count(*) FROM sessions WHERE revoked_utc IS NULL")" = 0 ] && ok "the runner's session revoked" || bad "a session stayed live"
[ "$(sql "SELECT count(*) FROM codes c JOIN accounts a ON a.id = c.account_id WHERE a.login = 'ann' AND c.used_utc IS NULL")" = 0 ] &&
  ok "the runner's reset code voided" || bad "a reset code stayed usable"
sg admin disable ann >"$t/out"
grep -q '^runner account [0-9]* (ann) was already disabled$' "$t/out" && ok "disable again: $(head -1 "$t/out")" || bad "disable again: $(cat "$t/out")"
refuse 1 "a reset code for a disabled account" clinic code --reset ann
sg admin disable dr.north >"$t/out"
grep -q 'one-time codes voided: 1$' "$t/out" && ok "a clinician disabled: the invite they issued voided" || bad "disable dr: $(cat "$t/out")"
[ "$(sql "SELECT count(*) FROM codes WHERE hash = 'h1' AND used_utc IS NULL")" = 0 ] || bad "dr's invite stayed usable"
[ "$(sql "SELECT count(*) FROM codes WHERE used_utc IS NULL")" -ge 2 ] && ok "other codes untouched" || bad "other codes voided"
sg admin enable ann >"$t/out"
grep -q '^runner account [0-9]* (ann) enabled$' "$t/out" && ok "admin enable: $(cat "$t/out")" || bad "enable: $(cat "$t/out")"
[ "$(sql "SELECT disabled FROM accounts WHERE login = 'ann'")" = 0 ] || bad "ann still disabled"
refuse 1 "the last enabled admin" admin disable boss
refuse 1 "disable an unknown login" admin disable nobody
refuse 2 "disable without a login" admin disable
refuse 2 "disable a bad login" admin disable 'bad login!'
refuse 2 "an unknown admin verb" admin delete ann
[ "$(sql "SELECT disabled FROM accounts WHERE login = 'boss'")" = 0 ] || bad "the last admin was disabled"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic commands ok"
