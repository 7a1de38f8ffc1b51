#!/usr/bin/env bash
# `report` over the demo database: one self-contained HTML file that an HTML
# parser can walk, with every section and at least three SVG figures, nothing
# pointing outside the file, escaped journal notes, the --json summary,
# stdout output, the red-flag screen's status (never "nothing flagged") and
# the OSTRC-O2 weeks, and the failure paths (usage errors exit 2, an unwritable
# output exits 1 with one line and leaves nothing behind).
set -euo pipefail
: "${SG_CLI:?}" "${SG_TMP:?}"
. "$(dirname "$0")/lib/need.sh"
need python3
t=$(mktemp -d "$SG_TMP/report.XXXXXX")
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sg() { "$SG_CLI" --db "$t/demo/demo.db" "$@"; }

"$SG_CLI" demo --no-serve --dir "$t/demo" --today 2026-03-01 > /dev/null
sg log pain --region lumbar --side left --severity 5 --date 2026-02-20 --timing during \
  --note '<script>alert("x")</script> & ok' --today 2026-03-01 > /dev/null
sg log pain --region sacroiliac --side right --severity 3 --date 2026-02-26 --radiates \
  --today 2026-03-01 > /dev/null
sg log prehab side_plank --date 2026-02-25 --today 2026-03-01 > /dev/null
sg log ostrc --area lower_back --answers 2,2,1,2 --date 2026-02-22 --today 2026-03-01 > /dev/null
sg log ostrc --area lower_back --answers 0,-,-,- --date 2026-03-01 --today 2026-03-01 > /dev/null

# the default file name, in the current folder
(cd "$t" && sg report --today 2026-03-01 > "$t/out.txt")
f="$t/strideguard-report-2026-03-01.html"
[ -s "$f" ] || fail "default output file missing: $(ls "$t")"
grep -q "^wrote strideguard-report-2026-03-01.html" "$t/out.txt" || fail "$(cat "$t/out.txt")"

# --json summary
sg report --today 2026-03-01 -o "$t/r.html" --json > "$t/r.json"
python3 - "$t/r.json" "$t/r.html" <<'PY'
import json, os, sys
j = json.load(open(sys.argv[1]))
assert j["path"] == sys.argv[2], j
assert j["bytes"] == os.path.getsize(sys.argv[2]), j
assert j["weeks"] == 8 and j["from"] == "2026-01-05" and j["to"] == "2026-03-01", j
assert j["sections"] == ["header", "triage", "journal", "ostrc", "load", "runs", "prehab",
                         "imu", "footer"], j
PY

# a parser can walk it; sections, figures, nothing external, no script
python3 - "$t/r.html" <<'PY'
import html.parser, re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
VOID = {"meta", "br", "rect", "line", "path"}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.tags, self.bad = [], set(), {}, []
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("src", "href", "xlink:href", "action", "srcset"):
            if k in a:
                self.bad.append((tag, k, a[k]))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:], self.getpos())
        self.stack.pop()
p = P()
p.feed(doc)
p.close()
assert not p.stack, p.stack
assert not p.bad, p.bad
for s in ["header", "triage", "journal", "ostrc", "load", "runs", "prehab", "imu", "footer"]:
    assert s in p.ids, s
assert p.tags.get("svg", 0) >= 3, p.tags.get("svg")
assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags, p.tags
assert "http://" not in doc and "https://" not in doc
assert "url(" not in doc and "@import" not in doc
assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ok" in doc
assert "Simulated demo data" in doc
assert "@media print" in doc
for text in ["Triage status", "Pain journal", "Training load", "Runs in the period", "Prehab",
             "Single-run distance spikes", "Acute:chronic", "Taper and race readiness",
             "If in doubt, get checked", "it does not diagnose or treat"]:
    assert text in doc, text
