# Sourced by the tests that run npm packages (lib/browser.sh, ics_validate.sh;
# this folder is not a test). Needs lib/need.sh.
#   npm_ready DIR PACKAGE
# installs DIR's pinned packages (npm ci from DIR/package-lock.json) unless
# DIR/node_modules/PACKAGE is there and the lock file has not changed since.
# CTest runs tests in parallel and npm ci first deletes node_modules, so one
# installer at a time (flock on DIR/.npm-install.lock, gitignored) and the
# others wait for its result. A failed install is tried once more after 5 s;
# then it is a failure that shows the first lines of npm's error.
npm_ready() {
  local dir=$1 pkg=$2
  need npm flock
  (
    flock 9
    ready() { [ -d "$dir/node_modules/$pkg" ] &&
              ! [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; }
    ready && exit 0
    log=$(mktemp) && trap 'rm -f "$log"' EXIT
    for try in 1 2; do
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 && ready && exit 0
      [ $try = 1 ] && sleep 5
    done
    echo "FAIL: npm ci in $dir failed twice (is the npm registry reachable?); npm said:"
    head -n 4 "$log" | sed 's/^/  npm: /'
    exit 1
  ) 9>"$dir/.npm-install.lock"
}
