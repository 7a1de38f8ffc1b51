#!/usr/bin/env bash
# Clinic scale on loopback (issue #16, docs/scale.md): N runners x Y years in
# PostgreSQL and in SQLite, each behind `strideguard serve --clinic`, under wrk.
#
#   bench/scale/run.sh [--athletes N] [--years Y] [--interval S] [--secs D] [--conns C]
#                      [--backend pg|sqlite|both] [--dir DIR] [--runners K]
#
# Defaults: 200 athletes, 3 years, 10 s between stored samples, wrk -t2 -d20s at 32 and at
# 64 connections (--conns "32 64": a quoted list; the server runs with --behind-tls as
# deployed behind a proxy, so the per-address limit of 32 (SG_HTTP_PER_IP_LIMIT) gives way to
# the total of 512 and wrk's 64 connections from 127.0.0.1 are all served), both backends, 32 runners in
# the mixed run. Per backend it
#   1. fills a store with bench/scale/gen (fill time, rows, database size);
#   2. starts `serve --clinic` on 127.0.0.1 (default worker threads: one per core);
#   3. signs in the clinician and K runners (cookie sg_session), times each runner's first
#      (cold: no analysis cached) GET /api/load and /api/check;
#   4. runs wrk on the roster (GET /api/clinic/roster as the clinician; skipped with a
#      note when this branch has no such route), on one runner's overview (GET /api/runs,
#      /api/load, /api/check), on the same as the clinician with ?athlete=ID (skipped
#      when not supported), and on a mix of the K runners x the three routes;
#   5. times `strideguard share push` of a 3-year local store when the command exists.
# Every wrk line gives requests/s, p50/p99/max ms and the errors: non-2xx answers
# (wrk's "Non-2xx" line) plus socket errors. Results are printed and kept in DIR
# (default: a new folder under /tmp, removed at the end unless --dir is given).
# With --dir, a backend whose fill finished before (DIR/fill-BACKEND.json) is reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
athletes=200 years=3 interval=10 secs=20 conns="32 64" backend=both dir="" runners=32
while [ $# -gt 0 ]; do
  case "$1" in
    --athletes) athletes=$2 ;;
    --years) years=$2 ;;
    --interval) interval=$2 ;;
    --secs) secs=$2 ;;
    --conns) conns=$2 ;;
    --backend) backend=$2 ;;
    --dir) dir=$2 ;;
    --runners) runners=$2 ;;
    *) echo "usage: $0 [--athletes N] [--years Y] [--interval S] [--secs D] [--conns C]" \
            "[--backend pg|sqlite|both] [--dir DIR] [--runners K]" >&2; exit 2 ;;
  esac
  shift 2
done
[ "$runners" -le "$athletes" ] || runners=$athletes
for c in wrk curl python3 psql ss bc; do
  command -v "$c" >/dev/null || { echo "run.sh: $c missing (scripts/deps.sh bench)" >&2; exit 1; }
done
scripts/build.sh build
bench/scale/build.sh build build/scale-gen
bin=$root/build/strideguard gen=$root/build/scale-gen
keep=1
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/sg-scale.XXXXXX); keep=0; fi
# run as root, the throwaway cluster runs as postgres, which must reach its folder inside
chmod 755 "$dir" 2>/dev/null || true
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pw='scale bench password'
end=$(date -u -d yesterday +%F)   # histories end yesterday: today's checks see recent weeks
srv=""
cleanup() {
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  if [ "$keep" = 0 ]; then
    [ -d "$dir/pg" ] && scripts/pg-test-cluster.sh stop "$dir/pg" >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(uptime | sed 's/.*load/load/')"
echo "data: $athletes athletes x $years years, 1 sample per ${interval} s; wrk -t2 -d${secs}s at $conns connections"

ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 }
  else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000 }
  else print v }'; }

