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
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$t"; }
trap cleanup EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
db="$t/clinic.db"
pw='correct horse battery'
printf '%s\n' "$pw" | "$SG_CLI" --db "$db" admin create admin --password-stdin >/dev/null

for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  "$SG_CLI" --db "$db" serve --clinic --behind-tls --allow-host clinic.example \
    --threads 2 --listen "127.0.0.1:$port" >"$t/log" 2>"$t/log.err" &
  pid=$!
  for _ in $(seq 100); do
    grep -q 'clinic server' "$t/log" 2>/dev/null && break 2
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
done
grep -q 'clinic server' "$t/log" || { echo "FAIL the server did not start: $(cat "$t/log.err")"; exit 1; }
url="http://127.0.0.1:$port"

# as nginx passes it with `proxy_set_header Host $host`
req() { # req METHOD PATH HOST ORIGIN [BODY] [CSRF] -> $t/h, $t/b, prints the status
  local args=(-s -o "$t/b" -D "$t/h" -w '%{http_code}' -X "$1" -H "Host: $3" -b "$t/jar" -c "$t/jar")
  [ -n "$4" ] && args+=(-H "Origin: $4")
  [ -n "${5-}" ] && args+=(-H 'Content-Type: application/json' --data "$5")
  [ -n "${6-}" ] && args+=(-H "X-CSRF-Token: $6")
  curl "${args[@]}" "$url$2"
}
s=$(req POST /api/login clinic.example https://clinic.example "{\"login\":\"admin\",\"password\":\"$pw\"}")
[ "$s" = 200 ] && ok "login through the proxy's Host and https Origin" || bad "login: $s $(cat "$t/b")"
grep -i '^set-cookie: sg_session=' "$t/h" | grep -qi '; Secure' && ok "the cookie is Secure" ||
  bad "cookie flags: $(grep -i set-cookie "$t/h")"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$t/b")
# curl's jar keeps a Secure cookie for https only: send it by hand
cookie=$(grep -i '^set-cookie: sg_session=' "$t/h" | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
me() { curl -s -o "$t/b" -w '%{http_code}' -H "Host: $1" -H "Cookie: $cookie" "$url/api/me"; }
[ "$(me clinic.example:443)" = 200 ] && ok "Host with :443 answers" || bad "Host :443"
[ "$(me evil.example)" = 421 ] && ok "another name is 421 behind the proxy too" || bad "evil Host"
[ "$(me clinic.example:8443)" = 421 ] && ok "the allowed name on another port is 421" || bad "port 8443"
w() { curl -s -o "$t/b" -w '%{http_code}' -X POST -H "Host: clinic.example" -H "Origin: $1" \
        -H 'Content-Type: application/json' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
        --data '{"name":"South Clinic"}' "$url/api/clinics"; }
[ "$(w https://evil.example)" = 403 ] && ok "a write from another https origin is 403" || bad "evil origin"
s=$(w https://clinic.example)
[ "$s" = 200 ] && ok "a write from the proxy's own https origin is done" ||
  bad "write through the proxy: $s $(cat "$t/b")"
[ "$fails" = 0 ] || exit 1
echo "ok: the clinic server behind a TLS proxy"
