#!/usr/bin/env bash
# Proves the README's two commands on a freshly bootstrapped Debian 12 root:
#   scripts/fresh-debian.sh           full: demo, then the whole scripts/test.sh
#   scripts/fresh-debian.sh --quick   CI: demo, then scripts/test.sh --quick
#                                     (the suite + fuzz corpus replay, no ASan)
# Each run: debootstrap bookworm (a new root every time; the downloaded .debs
# are cached as a tarball in $SG_FRESH_CACHE, default /var/cache/strideguard-fresh),
# give it the host's locally added CA certificates, add only git, `git clone`
# the current commit (not the work tree: commit first) with a read-only copy of
# ../shared beside it, then time `scripts/demo.sh --no-serve` and
# `scripts/test.sh` run inside it as root (chroot, like CI). The timings, date
# and commit replace this mode's section of docs/fresh-machine.md.
# Needs root. Exits 0 with a message, testing nothing, when the Debian
# registry does not answer. Logs: build-fresh/ in the checkout.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
mode=full; test_args=()
case "${1:-}" in
  --quick) mode=quick; test_args=(--quick) ;;
  "") ;;
  *) echo "usage: scripts/fresh-debian.sh [--quick]" >&2; exit 2 ;;
esac
say() { echo "fresh-debian: $*"; }
[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot, mount)" >&2; exit 2; }

# The host's Debian registry (same URIs as its apt sources)
sources=/etc/apt/sources.list.d/debian.sources
mirror=http://deb.debian.org/debian
if [ -f "$sources" ]; then
  m=$(awk '/^URIs:/ {for (i = 2; i <= NF; i++) if ($i !~ /security/) {print $i; exit}}' "$sources")
  [ -n "$m" ] && mirror=$m
fi
if ! curl -fsS --max-time 20 -o /dev/null "$mirror/dists/bookworm/Release"; then
  say "skipped: the Debian registry ($mirror) does not answer; nothing was tested"
  exit 0
