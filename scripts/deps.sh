#!/usr/bin/env bash
# Installs the Debian packages strideguard needs, only those missing.
#   scripts/deps.sh          build + run
#   scripts/deps.sh test     also what the tests, fuzzers and browser tests need
#                            (scripts/test.sh runs this; scripts/demo.sh needs only build + run)
#   scripts/deps.sh bench    also the peers the benchmarks compare against
set -euo pipefail
# nodejs/npm: the build installs the dashboard's chart library from npm
# postgresql (test group): the throwaway cluster of scripts/pg-test-cluster.sh;
# libpq-dev: the PostgreSQL store backend (src/store/pg.c) links libpq
# libsodium-dev: SHA-256 of imported files (src/bytes/sha256.c), and later accounts
# libcurl4-openssl-dev: `strideguard share`'s HTTPS client (src/bytes/http_client.c)
want=(build-essential cmake ninja-build pkg-config nodejs npm
      libsqlite3-dev libpq-dev libexpat1-dev libarchive-dev libzstd-dev zlib1g-dev
      libjansson-dev libmicrohttpd-dev libsodium-dev libcurl4-openssl-dev)
for g in "$@"; do
  case "$g" in
    # everything a test uses (tests/e2e/lib/need.sh fails a test whose tool is
    # missing): cmocka; clang + libFuzzer/sanitizer runtimes; chromium for the
    # browser test; the command-line tools the end-to-end scripts call
    test)  want+=(libcmocka-dev clang libclang-rt-14-dev chromium python3 sqlite3 zip gzip curl
                  jq git zstd time postgresql) ;;
    bench) want+=(hyperfine gpsbabel nodejs npm valgrind wrk time) ;;
    *) echo "deps.sh: unknown group '$g'" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${want[@]}"; do
  # node and npm may come from another packaging of Node.js (one "nodejs"
  # package that ships npm): a working command is what counts.
  case "$p" in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
