#!/usr/bin/env bash
# The local server against a hostile web page, DNS rebinding, a LAN neighbour
# and a slowloris (docs/threat-model.md), over real sockets on loopback only:
#   1. a foreign, missing or repeated Host is refused before routing;
#   2. a cross-site write (text/plain, form-encoded, foreign Origin,
#      Sec-Fetch-Site: cross-site) is refused and the journal is unchanged;
#   3. every response carries the anti-framing and isolation headers;
#   4. a non-loopback listen (0.0.0.0, reached here through 127.0.0.1 only)
#      warns on stderr and answers the API only with the access token, which
#      /pair exchanges for an HttpOnly SameSite=Strict cookie;
#   5. 520 slow connections from 127.0.0.1 held for 30 s: every one of them is
#      cut at the header deadline, and a GET from 127.0.0.2 answers in < 1 s.
# Bounded: three short-lived servers, about 45 s in all.
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
. "$(dirname "$0")/lib/serve.sh"
need curl python3
t=$(mktemp -d "$SG_TMP/sec.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT

db="$t/sg.db"
"$SG_CLI" --db "$db" log pain --date 2026-01-10 --region lumbar --side central \
  --severity 3 --timing after >/dev/null

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails+1)); }

# start_server LOG ARGS...: starts `serve` (lib/serve.sh) on a free port,
# sets $port, its stderr in LOG.err
start_server() {
  local log=$1; shift
  serve_up --err "$log.err" "$log" --db "$db" serve --threads 2 "$@"
  pids+=("$srv")
}

# expect WANT DESCRIPTION CURL-ARGS...: the status of one request
expect() {
  local want=$1 what=$2; shift 2
  local got
  got=$(curl -s -o "$t/body" -D "$t/hdr" -w '%{http_code}' -m 5 "$@" || true)
  if [ "$got" = "$want" ]; then ok "$what -> $got"; else bad "$what: $got, expected $want: $(head -c 200 "$t/body")"; fi
}
# raw REQUEST: the status line of a hand-written request (for what curl
# cannot send: no Host at all, two Hosts)
raw() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%b' "$1" >&3
  local line; IFS= read -r -t 5 line <&3 || line="(no answer)"
  exec 3<&- 3>&-
  printf '%s' "${line%$'\r'}" | cut -d' ' -f2
}

# ---------------- 1. Host allowlist (DNS rebinding) ----------------
start_server "$t/s1.log"
b1=$base   # this server stays up for section 5; the later ones set $base anew
for p in /api/journal /api/runs /api/athlete /api/health / /app.js; do
  expect 421 "GET $p with Host: evil.example" -H 'Host: evil.example' "$base$p"
