#!/usr/bin/env bash
# The clinic server's accounts over HTTP on 127.0.0.1 (issue #16;
# docs/threat-model.md "The clinic server"): the first admin by the CLI,
# `serve --clinic` on a random port, login with the cookie's flags, a write
# without the CSRF token refused (403) and with it done, invitation codes
# (single use), a runner signed in, logout ending the cookie, a reset code
# revoking every session, the login rate limit (429 with Retry-After), and
# passwords stored only as Argon2id strings. With --pg the store is a fresh
# schema of the CTest fixture's PostgreSQL cluster (clinic_auth_pg).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/clinic.XXXXXX")
pids=()
schema=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$schema" ] && psql "$pgurl" -XAtqc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  rm -rf "$t"
}
trap cleanup EXIT

. "$(dirname "$0")/lib/clinic_db.sh"
clinic_db clinic "${1-}"
if [ -n "$schema" ]; then
  sql() { psql "$db" -XAtqc "$1"; }
else
  sql() { python3 -c 'import sqlite3,sys; print("\n".join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$db" "$1"; }
fi

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
sg() { "$SG_CLI" --db "$db" "$@"; }

# --- the CLI: first admin, clinics ------------------------------------------
pw_admin='correct horse battery'
printf '%s\n' "$pw_admin" | sg admin create Admin --password-stdin --json >"$t/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["role"]=="admin" and d["account_id"]>0' "$t/out" &&
  ok "admin create" || bad "admin create: $(cat "$t/out")"
set +e
printf 'another long password\n' | sg admin create second --password-stdin >/dev/null 2>"$t/err"; rc=$?
set -e
[ $rc = 1 ] && [ "$(wc -l <"$t/err")" = 1 ] && ok "a second admin refused: $(cat "$t/err")" ||
  bad "second admin: exit $rc, $(cat "$t/err")"
set +e
printf 'short\n' | sg admin create shorty --password-stdin >/dev/null 2>"$t/err"; rc=$?
set -e
[ $rc = 2 ] && ok "a short password refused (exit 2)" || bad "short password: exit $rc"
sg clinic create "North Clinic" --json >"$t/out"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["clinic_id"]>0' "$t/out" &&
  ok "clinic create" || bad "clinic create: $(cat "$t/out")"
set +e
sg clinic create "North Clinic" >/dev/null 2>&1; rc=$?
set -e
[ $rc = 1 ] && ok "a duplicate clinic refused" || bad "duplicate clinic: exit $rc"
# only the Argon2id string is stored, never the password
h=$(sql "SELECT pwhash FROM accounts WHERE login = 'admin'")
case "$h" in '$argon2id$'*) ok "password stored as an Argon2id string" ;; *) bad "stored hash: $h" ;; esac
[ "$(sql "SELECT count(*) FROM accounts WHERE pwhash LIKE '%horse%'")" = 0 ] || bad "password text stored"

