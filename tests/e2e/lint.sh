#!/usr/bin/env bash
# Standing rules checked on the source tree (DESIGN.md §2.12):
#  - banned functions (unbounded or unchecked: atoi, sprintf, strcpy, strcat, gets, strtok);
#  - no shared data copied into the repository (files under ../shared/data, by hash);
#  - no third-party host names in lock files (packages come from the registry by name).
set -euo pipefail
: "${SG_SOURCE_DIR:?}"
. "$(dirname "$0")/lib/need.sh"
need git
cd "$SG_SOURCE_DIR"
fail=0
banned=$(git grep -n -E '\b(atoi|sprintf|strcpy|strcat|gets|strtok)[[:space:]]*\(' -- '*.c' '*.h' || true)
if [ -n "$banned" ]; then echo "banned functions:"; echo "$banned"; fail=1; fi
if [ -f ../shared/data/MANIFEST.json ]; then
  while IFS= read -r f; do
    h=$(sha256sum "$f" | cut -c1-64)
    if grep -q "$h" ../shared/data/MANIFEST.json; then echo "copy of shared data: $f"; fail=1; fi
  done < <(git ls-files '*.fit' '*.FIT' '*.gpx' '*.tcx' '*.csv' '*.txt' '*.zip')
fi
if git ls-files '*package-lock.json' | xargs -r grep -l '"resolved"' | grep -q .; then
  echo "a package-lock.json records download addresses"; fail=1
fi
[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
