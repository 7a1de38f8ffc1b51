# Sourced by the end-to-end tests (tests/e2e/*.sh; this folder is not a test):
#   need TOOL...   fails the test unless every TOOL is a command.
# A missing tool is a failure, never a skip: `scripts/deps.sh test` installs
# everything the tests use, and a test that skipped would count as passed.
# (The only allowed skip is an absent ../shared/data, said as such.)
need() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 ||
      { echo "FAIL: $t is not installed (scripts/deps.sh test installs it)" >&2; exit 1; }
  done
}
