# Sourced by the clinic end-to-end tests (this folder is not a test), after
# need.sh (curl and python3 needed) and with $t, the test's temporary folder,
# set: the clinic server on a free loopback port and the requests a signed-in
# browser sends it. Sourcing it sets the test's EXIT trap (clinic_cleanup):
# every server started is stopped, the store's PostgreSQL schema, if
# clinic_db.sh made one ($schema), dropped, and $t removed.
#
#   clinic_serve [--db DB] [--local] [--threads N] [ARG...]
#       `strideguard --db DB serve --clinic --threads N ARG...` through
#       serve_up (lib/serve.sh: the kernel's free port on 127.0.0.1; DB
#       defaults to $db, N to 2; --local: without --clinic, the runner's own
#       server), its output in $t/serve.K.log(.err); exits the test with a
#       FAIL line when it does not start. Sets PORT, PID and base (http://127.0.0.1:PORT),
#       and clinic_origin[$base], the Origin a browser on it sends
#       (https://127.0.0.1:PORT with --behind-tls).
#   clinic_sign_in [OPTION...] LOGIN PASSWORD JAR
#       POST /api/login (through clinic_call, with its OPTIONs). On 200 the
#       session token goes to the file JAR and the CSRF token to JAR.csrf; both
#       are also set as $cookie and $csrf (empty, like the files, otherwise).
#       Sets $code; returns 0 whatever the status (the test checks $code).
#   clinic_call [OPTION...] METHOD PATH [JAR] [BODY]
#       One request as the dashboard sends it: the session of JAR (none when ""
#       or absent), BODY (none when ""; @FILE: the file's bytes, curl's
#       --data-binary) with Content-Type application/json, or
#       application/octet-stream on the upload routes (/api/import,
#       /api/share/activity); a write (any METHOD but GET) also carries a
#       Content-Type, the server's Origin and, with a JAR, its X-CSRF-Token.
#       Sets $code; the body is in $t/body, the headers in $t/hdr. OPTIONs, for
#       what a test sends that the dashboard would not:
#         --base URL     another server than $base
#         --host NAME    this Host header (as a reverse proxy passes it)
#         --origin O     this Origin on a write ("" none) instead of the server's
#         --csrf TOKEN   this X-CSRF-Token instead of JAR's; --no-csrf none
#         --type TYPE    this Content-Type
#   clinic_field KEY    prints KEY of the JSON object in $t/body
. "$(dirname "${BASH_SOURCE[0]}")/serve.sh"
clinic_pids=()
declare -A clinic_origin=()
clinic_cleanup() {
  local p
  for p in "${clinic_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${schema-}" ]; then
    psql "$pgurl" -XAtqc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$t"
}
trap clinic_cleanup EXIT

clinic_serve() {
  local store=${db-} mode=(--clinic) threads=2
  while [ $# -gt 0 ]; do
    case "$1" in
      --db) store=$2; shift 2 ;;
      --local) mode=(); shift ;;
      --threads) threads=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local log="$t/serve.${#clinic_pids[@]}.log" scheme=http a
  for a in "$@"; do [ "$a" = --behind-tls ] && scheme=https; done
  serve_up --err "$log.err" "$log" --db "$store" serve "${mode[@]}" --threads "$threads" "$@"
  clinic_pids+=("$srv")
  PID=$srv
  PORT=$port
  clinic_origin[$base]="$scheme://127.0.0.1:$PORT"
}

clinic_call() {
  local url=${base-} host="" origin="" own_origin=1 csrf="" own_csrf=1 type=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --base) url=$2; shift 2 ;;
      --host) host=$2; shift 2 ;;
      --origin) origin=$2; own_origin=0; shift 2 ;;
      --csrf) csrf=$2; own_csrf=0; shift 2 ;;
      --no-csrf) csrf=""; own_csrf=0; shift ;;
      --type) type=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local method=$1 path=$2 jar=${3-} body=${4-}
  if [ -z "$type" ]; then
    case "${path%%\?*}" in
      /api/import|/api/share/activity) type=application/octet-stream ;;
      *) type=application/json ;;
    esac
  fi
  local args=(-s -o "$t/body" -D "$t/hdr" -w '%{http_code}' -X "$method")
  [ -n "$host" ] && args+=(-H "Host: $host")
  if [ "$method" != GET ] || [ -n "$body" ]; then args+=(-H "Content-Type: $type"); fi
  [ -n "$body" ] && args+=(--data-binary "$body")
  [ -n "$jar" ] && [ -s "$jar" ] && args+=(-b "sg_session=$(cat "$jar")")
  if [ "$method" != GET ]; then
    [ $own_origin = 1 ] && origin=${clinic_origin[$url]-$url}
    [ -n "$origin" ] && args+=(-H "Origin: $origin")
    [ $own_csrf = 1 ] && [ -n "$jar" ] && [ -s "$jar.csrf" ] && csrf=$(cat "$jar.csrf")
    [ -n "$csrf" ] && args+=(-H "X-CSRF-Token: $csrf")
  fi
  code=$(curl "${args[@]}" "$url$path")
}

clinic_sign_in() {
  local opts=()
  while [ $# -gt 3 ]; do opts+=("$1"); shift; done
  local jar=$3
  clinic_call "${opts[@]}" POST /api/login "" "{\"login\":\"$1\",\"password\":\"$2\"}"
  cookie="" csrf=""
  if [ "$code" = 200 ]; then
    cookie=$(sed -n 's/^Set-Cookie: sg_session=\([0-9a-f]*\);.*/\1/ip' "$t/hdr" | tr -d '\r')
    csrf=$(clinic_field csrf)
  fi
  printf '%s' "$cookie" >"$jar"
  printf '%s' "$csrf" >"$jar.csrf"
}

clinic_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$t/body" "$1"; }
