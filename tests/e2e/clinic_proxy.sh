#!/usr/bin/env bash
# The clinic server behind a TLS reverse proxy (docs/operations.md): with
# `serve --clinic --behind-tls --allow-host NAME` the requests a proxy passes
# on (the browser's Host "NAME" without a port, Origin "https://NAME") sign
# in and write; the cookie carries Secure; any other name is 421 and any other
# Origin 403, so the proxy does not open a way round the Host and Origin
# checks. The proxy itself is simulated by curl setting those headers.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/proxy.XXXXXX")
. "$(dirname "$0")/lib/clinic_http.sh"   # its EXIT trap stops the server, removes $t
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
db="$t/clinic.db"
pw='correct horse battery'
printf '%s\n' "$pw" | "$SG_CLI" --db "$db" admin create admin --password-stdin >/dev/null

clinic_serve --behind-tls --allow-host clinic.example

# as nginx passes it with `proxy_set_header Host $host`; the session goes by
# hand (clinic_call's -b), as curl's own jar keeps a Secure cookie for https only
clinic_sign_in --host clinic.example --origin https://clinic.example admin "$pw" "$t/admin"
[ "$code" = 200 ] && ok "login through the proxy's Host and https Origin" || bad "login: $code $(cat "$t/body")"
grep -i '^set-cookie: sg_session=' "$t/hdr" | grep -qi '; Secure' && ok "the cookie is Secure" ||
  bad "cookie flags: $(grep -i set-cookie "$t/hdr")"
me() { clinic_call --host "$1" GET /api/me "$t/admin"; echo "$code"; }
[ "$(me clinic.example:443)" = 200 ] && ok "Host with :443 answers" || bad "Host :443"
[ "$(me evil.example)" = 421 ] && ok "another name is 421 behind the proxy too" || bad "evil Host"
[ "$(me clinic.example:8443)" = 421 ] && ok "the allowed name on another port is 421" || bad "port 8443"
w() { clinic_call --host clinic.example --origin "$1" POST /api/clinics "$t/admin" '{"name":"South Clinic"}'; echo "$code"; }
[ "$(w https://evil.example)" = 403 ] && ok "a write from another https origin is 403" || bad "evil origin"
s=$(w https://clinic.example)
[ "$s" = 200 ] && ok "a write from the proxy's own https origin is done" ||
  bad "write through the proxy: $s $(cat "$t/body")"
[ "$fails" = 0 ] || exit 1
echo "ok: the clinic server behind a TLS proxy"