# db_size BACKEND DB: bytes of the database (SQLite: file + WAL; PostgreSQL: pg_database_size)
db_size() {
  if [ "$1" = postgresql ]; then psql "$2" -XAtqc "SELECT pg_database_size(current_database())"
  else du -cb "$2" "$2-wal" 2>/dev/null | tail -n1 | cut -f1; fi
}

fill() { # fill BACKEND DB
  local f="$dir/fill-$1.json"
  if [ -s "$f" ]; then echo "fill ($1): reusing $(cat "$f")"; return; fi
  echo "fill ($1): $(uptime | sed 's/.*load/load/')"
  "$gen" "$2" --athletes "$athletes" --years "$years" --interval "$interval" --end "$end" \
    --json >"$f.tmp"
  mv "$f.tmp" "$f"
  echo "fill ($1): $(cat "$f")  database $(db_size "$1" "$2") bytes"
}

start_server() { # start_server DB: sets base, srv
  local log=$dir/serve.log
  for _ in 1 2 3 4 5; do
    local port=$((20000 + RANDOM % 20000))
    # as deployed (docs/operations.md): behind a TLS proxy, whose one address
    # the per-address connection limit would otherwise cap at 32
    "$bin" --db "$1" serve --clinic --behind-tls --listen "127.0.0.1:$port" >"$log" 2>"$log.err" &
    srv=$!
    for _ in $(seq 100); do
      grep -q 'clinic server' "$log" 2>/dev/null && { base="http://127.0.0.1:$port"; return 0; }
      kill -0 "$srv" 2>/dev/null || break
      sleep 0.1
    done
  done
  echo "run.sh: serve --clinic did not start: $(cat "$log.err")" >&2; exit 1
}

login() { # login LOGIN: prints the session cookie's value
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"$1\",\"password\":\"$pw\"}" "$base/api/login" |
    sed -n 's/^Set-Cookie: sg_session=\([0-9a-f]*\);.*/\1/ip' | tr -d '\r'
}

status() { # status COOKIE PATH: the HTTP status of one GET
  curl -s -o /dev/null -w '%{http_code}' -b "sg_session=$1" "$base$2"
}

