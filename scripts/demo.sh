#!/usr/bin/env bash
# The main job on built-in demo data (README): installs what is missing,
# builds, and runs `strideguard demo`. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh build
exec build/strideguard demo "$@"
