#!/usr/bin/env bash
# Dashboard API under load on loopback: requests/s and latency percentiles of
# GET /api/runs and GET /api/runs/ID (the run-analysis endpoint), with wrk.
#   bench/server/run.sh [SECONDS] [CONNECTIONS]
# Builds if needed, generates the demo block into a temp folder, serves it on
# 127.0.0.1 and measures each endpoint for SECONDS (default 10). The server
# runs with its default thread pool (one per core); wrk gets 2 threads.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
conns=${2:-64}
scripts/deps.sh bench >/dev/null
scripts/build.sh build
bin=build/strideguard
t=$(mktemp -d)
trap 'kill $srv 2>/dev/null || true; rm -rf "$t"' EXIT
"$bin" demo --no-serve --dir "$t/demo" >/dev/null
port=$((20000 + RANDOM % 20000))
"$bin" --db "$t/demo/demo.db" serve --listen 127.0.0.1:$port >"$t/serve.log" 2>&1 &
srv=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
id=$(curl -s "http://127.0.0.1:$port/api/runs" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(max(r, key=lambda x: x["distance_m"])["id"])')
curl -sf "http://127.0.0.1:$port/api/runs/$id" >/dev/null   # fill the cache once
echo "machine: $(nproc) cores; wrk 2 threads, $conns connections, ${secs}s per endpoint"
printf "%-22s %12s %9s %9s %9s %8s %s\n" endpoint "requests/s" "p50 ms" "p99 ms" "max ms" errors "body bytes"
for path in /api/runs "/api/runs/$id"; do
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  mx=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  errs=$(awk '/Non-2xx|Socket errors/ {e=e" "$0} END {print (e==""?"0":e)}' <<<"$out")
  size=$(curl -s "http://127.0.0.1:$port$path" | wc -c)
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000 } else print v }'; }
  label=$path; [ "$path" != /api/runs ] && label=/api/runs/ID
  printf "%-22s %12s %9s %9s %9s %8s %s\n" "$label" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$mx")" "$errs" "$size"
done
