# Sourced by the HTTP tests (this folder is not a test): a server on a random
# loopback port and the request helpers they share. Needs curl and python3,
# and $t (the test's temporary folder) set before it is sourced.
#   serve_db DB            starts `strideguard --db DB serve` (sets srv, base)
#   expect STATUS METHOD PATH [BODY]
#                          as the dashboard sends it (JSON, no foreign
#                          Origin); an error body must be JSON with "error"
#   json PYTHON            asserts PYTHON on the last body, as d
#   refused METHOD PATH BODY
#                          cross-origin (403) and text/plain (415) refused
#                          before routing
# Each failure prints a FAIL line and counts in $fails.
. "$(dirname "${BASH_SOURCE[0]}")/serve.sh"
fails=0
serve_db() { serve_up "$t/serve.log" --db "$1" serve; }
expect() {
  local want=$1 method=$2 path=$3 body=${4-}
  local args=(-s -o "$t/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json')
  [ -n "$body" ] && args+=(--data-binary "$body")
  local got
  got=$(curl "${args[@]}" "$base$path")
  if [ "$got" != "$want" ]; then
    echo "FAIL $method $path: $got, expected $want: $(head -c 300 "$t/body")"; fails=$((fails+1)); return
  fi
  if [ "$got" -ge 400 ] && ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]' "$t/body" 2>/dev/null; then
    echo "FAIL $method $path: error body is not JSON with 'error'"; fails=$((fails+1)); return
  fi
  echo "ok   $method $path -> $got"
}
json() {
  if ! python3 -c "import json,sys; d=json.load(open('$t/body')); $1"; then
    echo "FAIL: $1 on $(head -c 400 "$t/body")"; fails=$((fails+1))
  fi
}
refused() {
  local method=$1 path=$2 body=$3 got
  got=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
    -H 'Origin: http://evil.example' --data-binary "$body" "$base$path")
  [ "$got" = 403 ] && echo "ok   cross-origin $method $path -> 403" || { echo "FAIL cross-origin $method $path: $got"; fails=$((fails+1)); }
  got=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: text/plain' \
    --data-binary "$body" "$base$path")
  [ "$got" = 415 ] && echo "ok   text/plain $method $path -> 415" || { echo "FAIL text/plain $method $path: $got"; fails=$((fails+1)); }
}