# --- the server -------------------------------------------------------------
start() { # start LOG ARGS...: serve --clinic on a free port, sets $base
  local log=$1; shift
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    sg serve --clinic --threads 2 "$@" --listen "127.0.0.1:$port" >"$log" 2>"$log.err" &
    pids+=($!)
    for _ in $(seq 100); do
      grep -q 'clinic server' "$log" 2>/dev/null && { base="http://127.0.0.1:$port"; return 0; }
      kill -0 "${pids[-1]}" 2>/dev/null || break
      sleep 0.1
    done
  done
  echo "FAIL: serve --clinic did not start: $(cat "$log.err")"; exit 1
}
# call METHOD PATH [BODY] [COOKIE] [CSRF]: sets $code; body in $t/body, headers in $t/hdr
call() {
  local args=(-s -o "$t/body" -D "$t/hdr" -w '%{http_code}' -X "$1" -H 'Content-Type: application/json')
  [ -n "${3-}" ] && args+=(--data-binary "$3")
  [ -n "${4-}" ] && args+=(-b "sg_session=$4")
  [ -n "${5-}" ] && args+=(-H "X-CSRF-Token: $5")
  code=$(curl "${args[@]}" "$base$2")
}
want() { # want STATUS WHAT
  [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$t/body" "$1"; }
login() { # login LOGIN PASSWORD: sets $cookie and $csrf on 200
  call POST /api/login "{\"login\":\"$1\",\"password\":\"$2\"}"
  cookie=""; csrf=""
  if [ "$code" = 200 ]; then
    cookie=$(sed -n 's/^Set-Cookie: sg_session=\([0-9a-f]*\);.*/\1/ip' "$t/hdr" | tr -d '\r')
    csrf=$(field csrf)
  fi
}

start "$t/serve.log"
call GET /api/health; want 200 "health, signed out"
call GET /api/runs; want 401 "runner data, signed out"
call GET /api/me; want 401 "me, signed out"

login ADMIN "$pw_admin"; want 200 "login as admin (login case-folded)"
c=$(grep -i '^Set-Cookie:' "$t/hdr" | tr -d '\r')
case "$c" in *"sg_session="*"; Path=/; HttpOnly; SameSite=Strict") ok "cookie flags: $c" ;; *) bad "cookie: $c" ;; esac
[ ${#cookie} = 64 ] && [ ${#csrf} = 64 ] || bad "token or csrf length: ${#cookie} ${#csrf}"
[ "$(sql "SELECT count(*) FROM sessions WHERE id = '$cookie'")" = 0 ] && ok "the session token itself is not stored" ||
  bad "session token stored"
admin_cookie=$cookie admin_csrf=$csrf
call GET /api/me "" "$admin_cookie"; want 200 "me as admin"
[ "$(field role)" = admin ] || bad "me: $(cat "$t/body")"
[ "$(field csrf)" = "$admin_csrf" ] && ok "me gives a reloaded page its CSRF token" || bad "me csrf: $(cat "$t/body")"
call POST /api/login "{\"login\":\"admin\",\"password\":\"$pw_admin\"}" "$admin_cookie"
want 200 "a new login with the old cookie wants no CSRF token"

call POST /api/clinics '{"name":"South Clinic"}' "$admin_cookie"; want 403 "a write without X-CSRF-Token"
call POST /api/clinics '{"name":"South Clinic"}' "$admin_cookie" "$(printf '0%.0s' $(seq 64))"; want 403 "a write with a wrong X-CSRF-Token"
[ "$(sql "SELECT count(*) FROM clinics")" = 1 ] || bad "a clinic was stored by a refused write"
call POST /api/clinics '{"name":"South Clinic"}' "$admin_cookie" "$admin_csrf"; want 200 "a write with the CSRF token"

# --- invitations ----------------------------------------------------------------
call POST /api/codes '{"kind":"invite","role":"clinician","clinic":"North Clinic"}' "$admin_cookie" "$admin_csrf"
want 200 "admin invites a clinician"
icode=$(field code)
pw_dr='a clinician password'
call POST /api/accept "{\"code\":\"$icode\",\"login\":\"dr.north\",\"password\":\"$pw_dr\"}"; want 200 "accept the invitation"
call POST /api/accept "{\"code\":\"$icode\",\"login\":\"dr.again\",\"password\":\"$pw_dr\"}"; want 403 "the same code again"
login dr.north "$pw_dr"; want 200 "login as the new clinician"
dr_cookie=$cookie dr_csrf=$csrf
call POST /api/codes '{"kind":"invite","role":"clinician"}' "$dr_cookie" "$dr_csrf"; want 403 "a clinician invites a clinician"
call POST /api/codes '{"kind":"invite","role":"runner","clinic":"South Clinic"}' "$dr_cookie" "$dr_csrf"; want 403 "a clinician invites into another clinic"
call POST /api/clinics '{"name":"East"}' "$dr_cookie" "$dr_csrf"; want 403 "a clinician creates a clinic"
call POST /api/codes '{"kind":"invite","role":"runner"}' "$dr_cookie" "$dr_csrf"; want 200 "a clinician invites a runner"
rcode=$(field code)
pw_run='a runner password'
call POST /api/accept "{\"code\":\"$(echo "$rcode" | tr 'A-Z' 'a-z')\",\"login\":\"ann\",\"password\":\"$pw_run\"}"
want 200 "the runner accepts (code case ignored)"
login ann "$pw_run"; want 200 "login as the runner"
[ "$(field role)" = runner ] || bad "runner role: $(cat "$t/body")"
call GET /api/runs "" "$cookie"; want 200 "the runner reads their own athlete's runs"
[ "$(tr -d ' \n' < "$t/body")" = "[]" ] || bad "a new runner's athlete holds no runs: $(cat "$t/body")"
call GET /api/audit "" "$cookie"; want 200 "the runner's audit log"

# --- logout, revoke -----------------------------------------------------------
call POST /api/logout '{}' "$cookie"; want 403 "logout without CSRF"
call POST /api/logout '{}' "$cookie" "$csrf"; want 200 "logout"
grep -qi '^Set-Cookie: sg_session=;.*Max-Age=0' "$t/hdr" && ok "logout clears the cookie" || bad "logout cookie: $(grep -i set-cookie "$t/hdr")"
call GET /api/me "" "$cookie"; want 401 "the old cookie after logout"
login ann "$pw_run"; ann1=$cookie
login ann "$pw_run"; ann2=$cookie ann2_csrf=$csrf
call POST /api/sessions/revoke '{}' "$ann2" "$ann2_csrf"; want 200 "revoke every session"
call GET /api/me "" "$ann1"; want 401 "another session after revoke"
login ann "$pw_run"; ann4=$cookie ann4_csrf=$csrf
call POST /api/sessions/revoke '{"login":"dr.north"}' "$ann4" "$ann4_csrf"; want 403 "a runner ends another account's sessions"
call POST /api/sessions/revoke '{"login":"ANN"}' "$admin_cookie" "$admin_csrf"; want 200 "an admin ends a runner's sessions"
call GET /api/me "" "$ann4"; want 401 "the runner's session after the admin's revoke"
call GET /api/me "" "$admin_cookie"; want 200 "the admin's own session stays"

# --- a reset code revokes every session -----------------------------------------
login ann "$pw_run"; ann3=$cookie
call POST /api/codes '{"kind":"reset","login":"ann"}' "$dr_cookie" "$dr_csrf"; want 200 "the clinician issues a reset"
xcode=$(field code)
pw_new='a brand new runner password'
call POST /api/accept "{\"code\":\"$xcode\",\"password\":\"$pw_new\"}"; want 200 "the reset is redeemed"
[ "$(field sessions_revoked)" -ge 1 ] && ok "the reset revoked the sessions" || bad "reset: $(cat "$t/body")"
call GET /api/me "" "$ann3"; want 401 "a session from before the reset"
login ann "$pw_run"; want 401 "the old password after the reset"
login ann "$pw_new"; want 200 "the new password"

# --- the login rate limit ---------------------------------------------------------
for i in 1 2 3 4 5; do login ann "wrong password $i"; want 401 "wrong password $i"; done
login ann "wrong password 6"; want 429 "the sixth attempt"
ra=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$t/hdr" | tr -d '\r')
[ -n "$ra" ] && [ "$ra" -gt 0 ] && [ "$ra" -le 900 ] && ok "Retry-After: $ra" || bad "Retry-After: '$ra'"
login ann "$pw_new"; want 429 "even the right password while limited"
login dr.north "$pw_dr"; want 200 "another login is not limited"
# per address: failures over many logins from one address reach its limit too
n=0
while [ $n -lt 25 ]; do
  n=$((n+1)); login "guess$n" "some guessed password"
  [ "$code" = 401 ] || break
done
[ "$code" = 429 ] && ok "the address is limited after $n attempts over $n logins" || bad "address limit: $code after $n"
login dr.north "$pw_dr"; want 429 "a known login from the limited address"

# --- behind TLS: the cookie is Secure, an https Origin may write ----------------
start "$t/tls.log" --behind-tls
login admin "$pw_admin"; want 200 "login behind TLS"
grep -qi '^Set-Cookie: sg_session=.*; Secure' "$t/hdr" && ok "Secure cookie behind TLS" || bad "no Secure: $(grep -i set-cookie "$t/hdr")"
code=$(curl -s -o "$t/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "Origin: https://127.0.0.1:$port" -b "sg_session=$cookie" -H "X-CSRF-Token: $csrf" \
  --data-binary '{}' "$base/api/logout")
want 200 "an https Origin behind TLS"

# --- the local server (no --clinic) has no account routes -------------------------
port=$((20000 + RANDOM % 20000))
sg serve --threads 2 --listen "127.0.0.1:$port" >"$t/local.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
call POST /api/login "{\"login\":\"admin\",\"password\":\"$pw_admin\"}"; want 404 "login on the local server"
call GET /api/me; want 404 "me on the local server"
call GET /api/journal; want 200 "the local server's runner data, no sign-in"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic accounts ok"
