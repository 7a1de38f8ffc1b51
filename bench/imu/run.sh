#!/usr/bin/env bash
# IMU analysis benchmark: builds bench_imu.c against the library in build/
# (scripts/build.sh build first) and times 1 h of 200 Hz 6-axis data.
# Usage: bench/imu/run.sh [seconds=3600] [repetitions=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f build/libstrideguard.a ] || scripts/build.sh build
cc -O2 -std=c17 -D_DEFAULT_SOURCE -Iinclude -Isrc bench/imu/bench_imu.c build/libstrideguard.a \
  -lm -o build/bench_imu
build/bench_imu "${1:-3600}" "${2:-5}"
