# Sourced by every test that starts `strideguard serve` (this folder is not a
# test): the one way a test starts a server.
#   serve_up [--err FILE] LOG ARG...
#       starts `$SG_CLI ARG... --listen ${LISTEN:-127.0.0.1}:0` in the
#       background, its output in LOG (its stderr in FILE with --err), and
#       waits (up to 60 s, so that a machine busy with other tests does not
#       fail it) until the server prints the address it listens on. The port
#       is the kernel's free one, so two tests, or a test and a client's
#       ephemeral port, never meet on a port. Sets srv (its process id),
#       port, and base (http://127.0.0.1:PORT; a server on 0.0.0.0 answers
#       there too). Appends the process id to the array
#       serve_pids when the test has declared it. Exits the test with a
#       FAIL line and the server's output when it did not start.
serve_up() {
  local err=
  if [ "${1-}" = --err ]; then err=$2; shift 2; fi
  local log=$1; shift
  if [ -n "$err" ]; then
    "$SG_CLI" "$@" --listen "${LISTEN:-127.0.0.1}:0" >"$log" 2>"$err" &
  else
    "$SG_CLI" "$@" --listen "${LISTEN:-127.0.0.1}:0" >"$log" 2>&1 &
  fi
  srv=$!
  if declare -p serve_pids >/dev/null 2>&1; then serve_pids+=("$srv"); fi
  local url= _
  for _ in $(seq 600); do
    # "strideguard dashboard: http://127.0.0.1:PORT/  (Ctrl-C stops)", or
    # "strideguard clinic server: ..." (src/cli/cmd_serve.c)
    url=$(sed -n 's|^strideguard [a-z ]*: \(https\{0,1\}://.*:[0-9][0-9]*\)/  (Ctrl-C stops)$|\1|p' \
            "$log" 2>/dev/null | head -1)
    [ -n "$url" ] && break
    kill -0 "$srv" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "FAIL: \`strideguard $*\` did not start:"
    sed 's/^/  /' "$log" ${err:+"$err"} 2>/dev/null | head -40
    kill "$srv" 2>/dev/null || true
    exit 1
  fi
  port=${url##*:}
  base="http://127.0.0.1:$port"
}
