#!/usr/bin/env bash
# Compiles the scale generator (bench/scale/gen.c) against a build tree's
# libstrideguard.a with that tree's compiler, warnings as errors.
#   bench/scale/build.sh [BUILD_DIR] [OUT]    (defaults: build, BUILD_DIR/scale-gen)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
out=${2:-$build/scale-gen}
lib=$build/libstrideguard.a
[ -f "$lib" ] || { echo "build.sh: $lib missing (run scripts/build.sh first)" >&2; exit 1; }
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
"${cc:-cc}" -std=c17 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -Wformat=2 -Wvla -Werror -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
  -I"$src/include" -I"$src/src" "$here/gen.c" "$lib" \
  $(pkg-config --libs sqlite3 libpq expat libarchive libzstd zlib jansson libmicrohttpd libsodium) \
  -lpthread -lm -o "$out"