done
expect 421 "Host: evil.example:PORT" -H "Host: evil.example:$port" "$base/api/journal"
expect 421 "Host: 127.0.0.1 on another port" -H "Host: 127.0.0.1:1" "$base/api/journal"
expect 421 "Host: 127.0.0.1.evil.example" -H "Host: 127.0.0.1.evil.example:$port" "$base/api/journal"
expect 200 "Host: 127.0.0.1:PORT" "$base/api/journal"
expect 200 "Host: localhost:PORT" -H "Host: localhost:$port" "$base/api/journal"
expect 200 "Host: LOCALHOST:PORT (case)" -H "Host: LOCALHOST:$port" "$base/api/journal"
s=$(raw "GET /api/journal HTTP/1.0\r\n\r\n")
[ "$s" = 400 ] && ok "HTTP/1.0 without Host -> 400" || bad "HTTP/1.0 without Host: $s"
s=$(raw "GET /api/journal HTTP/1.1\r\nConnection: close\r\n\r\n")
[ "$s" = 400 ] && ok "HTTP/1.1 without Host -> 400" || bad "HTTP/1.1 without Host: $s"
s=$(raw "GET /api/journal HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
[ "$s" = 400 ] && ok "two Host headers -> 400" || bad "two Host headers: $s"
s=$(raw "GET /api/journal HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:$port\r\nConnection: close\r\n\r\n")
[ "$s" = 400 ] && ok "two Host headers, foreign first -> 400" || bad "two Host headers, foreign first: $s"

# ---------------- 2. cross-site writes ----------------
curl -s -m 5 "$base/api/journal" >"$t/journal.before"
entry='{"kind":"pain","date":"2026-01-11","region":"lumbar","side":"left","severity":10,"timing":"during"}'
expect 415 "cross-origin text/plain POST" -X POST -H "Origin: http://evil.example" \
  -H 'Content-Type: text/plain' --data-binary "$entry" "$base/api/journal"
expect 415 "text/plain POST without Origin" -H 'Content-Type: text/plain' --data-binary "$entry" "$base/api/journal"
expect 415 "form-encoded POST" --data "$entry" "$base/api/journal"
expect 415 "POST without Content-Type" -H 'Content-Type:' --data-binary "$entry" "$base/api/journal"
expect 415 "application/jsonx POST" -H 'Content-Type: application/jsonx' --data-binary "$entry" "$base/api/journal"
expect 403 "JSON POST from Origin evil.example" -H "Origin: http://evil.example" \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
expect 403 "JSON POST from Origin null" -H "Origin: null" \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
expect 403 "JSON POST from another port's Origin" -H "Origin: http://127.0.0.1:1" \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
expect 403 "JSON POST with Sec-Fetch-Site: cross-site" -H 'Sec-Fetch-Site: cross-site' \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
expect 403 "JSON POST with Sec-Fetch-Site: same-site" -H 'Sec-Fetch-Site: same-site' \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
expect 403 "PUT from Origin evil.example" -X PUT -H "Origin: http://evil.example" \
  -H 'Content-Type: application/json' --data-binary "$entry" "$base/api/journal"
curl -s -m 5 "$base/api/journal" >"$t/journal.after"
if cmp -s "$t/journal.before" "$t/journal.after"; then ok "journal unchanged by the refused writes"
else bad "journal changed: $(cat "$t/journal.after")"; fi
expect 201 "same-origin JSON POST (charset parameter)" -H "Origin: $base" -H 'Sec-Fetch-Site: same-origin' \
  -H 'Content-Type: application/json; charset=utf-8' --data-binary "$entry" "$base/api/journal"

# ---------------- 3. headers on every response ----------------
check_headers() {
  local what=$1 h
  for h in "Content-Security-Policy: .*frame-ancestors 'none'" "Content-Security-Policy: default-src 'self'" \
           "X-Frame-Options: DENY" "Referrer-Policy: no-referrer" \
           "Cross-Origin-Resource-Policy: same-origin" "X-Content-Type-Options: nosniff"; do
    grep -qi "^$h" "$t/hdr" || { bad "$what: no '$h'"; return; }
  done
  ok "$what: all security headers"
}
for p in / /app.js /favicon.svg /api/health /api/journal /api/nothing /missing.js; do
  curl -s -o /dev/null -D "$t/hdr" -m 5 "$base$p"; check_headers "GET $p"
done
curl -s -o /dev/null -D "$t/hdr" -m 5 -H 'Host: evil.example' "$base/"; check_headers "421"
curl -s -o /dev/null -D "$t/hdr" -m 5 -H 'Content-Type: text/plain' -d x "$base/api/journal"; check_headers "415"

# ---------------- 4. non-loopback listen: the access token ----------------
# Binds every interface (the honest way to be "non-loopback") but connects
# through 127.0.0.1 only: the server must then want the token from every client.
LISTEN=0.0.0.0 start_server "$t/s2.log"
b2="http://127.0.0.1:$port"
grep -qi 'warning.*every device' "$t/s2.log.err" && ok "stderr warns of the exposure" ||
  bad "no exposure warning on stderr: $(cat "$t/s2.log.err")"
tokfile="$db.serve-token"
[ -f "$tokfile" ] && [ "$(stat -c %a "$tokfile")" = 600 ] && ok "token file is 0600" ||
  bad "token file $tokfile missing or not 0600"
token=$(grep -o 'pair?token=[0-9a-f]*' "$t/s2.log" | head -n1 | cut -d= -f2 || true)
[ "${#token}" = 64 ] && [ "$token" = "$(cat "$tokfile")" ] && ok "pairing URL printed with the stored token" ||
  bad "no pairing URL with the token in: $(cat "$t/s2.log")"
for p in /api/journal /api/runs /api/athlete /api/health; do
  expect 401 "GET $p without the token" "$b2$p"
done
expect 401 "POST without the token" -H 'Content-Type: application/json' --data-binary "$entry" "$b2/api/journal"
# a wrong token: the last character changed (to 1 when it is 0, else 0: never the same token)
[ "${token: -1}" = 0 ] && wrong=${token%?}1 || wrong=${token%?}0
expect 401 "wrong token in the cookie" -b "sg_token_$port=$wrong" "$b2/api/journal"
expect 401 "wrong token at /pair" "$b2/pair?token=$wrong"
expect 401 "no token at /pair" "$b2/pair"
expect 200 "the dashboard page itself (no data) without the token" "$b2/"
expect 303 "GET /pair?token=TOKEN" "$b2/pair?token=$token"
grep -qi "^Location: /\s*$" "$t/hdr" && ok "redirect drops the token from the URL" || bad "redirect: $(cat "$t/hdr")"
cookie=$(grep -i '^Set-Cookie:' "$t/hdr" | tr -d '\r' || true)
case "$cookie" in
  *"sg_token_$port=$token"*HttpOnly*) ok "cookie is set and HttpOnly" ;;
  *) bad "cookie: $cookie" ;;