fi
command -v debootstrap >/dev/null || {
  say "installing debootstrap on the host"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

commit=$(git -C "$src" rev-parse HEAD)
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
  say "note: uncommitted changes are not tested (the root gets a clone of $commit)"
logs=$src/build-fresh; mkdir -p "$logs"; rm -f "$logs"/*.log
cache=${SG_FRESH_CACHE:-/var/cache/strideguard-fresh}; mkdir -p "$cache"
arch=$(dpkg --print-architecture)
tarball=$cache/bookworm-$arch.tgz
root=$(mktemp -d /var/tmp/strideguard-fresh.XXXXXX)
chmod 755 "$root"   # a root file system is world-readable (apt drops to _apt)
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  # never delete through a mount that is still there
  if ! grep -q " $root" /proc/mounts; then rm -rf "$root"; else say "left $root (still mounted)"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mnt() { mount "$@"; mounts+=("${!#}"); }   # the mount point is the last argument

now() { date +%s; }
t0=$(now)
if [ ! -f "$tarball" ]; then
  say "downloading bookworm's packages into $tarball (once)"
  debootstrap --make-tarball="$tarball" bookworm "$root/tmp-dl" "$mirror" >"$logs/debootstrap-download.log" 2>&1
  rm -rf "$root/tmp-dl"
fi
say "bootstrapping a new bookworm root in $root"
debootstrap --unpack-tarball="$tarball" bookworm "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
  { tail -n 20 "$logs/debootstrap.log"; exit 1; }
t_boot=$(( $(now) - t0 ))

# apt: the host's sources and its validity settings (a dated snapshot
# mirror's Release files are older than their Valid-Until)
rm -f "$root/etc/apt/sources.list"
cp "$sources" "$root/etc/apt/sources.list.d/debian.sources"
if apt-config dump | grep -q 'Acquire::Check-Valid-Until "false"'; then
  echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99fresh-debian"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mnt -t proc proc "$root/proc"
mnt -t sysfs sysfs "$root/sys"
# /dev: debootstrap made the root's own device nodes; no bind of the host's
# /dev (a mount below a shared bind would propagate back to the host)
for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r n ma mi <<<"$d"
  [ -e "$root/dev/$n" ] || { mknod -m 666 "$root/dev/$n" c "$ma" "$mi"; }
done
mkdir -p "$root/dev/pts" "$root/dev/shm"
mnt -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mnt -t tmpfs -o mode=1777 shm "$root/dev/shm"

inroot() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash -c "$1"
}
t0=$(now)
say "adding git and the host's local CA certificates"
inroot 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq git >/dev/null' \
  >"$logs/git.log" 2>&1 || { tail -n 20 "$logs/git.log"; exit 1; }
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  inroot 'update-ca-certificates >/dev/null'
fi
# what `npm config set cafile ...` writes; npm itself arrives with scripts/deps.sh
echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >"$root/root/.npmrc"
t_git=$(( $(now) - t0 ))

# the checkout: a clone of the commit, and a read-only ../shared beside it
mkdir -p "$root/work"
git clone -q --no-checkout "$src" "$root/work/strideguard"
git -C "$root/work/strideguard" checkout -q --detach "$commit"
if [ -d "$src/../shared" ]; then
  cp -a "$src/../shared" "$root/work/shared"
  mnt --bind "$root/work/shared" "$root/work/shared"
  mount -o remount,bind,ro "$root/work/shared"
else
  say "note: $src/../shared is absent; the real-file tests will say they skipped"
fi

result=passed
run_step() { # name command: runs it in the root, timed, logged
  local name=$1 cmd=$2 s rc=0
  say "running $cmd (log: build-fresh/$name.log)"
  s=$(now)
  inroot "cd /work/strideguard && $cmd" >"$logs/$name.log" 2>&1 || rc=$?
  eval "t_$name=\$(( \$(now) - s ))"
  if [ $rc -ne 0 ]; then result="FAILED in $cmd (exit $rc)"; tail -n 40 "$logs/$name.log"; fi
  return $rc
}
run_step demo "scripts/demo.sh --no-serve" && run_step test "scripts/test.sh ${test_args[*]}" || true
t_demo=${t_demo:-0}; t_test=${t_test:-0}
summary=$(grep -E "tests passed|tests failed" "$logs/test.log" 2>/dev/null | tail -n2 | paste -sd';' - | sed 's/;/; /' || true)

mmss() { printf '%d min %02d s' $(($1 / 60)) $(($1 % 60)); }
section=$(cat <<EOF
<!-- fresh-debian:$mode -->
### Last $mode run

| | |
|---|---|
| date | $(date -u +'%Y-%m-%d %H:%M UTC') |
| commit | \`${commit:0:12}\` |
| host | $(nproc) cores (shared), Debian $(cat /etc/debian_version) |
| result | $result |
| debootstrap (new root, cached .debs) | $(mmss "$t_boot") |
| add git + CA certificates | $(mmss "$t_git") |
| \`scripts/demo.sh --no-serve\` | $(mmss "$t_demo") |
| \`$(echo scripts/test.sh "${test_args[@]}")\` | $(mmss "$t_test") |
| ctest summaries | ${summary:-none} |
<!-- /fresh-debian:$mode -->
EOF
)
doc=$src/docs/fresh-machine.md
[ -f "$doc" ] || printf '# Fresh machine\n' >"$doc"
if grep -q "^<!-- fresh-debian:$mode -->" "$doc"; then
  SECTION=$section MODE=$mode python3 - "$doc" <<'PY'
import os, re, sys
p, m = sys.argv[1], os.environ["MODE"]
s = open(p).read()
s = re.sub(r"<!-- fresh-debian:%s -->.*?<!-- /fresh-debian:%s -->" % (m, m),
           lambda _: os.environ["SECTION"], s, flags=re.S)
open(p, "w").write(s)
PY
else
  printf '\n%s\n' "$section" >>"$doc"
fi
say "$result: demo $(mmss "$t_demo"), test $(mmss "$t_test") (docs/fresh-machine.md updated)"
[ "$result" = passed ]
