#!/usr/bin/env bash
# The clinic server's accounts over HTTP on 127.0.0.1 (issue #16;
# docs/threat-model.md "The clinic server"): the first admin by the CLI,
# `serve --clinic` on a free port, login with the cookie's flags, a write
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
schema=""
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the servers, drops $schema
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
want() { # want STATUS WHAT
  [ "$code" = "$1" ] && ok "$2 -> $code" || bad "$2: $code, expected $1: $(head -c 300 "$t/body")"
}
field() { clinic_field "$@"; }
clinic_serve
clinic_call GET /api/health; want 200 "health, signed out"
clinic_call GET /api/runs; want 401 "runner data, signed out"
clinic_call GET /api/me; want 401 "me, signed out"

clinic_sign_in ADMIN "$pw_admin" "$t/admin"; want 200 "login as admin (login case-folded)"
c=$(grep -i '^Set-Cookie:' "$t/hdr" | tr -d '\r')
case "$c" in *"sg_session="*"; Path=/; HttpOnly; SameSite=Strict") ok "cookie flags: $c" ;; *) bad "cookie: $c" ;; esac
[ ${#cookie} = 64 ] && [ ${#csrf} = 64 ] || bad "token or csrf length: ${#cookie} ${#csrf}"
[ "$(sql "SELECT count(*) FROM sessions WHERE id = '$cookie'")" = 0 ] && ok "the session token itself is not stored" ||
  bad "session token stored"
admin_csrf=$csrf
clinic_call GET /api/me "$t/admin"; want 200 "me as admin"
[ "$(field role)" = admin ] || bad "me: $(cat "$t/body")"
[ "$(field csrf)" = "$admin_csrf" ] && ok "me gives a reloaded page its CSRF token" || bad "me csrf: $(cat "$t/body")"
clinic_call --no-csrf POST /api/login "$t/admin" "{\"login\":\"admin\",\"password\":\"$pw_admin\"}"
want 200 "a new login with the old cookie wants no CSRF token"

clinic_call --no-csrf POST /api/clinics "$t/admin" '{"name":"South Clinic"}'; want 403 "a write without X-CSRF-Token"
clinic_call --csrf "$(printf '0%.0s' $(seq 64))" POST /api/clinics "$t/admin" '{"name":"South Clinic"}'; want 403 "a write with a wrong X-CSRF-Token"
[ "$(sql "SELECT count(*) FROM clinics")" = 1 ] || bad "a clinic was stored by a refused write"
clinic_call POST /api/clinics "$t/admin" '{"name":"South Clinic"}'; want 200 "a write with the CSRF token"

# --- invitations ----------------------------------------------------------------
clinic_call POST /api/codes "$t/admin" '{"kind":"invite","role":"clinician","clinic":"North Clinic"}'
want 200 "admin invites a clinician"
icode=$(field code)
pw_dr='a clinician password'
clinic_call POST /api/accept "" "{\"code\":\"$icode\",\"login\":\"dr.north\",\"password\":\"$pw_dr\"}"; want 200 "accept the invitation"
clinic_call POST /api/accept "" "{\"code\":\"$icode\",\"login\":\"dr.again\",\"password\":\"$pw_dr\"}"; want 403 "the same code again"
clinic_sign_in dr.north "$pw_dr" "$t/dr"; want 200 "login as the new clinician"
clinic_call POST /api/codes "$t/dr" '{"kind":"invite","role":"clinician"}'; want 403 "a clinician invites a clinician"
clinic_call POST /api/codes "$t/dr" '{"kind":"invite","role":"runner","clinic":"South Clinic"}'; want 403 "a clinician invites into another clinic"
clinic_call POST /api/clinics "$t/dr" '{"name":"East"}'; want 403 "a clinician creates a clinic"
clinic_call POST /api/codes "$t/dr" '{"kind":"invite","role":"runner"}'; want 200 "a clinician invites a runner"
rcode=$(field code)
pw_run='a runner password'
clinic_call POST /api/accept "" "{\"code\":\"$(echo "$rcode" | tr 'A-Z' 'a-z')\",\"login\":\"ann\",\"password\":\"$pw_run\"}"
want 200 "the runner accepts (code case ignored)"
clinic_sign_in ann "$pw_run" "$t/ann"; want 200 "login as the runner"
[ "$(field role)" = runner ] || bad "runner role: $(cat "$t/body")"
clinic_call GET /api/runs "$t/ann"; want 200 "the runner reads their own athlete's runs"
[ "$(tr -d ' \n' < "$t/body")" = "[]" ] || bad "a new runner's athlete holds no runs: $(cat "$t/body")"
clinic_call GET /api/audit "$t/ann"; want 200 "the runner's audit log"

# --- logout, revoke -----------------------------------------------------------
clinic_call --no-csrf POST /api/logout "$t/ann" '{}'; want 403 "logout without CSRF"
clinic_call POST /api/logout "$t/ann" '{}'; want 200 "logout"
grep -qi '^Set-Cookie: sg_session=;.*Max-Age=0' "$t/hdr" && ok "logout clears the cookie" || bad "logout cookie: $(grep -i set-cookie "$t/hdr")"
clinic_call GET /api/me "$t/ann"; want 401 "the old cookie after logout"
clinic_sign_in ann "$pw_run" "$t/ann1"
clinic_sign_in ann "$pw_run" "$t/ann2"
clinic_call POST /api/sessions/revoke "$t/ann2" '{}'; want 200 "revoke every session"
clinic_call GET /api/me "$t/ann1"; want 401 "another session after revoke"
clinic_sign_in ann "$pw_run" "$t/ann4"
clinic_call POST /api/sessions/revoke "$t/ann4" '{"login":"dr.north"}'; want 403 "a runner ends another account's sessions"
clinic_call POST /api/sessions/revoke "$t/admin" '{"login":"ANN"}'; want 200 "an admin ends a runner's sessions"
clinic_call GET /api/me "$t/ann4"; want 401 "the runner's session after the admin's revoke"
clinic_call GET /api/me "$t/admin"; want 200 "the admin's own session stays"

# --- a reset code revokes every session -----------------------------------------
clinic_sign_in ann "$pw_run" "$t/ann3"
clinic_call POST /api/codes "$t/dr" '{"kind":"reset","login":"ann"}'; want 200 "the clinician issues a reset"
xcode=$(field code)
pw_new='a brand new runner password'
clinic_call POST /api/accept "" "{\"code\":\"$xcode\",\"password\":\"$pw_new\"}"; want 200 "the reset is redeemed"
[ "$(field sessions_revoked)" -ge 1 ] && ok "the reset revoked the sessions" || bad "reset: $(cat "$t/body")"
clinic_call GET /api/me "$t/ann3"; want 401 "a session from before the reset"
clinic_sign_in ann "$pw_run" "$t/ann"; want 401 "the old password after the reset"
clinic_sign_in ann "$pw_new" "$t/ann"; want 200 "the new password"

# --- the login rate limit ---------------------------------------------------------
for i in 1 2 3 4 5; do clinic_sign_in ann "wrong password $i" "$t/ann"; want 401 "wrong password $i"; done
clinic_sign_in ann "wrong password 6" "$t/ann"; want 429 "the sixth attempt"
ra=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$t/hdr" | tr -d '\r')
[ -n "$ra" ] && [ "$ra" -gt 0 ] && [ "$ra" -le 900 ] && ok "Retry-After: $ra" || bad "Retry-After: '$ra'"
clinic_sign_in ann "$pw_new" "$t/ann"; want 429 "even the right password while limited"
clinic_sign_in dr.north "$pw_dr" "$t/dr"; want 200 "another login is not limited"
# per address: failures over many logins from one address reach its limit too
n=0
while [ $n -lt 25 ]; do
  n=$((n+1)); clinic_sign_in "guess$n" "some guessed password" "$t/guess"
  [ "$code" = 401 ] || break
done
[ "$code" = 429 ] && ok "the address is limited after $n attempts over $n logins" || bad "address limit: $code after $n"
clinic_sign_in dr.north "$pw_dr" "$t/dr"; want 429 "a known login from the limited address"

# --- behind TLS: the cookie is Secure, an https Origin may write ----------------
clinic_serve --behind-tls
clinic_sign_in admin "$pw_admin" "$t/tls"; want 200 "login behind TLS"
grep -qi '^Set-Cookie: sg_session=.*; Secure' "$t/hdr" && ok "Secure cookie behind TLS" || bad "no Secure: $(grep -i set-cookie "$t/hdr")"
clinic_call --origin "https://127.0.0.1:$PORT" POST /api/logout "$t/tls" '{}'
want 200 "an https Origin behind TLS"

# --- the local server (no --clinic) has no account routes -------------------------
clinic_serve --local
clinic_call POST /api/login "" "{\"login\":\"admin\",\"password\":\"$pw_admin\"}"; want 404 "login on the local server"
clinic_call GET /api/me; want 404 "me on the local server"
clinic_call GET /api/journal; want 200 "the local server's runner data, no sign-in"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "clinic accounts ok"