esac
case "$cookie" in *"SameSite=Strict"*) ok "cookie is SameSite=Strict" ;; *) bad "cookie not SameSite=Strict: $cookie" ;; esac
expect 200 "GET /api/journal with the cookie" -b "sg_token_$port=$token" "$b2/api/journal"
expect 200 "GET /api/journal with Authorization: Bearer" -H "Authorization: Bearer $token" "$b2/api/journal"
expect 421 "the token does not excuse a foreign Host" -H 'Host: evil.example' -b "sg_token_$port=$token" "$b2/api/journal"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
# the same token on the next start
LISTEN=0.0.0.0 start_server "$t/s3.log"
grep -q "pair?token=$token" "$t/s3.log" && ok "the token survives a restart" || bad "token changed on restart"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
# loopback with --require-token
start_server "$t/s4.log" --require-token
expect 401 "loopback --require-token: no token" "http://127.0.0.1:$port/api/journal"
expect 200 "loopback --require-token: bearer" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/journal"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# ---------------- 5. 520 slow connections ----------------
base=$b1
port=${base##*:}
if ! curl -s -o /dev/null -m 2 --interface 127.0.0.2 "$base/api/health"; then
  bad "cannot reach the server from 127.0.0.2 even before the slow connections"
else
  python3 - "$port" <<'PY' || fails=$((fails+1))
import socket, subprocess, sys, time
port = int(sys.argv[1])
N, HOLD, DRIP = 520, 16.0, 10.0   # HOLD: past the 10 s head deadline and the reopened cohort
req = b"GET /api/journal HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 64
socks = {}          # fd -> [socket, opened_at, bytes_sent, next_drip]
lifetimes = []
t0 = time.monotonic()
def opensock():
    s = socket.socket(); s.setblocking(False)
    try: s.connect(("127.0.0.1", port))
    except BlockingIOError: pass
    except OSError: s.close(); return
    now = time.monotonic()
    socks[s.fileno()] = [s, now, 0, now]
for _ in range(N): opensock()
probes = [1.0, 5.0, 9.0, 11.0, 13.0, 15.0]
bad = []
last_reopen = 0.0
while True:
    now = time.monotonic(); el = now - t0
    if el >= HOLD: break
    for fd, st in list(socks.items()):          # drip one byte every DRIP s
        s, opened, sent, nxt = st
        if now >= nxt:
            try:
                s.send(req[sent % len(req):sent % len(req) + 1]); st[2] += 1; st[3] = now + DRIP
            except BlockingIOError: st[3] = now + 0.2
            except OSError: lifetimes.append(now - opened); s.close(); del socks[fd]; continue
        try:
            if s.recv(1, socket.MSG_PEEK) == b"":
                lifetimes.append(now - opened); s.close(); del socks[fd]
        except (BlockingIOError, InterruptedError): pass
        except OSError: lifetimes.append(now - opened); s.close(); del socks[fd]
    if len(socks) < N and now - last_reopen >= 2.0:   # the attacker comes back
        last_reopen = now
        for _ in range(N - len(socks)): opensock()
    if probes and el >= probes[0]:
        probes.pop(0)
        r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-m", "5", "--interface", "127.0.0.2",
                            "-w", "%{http_code} %{time_total}", f"http://127.0.0.1:{port}/api/health"],
                           capture_output=True, text=True)
        code, secs = (r.stdout.split() + ["000", "9"])[:2]
        line = f"t={el:4.1f}s GET from 127.0.0.2 -> {code} in {float(secs):.3f} s"
        if code != "200" or float(secs) >= 1.0: bad.append(line); print("FAIL " + line)
        else: print("ok   " + line)
    time.sleep(0.05)
now = time.monotonic()
ages = [now - st[1] for st in socks.values()]
longest = max(lifetimes + ages)
held = [x for x in lifetimes if x > 1.0]
print(f"     {len(lifetimes)} slow connections closed by the server, {len(held)} of them after "
      f"being held; longest lived {longest:.1f} s")
if not held: bad.append("no slow connection was ever accepted and then cut")
if longest > 13.0: bad.append(f"a slow connection lived {longest:.1f} s (header deadline 10 s)")
for st in socks.values(): st[0].close()
for b in bad[-2:]: print("FAIL " + b)
sys.exit(1 if bad else 0)
PY
fi
expect 200 "still serving after the slow connections" "$base/api/health"

echo "server_security: $fails failure(s)"
[ "$fails" -eq 0 ]