drain() { # drain: wait until the previous run's connections are gone (wrk stops with
  # requests still queued, and their connections hold the per-address slots until answered)
  local port=${base##*:}
  for _ in $(seq 240); do
    [ "$(ss -Htn state established "( sport = :$port )" | wc -l)" = 0 ] &&
      curl -s -m 1 -o /dev/null "$base/api/health" && { sleep 1; return; }
    sleep 0.5
  done
}

bench() { # bench LABEL COOKIE PATH [LUA]: one wrk run per connection count, one row each
  local c
  for c in $conns; do drain; bench1 "$c" "$@"; done
}

bench1() { # bench1 CONNS LABEL COOKIE PATH [LUA]
  local nc=$1; shift
  local args=(-t2 -c"$nc" -d"${secs}s" --latency --timeout 10s)
  if [ -n "${4-}" ]; then args+=(-s "$4"); else args+=(-H "Cookie: sg_session=$2"); fi
  local out
  out=$(wrk "${args[@]}" "$base$3")
  echo "$out" >"$dir/wrk-$cur-c$nc-$(printf '%s' "$1" | tr -c 'a-z0-9' '_').txt"
  local rps p50 p99 mx n non2xx sock
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  mx=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  sock=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out")
  printf "| %-10s | %5s | %-34s | %9s | %8s | %8s | %8s | %9s | %6s |\n" "$cur" "$nc" "$1" "$rps" \
    "$(ms "$p50")" "$(ms "$p99")" "$(ms "$mx")" "$n" "$(( ${non2xx:-0} + ${sock:-0} ))"
}

cold() { # cold COOKIE PATH: seconds of one request (the first of this runner: nothing cached)
  curl -s -o /dev/null -w '%{time_total}' -b "sg_session=$1" "$base$2"
}

share_hook() { # share_hook: a runner's 3-year share push, when this build has the command
  if ! "$bin" share push --help >/dev/null 2>&1; then
    echo "share push ($cur): no 'strideguard share push' on this branch, skipped"
    return
  fi
  local local_db=$dir/share-local.db
  [ -f "$local_db" ] || "$gen" "$local_db" --local --years "$years" --interval "$interval" \
    --end "$end" --json >"$dir/share-local.json" 2>/dev/null
  local code
  # `clinic code` prints the code on its first line (then how to use it)
  code=$("$bin" --db "$db" clinic code --role runner --clinic "Scale Clinic" | head -n1)
  # the join/push arguments follow docs/cli.md "share"; a failure is reported, not fatal,
  # so the other backend is still measured
  "$bin" --db "$local_db" share join "$base" --code "$code" --login "share-$cur-$(date +%s)" \
    --password-stdin <<<"$pw" >/dev/null || { echo "share push ($cur): join failed"; return; }
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" --db "$local_db" share push --password-stdin <<<"$pw" >/dev/null ||
    { echo "share push ($cur): push failed"; return; }
  t1=$(date +%s.%N)
  echo "share push ($cur): $(grep -o '"runs":[0-9]*' "$dir/share-local.json") in" \
    "$(echo "$t1 - $t0" | bc) s"
}

measure() { # measure BACKEND DB
  cur=$1 db=$2
  fill "$cur" "$db"
  start_server "$db"
  local clin r1 a1 cookies=() i
  # the first request opens the pool's first store handle: sg_store_open brings every
  # athlete's summaries to the current version first (docs/scale.md "Where it stops")
  local t0 t1
  t0=$(date +%s.%N)
  clin=$(login clinician)
  t1=$(date +%s.%N)
  [ -n "$clin" ] || { echo "run.sh: clinician login failed" >&2; exit 1; }
  echo "first request after start ($cur, the clinician's login): $(echo "$t1 - $t0" | bc) s"
  for i in $(seq "$runners"); do cookies+=("$(login "$(printf 'runner-%04d' "$i")")"); done
  r1=${cookies[0]}
  a1=$(curl -s -b "sg_session=$r1" "$base/api/me" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["athlete_id"])')
  # cold: each runner's first analysis (no cache yet), then warm for wrk
  local lc=() cc=()
  for i in "${!cookies[@]}"; do
    lc+=("$(cold "${cookies[$i]}" /api/load)")
    cc+=("$(cold "${cookies[$i]}" /api/check)")
  done
  printf 'cold (%s, %d runners): /api/load s min/median/max %s; /api/check %s\n' "$cur" \
    "$runners" "$(printf '%s\n' "${lc[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1]"/"a[int((NR+1)/2)]"/"a[NR]}')" \
    "$(printf '%s\n' "${cc[@]}" | sort -n | awk '{a[NR]=$1} END {print a[1]"/"a[int((NR+1)/2)]"/"a[NR]}')"
  local sizes=""
  for p in /api/runs /api/load /api/check; do
    sizes="$sizes $p $(curl -s -b "sg_session=$r1" "$base$p" | wc -c) B;"
  done
  echo "bodies ($cur):$sizes"
  # one request at a time, warm: the service time that sizes a core's share
  local serial=""
  for p in /api/runs /api/load /api/check; do
    serial="$serial $p $(for _ in $(seq 15); do cold "$r1" "$p"; echo; done | sort -n |
      awk '{a[NR]=$1} END {printf "%.1f", 1000*a[int((NR+1)/2)]}') ms;"
  done
  echo "serial warm median of 15 ($cur):$serial"
  # the roster: its first request of the day computes every runner's row (the clinic's
  # first view after a restart or at midnight); then one runner's change recomputes one row
  # (a prehab entry on a random day of the history: a repeated run seldom posts a duplicate,
  # and a 409 is printed when it does)
  local rc0 rc1 rcs fresh
  # a day no earlier run computed (today's rows may be cached from a previous run on --dir)
  fresh=$(date -u -d "@$(( $(date +%s) + 86400 * (1 + $(date +%s) % 997) ))" +%F)
  rc0=$(cold "$clin" "/api/clinic/roster?today=$fresh")
  rc1=$(cold "$clin" "/api/clinic/roster?today=$fresh")
  local hdr=$dir/login-headers jcookie jcsrf
  jcsrf=$(curl -s -D "$hdr" -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"runner-0001\",\"password\":\"$pw\"}" "$base/api/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
  jcookie=$(sed -n 's/^Set-Cookie: sg_session=\([0-9a-f]*\);.*/\1/ip' "$hdr" | tr -d '\r')
  echo "journal entry for the roster's change: HTTP $(curl -s -o /dev/null -w '%{http_code}' \
    -b "sg_session=$jcookie" -H "X-CSRF-Token: $jcsrf" -H 'Content-Type: application/json' \
    -H "Origin: $base" --data-binary '{"kind":"prehab","date":"'"$(date -u -d "$end - $((RANDOM % 700)) days" +%F)"'","exercise":"side_plank"}' \
    "$base/api/journal")"
  rcs=$(cold "$clin" "/api/clinic/roster?today=$fresh")
  echo "roster ($cur, $athletes runners): first of the day ${rc0} s, next ${rc1} s," \
    "after one runner's journal entry ${rcs} s; serial warm median of 15" \
    "$(for _ in $(seq 15); do cold "$clin" "/api/clinic/roster?today=$fresh"; echo; done | sort -n |
       awk '{a[NR]=$1} END {printf "%.1f", 1000*a[int((NR+1)/2)]}') ms"
  echo "| backend    | conns | endpoint                           | req/s     | p50 ms   | p99 ms   | max ms   | requests  | errors |"
  echo "|------------|------:|------------------------------------|----------:|---------:|---------:|---------:|----------:|-------:|"
  if [ "$(status "$clin" /api/clinic/roster)" = 200 ]; then
    bench "roster (clinician)" "$clin" /api/clinic/roster
  else
    echo "| $cur | roster: GET /api/clinic/roster answers $(status "$clin" /api/clinic/roster) on this branch, skipped | | | | | | | |"
  fi
  for p in /api/runs /api/load /api/check; do bench "$p (runner)" "$r1" "$p"; done
  if [ "$(status "$clin" "/api/runs?athlete=$a1")" = 200 ]; then
    for p in /api/runs /api/load /api/check; do
      bench "$p?athlete=ID (clinician)" "$clin" "$p?athlete=$a1"
    done
  else
    echo "| $cur | clinician ?athlete=ID: $(status "$clin" "/api/runs?athlete=$a1") on this branch, skipped | | | | | | | |"
  fi
  # the mix: each request a random one of the K runners and the three routes
  {
    echo 'local cookies = {'
    printf '"%s",\n' "${cookies[@]}"
    echo '}'
    echo 'local paths = {"/api/runs", "/api/load", "/api/check"}'
    echo 'request = function()'
    echo '  local c = cookies[math.random(#cookies)]'
    echo '  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = "sg_session=" .. c})'
    echo 'end'
  } >"$dir/mix.lua"
  bench "mix: $runners runners x 3 routes" "" / "$dir/mix.lua"
  share_hook
  echo "load after ($cur): $(uptime | sed 's/.*load/load/')"
  kill "$srv"; wait "$srv" 2>/dev/null || true; srv=""
}

if [ "$backend" != sqlite ]; then
  if [ -f "$dir/pg.url" ] && psql "$(cat "$dir/pg.url")" -XAtqc 'SELECT 1' >/dev/null 2>&1; then
    url=$(cat "$dir/pg.url")
  else
    url=$(scripts/pg-test-cluster.sh start "$dir/pg")
    echo "$url" >"$dir/pg.url"
  fi
  measure postgresql "$url"
fi
if [ "$backend" != pg ]; then measure sqlite "$dir/scale.db"; fi
echo "results kept in $dir"
