#!/usr/bin/env bash
# FIT decode throughput over the shared FIT corpus, strideguard beside two
# peers, in one run:
#   strideguard decode --stats   (C, this project; decodes into the activity model)
#   npm fit-file-parser 6.1.2    (MIT, JavaScript, run with node)
#   Debian gpsbabel (garmin_fit reader, unicsv writer to /dev/null)
# All three are timed in CPU seconds (user + system) of the decoding only
# where the tool allows it (strideguard and node read the files first and
# time the parse; gpsbabel's whole process is timed, its start-up is ~0.02 s).
# Each measurement is the best of $RUNS runs (default 3) because the machine
# is shared. gpsbabel stops at the first damaged file, so the peers are
# also compared on the subset of files gpsbabel reads.
#
#   bench/fit/run.sh                 # build if needed, install the npm peer, run
#   RUNS=5 bench/fit/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
data=${SG_SHARED_DATA:-$root/../shared/data}
cli=${SG_CLI:-$root/build/strideguard}
runs=${RUNS:-3}
[ -d "$data" ] || { echo "no shared data at $data" >&2; exit 1; }
[ -x "$cli" ] || scripts/build.sh build
if [ ! -d bench/fit/node_modules/fit-file-parser ]; then
  (cd bench/fit && npm install --no-audit --no-fund >/dev/null)
fi
command -v gpsbabel >/dev/null || { echo "gpsbabel missing (apt-get install gpsbabel)" >&2; exit 1; }

mapfile -d '' all < <(find "$data" -iname '*.fit' -print0 | sort -z)
sub=()
for f in "${all[@]}"; do
  gpsbabel -i garmin_fit -f "$f" -o unicsv -F /dev/null 2>/dev/null && sub+=("$f")
done
bytes() { local n=0 f; for f in "$@"; do n=$((n + $(stat -c %s "$f"))); done; echo "$n"; }

# strideguard: first pass in a fresh process (cold memory) and, with
# --repeat, the best later pass (warm); best of $runs processes.
sg() {
  local best_cold=999 best_warm=999 line c w
  for _ in $(seq "$runs"); do
    line=$( ("$cli" decode --stats --repeat 5 "$@" 2>/dev/null || true) | tail -1)
    c=$(sed -n 's/.* decode_s=\([0-9.]*\).*/\1/p' <<<"$line")
    w=$(sed -n 's/.*warm_decode_s=\([0-9.]*\).*/\1/p' <<<"$line")
    best_cold=$(awk -v a="$best_cold" -v b="$c" 'BEGIN{print (b<a)?b:a}')
    best_warm=$(awk -v a="$best_warm" -v b="$w" 'BEGIN{print (b<a)?b:a}')
  done
  records=$(sed -n 's/.* records=\([0-9]*\) decode_s.*/\1/p' <<<"$line")
  echo "$best_cold $best_warm $records"
}
node_peer() {
  local best=999 line s
  for _ in $(seq "$runs"); do
    line=$( (node bench/fit/peer_fit_file_parser.mjs "$@" 2>/dev/null || true) | tail -1)
    s=$(sed -n 's/.*cpu_s=\([0-9.]*\).*/\1/p' <<<"$line")
    best=$(awk -v a="$best" -v b="$s" 'BEGIN{print (b<a)?b:a}')
  done
  echo "$best $(sed -n 's/.* records=\([0-9]*\).*/\1/p' <<<"$line")"
}
gpsbabel_peer() {
  local best=999 args=() f t
  for f in "$@"; do args+=(-f "$f"); done
  for _ in $(seq "$runs"); do
    t=$( { /usr/bin/time -f "%U %S" gpsbabel -i garmin_fit "${args[@]}" -o unicsv -F /dev/null \
           2>&1 >/dev/null; } | tail -1 | awk '{print $1 + $2}')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN{print (b<a)?b:a}')
  done
  echo "$best"
}

row() { # name files bytes cpu_s records ref_s
  awk -v n="$1" -v f="$2" -v b="$3" -v s="$4" -v r="$5" -v ref="$6" 'BEGIN{
    mbs = b / 1e6 / s; rs = (r == "") ? "-" : sprintf("%.0f", r / s);
    printf "| %-38s | %5d | %6.2f | %8.4f | %8.1f | %10s | %8s |\n", n, f, b / 1e6, s, mbs, rs,
           (ref > 0) ? sprintf("%.1fx", s / ref) : "-" }'
}

echo "FIT decode throughput, $(date -u +%Y-%m-%d), $(nproc) cores, best of $runs runs, CPU time"
echo
echo "| decoder | files | MB | CPU s | MB/s | records/s | strideguard is |"
echo "|---|---:|---:|---:|---:|---:|---:|"
ball=$(bytes "${all[@]}")
read -r sc sw sr < <(sg "${all[@]}")
read -r ns nr < <(node_peer "${all[@]}")
row "strideguard decode --stats (cold)" "${#all[@]}" "$ball" "$sc" "$sr" 0
row "strideguard, warm (best of --repeat 5)" "${#all[@]}" "$ball" "$sw" "$sr" 0
row "fit-file-parser 6.1.2 (node $(node --version))" "${#all[@]}" "$ball" "$ns" "$nr" "$sc"
bsub=$(bytes "${sub[@]}")
read -r sc2 sw2 sr2 < <(sg "${sub[@]}")
read -r ns2 nr2 < <(node_peer "${sub[@]}")
gs=$(gpsbabel_peer "${sub[@]}")
echo
echo "Files gpsbabel reads (it stops at the first damaged file):"
echo
echo "| decoder | files | MB | CPU s | MB/s | records/s | strideguard is |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row "strideguard decode --stats (cold)" "${#sub[@]}" "$bsub" "$sc2" "$sr2" 0
row "fit-file-parser 6.1.2" "${#sub[@]}" "$bsub" "$ns2" "$nr2" "$sc2"
row "gpsbabel $(gpsbabel -V 2>/dev/null | awk '/Version/{print $NF}') garmin_fit" "${#sub[@]}" "$bsub" "$gs" "" "$sc2"
