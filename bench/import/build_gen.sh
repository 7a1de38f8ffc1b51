#!/usr/bin/env bash
# Compiles bench/import/gen.c against a build tree's libstrideguard.a, with
# that tree's compiler and sanitizer flags. usage: build_gen.sh BUILD_DIR OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$1 out=$2
lib=$build/libstrideguard.a
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
flags=()
if grep -q '^SG_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  flags+=(-fsanitize=address,undefined -fno-omit-frame-pointer)
fi
# (no "grep -q" in a pipe: under pipefail, nm's SIGPIPE would fail the test)
if [ "$(nm "$lib" 2>/dev/null | grep -c ' T sg_fit_encode$')" != 0 ]; then
  flags+=(-DSG_HAVE_FIT_ENCODE)
fi
"${cc:-cc}" -std=c17 -O2 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L "${flags[@]}" \
  -I"$src/include" -I"$src/src" "$here/gen.c" "$lib" \
  $(pkg-config --libs sqlite3 expat libarchive libzstd zlib jansson libmicrohttpd) \
  -lpthread -lm -o "$out"
