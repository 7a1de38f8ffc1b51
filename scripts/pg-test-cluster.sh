#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue #16).
#   scripts/pg-test-cluster.sh start DIR   initdb into DIR (created, must be empty or absent),
#                                          start the server on a Unix socket in DIR (no TCP),
#                                          print the connection URL on stdout
#   scripts/pg-test-cluster.sh stop DIR    stop the server and remove DIR
# Tests run as root (here and in CI) and PostgreSQL refuses to run as root, so the
# cluster runs as the unprivileged user "postgres" (Debian's postgresql package
# creates it) through runuser. A missing initdb is a failure (exit 1), never a skip.
set -euo pipefail
die() { echo "pg-test-cluster: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $0 start|stop DIR"
cmd=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] ||
  die "initdb is not installed (scripts/deps.sh test installs postgresql)"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ] && die "$dir: exists and is not empty"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_pg "$bindir/initdb" -D "$dir/data" -U sgtest --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "$dir: initdb failed"; }
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-k $dir -c listen_addresses= -c fsync=off" start >/dev/null ||
      { cat "$dir/server.log" >&2; die "$dir: server did not start"; }
    as_pg "$bindir/createdb" -h "$dir" -U sgtest strideguard_test ||
      die "$dir: createdb failed"
    # libpq URL with a socket directory: host is a query parameter
    echo "postgresql:///strideguard_test?host=$dir&user=sgtest"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ||
        die "$dir: pg_ctl stop failed"
    fi
    rm -rf -- "$dir"
    ;;
  *) die "unknown command '$cmd' (start|stop)" ;;
esac
