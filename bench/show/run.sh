#!/usr/bin/env bash
# Builds bench_show against the library in build/ and runs it.
#   bench/show/run.sh [runs=1000] [--print | --same | --pool]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build/libstrideguard.a ] || scripts/build.sh build
out=build/bench_show
cc -std=c17 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
   bench/show/bench_show.c build/libstrideguard.a \
   $(pkg-config --libs sqlite3 expat libarchive libzstd zlib jansson libmicrohttpd) -lm -lpthread \
   -o "$out"
"$out" "${1:-1000}" ${2:-}
