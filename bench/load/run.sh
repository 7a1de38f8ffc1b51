#!/usr/bin/env bash
# Builds bench_load against build/libstrideguard.a (run scripts/build.sh
# first) and runs it. Usage: bench/load/run.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc \
   bench/load/bench_load.c build/libstrideguard.a \
   $(pkg-config --libs sqlite3 expat libarchive libzstd zlib jansson libmicrohttpd) \
   -lm -lpthread -o bench/out/bench_load
bench/out/bench_load "${1:-20}"