assert len(doc) < 400_000, len(doc)
# the screen: never answered, every question listed as open, no reassurance
assert "The red-flag questions have never been answered." in doc
assert "questions not yet answered" in doc
assert not re.search(r"nothing flagged|no warning sign in what was logged", doc, re.I)
# OSTRC-O2: two lower-back weeks (53, a substantial problem; 0), hips not recorded
o = doc[doc.index('<section id="ostrc">'):]
o = o[:o.index("</section>")]
assert "OSTRC-O2" in o and "Clarsen" in o, o[:300]
assert '<td class="n">53</td><td class="sub">substantial problem</td>' in o, o
assert '<td class="n">0</td><td>&ndash;</td>' in o, o
assert "Hips or groin: not recorded in the period." in o
assert o.count("<svg") == 1
PY


# -o - writes the same document to stdout
sg report --today 2026-03-01 -o - > "$t/stdout.html"
cmp -s "$t/stdout.html" "$t/r.html" || fail "-o - differs from the file"
# --weeks changes the period
sg report --today 2026-03-01 --weeks 2 -o "$t/w2.html" --json | grep -q '"from":"2026-02-16"' \
  || fail "--weeks 2 period"

# usage errors: exit 2, one line, nothing written
usage() {
  set +e
  sg "$@" > "$t/out" 2> "$t/err"; rc=$?
  set -e
  [ $rc = 2 ] || fail "'$*' should exit 2, got $rc"
  [ "$(wc -l < "$t/err")" = 1 ] || fail "'$*' stderr: $(cat "$t/err")"
  grep -q "^strideguard: " "$t/err" || fail "'$*' stderr: $(cat "$t/err")"
}
usage report --weeks 0 -o "$t/u.html"
usage report --weeks 105 -o "$t/u.html"
usage report --weeks x -o "$t/u.html"
usage report --today 2026-02-30 -o "$t/u.html"
usage report --today soon -o "$t/u.html"
usage report --bogus
usage report -o
usage report -o - --json
[ ! -e "$t/u.html" ] || fail "a usage error wrote a file"

# an unwritable output: exit 1, one line naming it, no file and no temp left
set +e
sg report --today 2026-03-01 -o "$t/missing/dir/r.html" > "$t/out" 2> "$t/err"; rc=$?
set -e
[ $rc = 1 ] || fail "unwritable -o: exit $rc"
[ "$(wc -l < "$t/err")" = 1 ] || fail "unwritable -o stderr: $(cat "$t/err")"
grep -q "missing/dir/r.html" "$t/err" || fail "error does not name the file: $(cat "$t/err")"
[ ! -e "$t/missing" ] || fail "something was created"
# a failing write does not replace an existing report
cp "$t/r.html" "$t/keep.html"
mkdir "$t/ro"
cp "$t/r.html" "$t/ro/r.html"
chmod 555 "$t/ro"
if [ "$(id -u)" != 0 ]; then
  set +e
  sg report --today 2026-03-01 --weeks 1 -o "$t/ro/r.html" 2> /dev/null; rc=$?
  set -e
  [ $rc = 1 ] || fail "read-only folder: exit $rc"
  cmp -s "$t/ro/r.html" "$t/keep.html" || fail "failed write changed the old report"
fi
chmod 755 "$t/ro"

# a broken database: exit 1, one line
printf 'not a database %.0s' $(seq 100) > "$t/broken.db"
set +e
"$SG_CLI" --db "$t/broken.db" report -o "$t/b.html" > /dev/null 2> "$t/err"; rc=$?
set -e
[ $rc = 1 ] || fail "broken db: exit $rc"
[ "$(wc -l < "$t/err")" = 1 ] || fail "broken db stderr: $(cat "$t/err")"
[ ! -e "$t/b.html" ] || fail "broken db wrote a report"

# an empty database still gives a whole report
"$SG_CLI" --db "$t/empty.db" report --today 2026-03-01 -o "$t/e.html" > /dev/null
grep -q "No runs stored in the period" "$t/e.html" || fail "empty report"
grep -q "OSTRC-O2 not recorded in the period" "$t/e.html" || fail "empty report: OSTRC-O2"
# answers stored on the dashboard or with check count in the report
sg check --no fever --today 2026-03-01 < /dev/null > /dev/null
sg report --today 2026-03-01 -o "$t/answered.html" > /dev/null
grep -q "Red-flag questions last answered on 2026-03-01" "$t/answered.html" ||
  fail "stored answers not in the report's triage section"
echo ok
