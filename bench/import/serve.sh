#!/usr/bin/env bash
# Import through the dashboard vs the CLI: the same zip of N generated
# one-hour 1 Hz FIT runs (bench/import/gen.c, as run.sh) imported by
# `strideguard import` and through POST /api/import of a running
# `strideguard serve` (the zip streamed as the request body, then polled on
# GET /api/import to the end), each into a fresh database; peak RSS from
# /usr/bin/time -v (for the server: the whole server process, from start to
# stop). Figures go to docs/performance.md ("Import through the dashboard").
#
# usage: bench/import/serve.sh [BUILD_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${2:-1000}
out=bench/out/import_serve
rm -rf "$out"; mkdir -p "$out"
bench/import/build_gen.sh "$build" "$out/gen"
"$out/gen" "$out/in" "$n"
(cd "$out/in" && zip -q -r ../runs.zip .)
echo "input: $n files, $(du -m "$out/runs.zip" | cut -f1) MB zipped"
rss() { echo $(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$1") / 1024 )); }

/usr/bin/time -v "$build/strideguard" --db "$out/cli.db" import "$out/runs.zip" >"$out/cli.out" 2>"$out/cli.time"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/cli.time")
echo "strideguard import runs.zip: $(cat "$out/cli.out") | wall $wall | peak RSS $(rss "$out/cli.time") MB"

port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
/usr/bin/time -v "$build/strideguard" --db "$out/srv.db" serve --listen 127.0.0.1:$port \
  >"$out/srv.out" 2>"$out/srv.time" &
timer=$!
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
srv=$(pgrep -P "$timer")
t0=$(date +%s.%N)
curl -sf -X POST -H "Content-Type: application/octet-stream" -T "$out/runs.zip" \
  "$base/api/import?name=runs.zip" >/dev/null
until curl -sf "$base/api/import" >"$out/job.json" && grep -q '"finished":true' "$out/job.json"; do
  sleep 0.2
done
t1=$(date +%s.%N)
kill -TERM "$srv"
wait "$timer" || true
summary=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("imported %d, duplicates %d, damaged %d, files %d of %d" % (d["imported"], d["duplicates"], d["damaged"], d["files_done"], d["files_total"]))' "$out/job.json")
echo "POST /api/import runs.zip: $summary | wall $(python3 -c "print('%.1f s' % ($t1 - $t0))") (upload to finished) | peak server RSS $(rss "$out/srv.time") MB"
