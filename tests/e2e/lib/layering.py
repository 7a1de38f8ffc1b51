#!/usr/bin/env python3
"""The include rules of docs/architecture.md ("Include rules"), checked.

usage: layering.py ROOT [LIBRARY.a]

Reads from ROOT/docs/architecture.md: the table of which folder of src/ may
include which, the layer of each public header in include/strideguard/, and
the known exceptions (includes and symbols that issue #14 is to remove).
Fails (exit 1, one line per finding) on:
  - an include of a project header ("layer/x.h" or "strideguard/x.h") from a
    src/ folder that may not use that layer, unless it is a known exception;
  - a known exception that no longer occurs (the list must stay true);
  - with LIBRARY.a: an external symbol defined by the library without the
    sg_ prefix, unless it is a known exception.
"""
import os
import re
import subprocess
import sys


def section(text, title):
    m = re.search(r"^#+ " + re.escape(title) + r"\s*$(.*?)(?=^#+ |\Z)", text, re.M | re.S)
    if not m:
        sys.exit(f"layering: docs/architecture.md has no section '{title}'")
    return m.group(1)


def main():
    root = sys.argv[1]
    lib = sys.argv[2] if len(sys.argv) > 2 else None
    doc = open(os.path.join(root, "docs/architecture.md"), encoding="utf-8").read()
    rules = {}
    for line in section(doc, "Include rules").splitlines():
        m = re.match(r"\|\s*`src/(\w+)`\s*\|\s*([^|]*)\|", line)
        if m:
            rules[m.group(1)] = {w.strip(" `") for w in m.group(2).split(",") if w.strip(" `")}
    public = {}
    for line in section(doc, "Public headers").splitlines():
        m = re.match(r"-\s*(\w+):\s*(.*)$", line)
        if m:
            for h in re.findall(r"`(\w+)\.h`", m.group(2)):
                public[h] = m.group(1)
    exc_inc, exc_sym = set(), set()
    for line in section(doc, "Known exceptions").splitlines():
        m = re.match(r"-\s*`(src/[\w/.]+)` includes `([\w/.]+)`", line)
        if m:
            exc_inc.add((m.group(1), m.group(2)))
        m = re.match(r"-\s*symbol `(\w+)`", line)
        if m:
            exc_sym.add(m.group(1))
    if not rules or not public:
        sys.exit("layering: the rule tables in docs/architecture.md are empty")

    bad, seen = [], set()
    inc = re.compile(r'^\s*#\s*include\s+"(\w+)/(\w+)\.h"', re.M)
    for layer in sorted(os.listdir(os.path.join(root, "src"))):
        d = os.path.join(root, "src", layer)
        if not os.path.isdir(d):
            continue
        if layer not in rules:
            bad.append(f"src/{layer}/: a folder without a rule in docs/architecture.md")
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith((".c", ".h")):
                continue
            rel = f"src/{layer}/{f}"
            text = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            for top, name in inc.findall(text):
                target = public.get(name) if top == "strideguard" else top
                if target is None:
                    bad.append(f"{rel}: includes strideguard/{name}.h, a public header with no layer")
                    continue
                if target == layer or target in rules[layer]:
                    continue
                key = (rel, f"{top}/{name}.h")
                if key in exc_inc:
                    seen.add(key)
                    continue
                bad.append(f"{rel}: includes {top}/{name}.h ({target}), which src/{layer} may not use")
    for rel, h in sorted(exc_inc - seen):
        bad.append(f"known exception gone: {rel} no longer includes {h}: remove it from docs/architecture.md")

    if lib:
        out = subprocess.run(["nm", "-g", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
        syms = set()
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBR":
                syms.add(p[2])
        for s in sorted(syms):
            if not s.startswith("sg_") and s not in exc_sym:
                bad.append(f"symbol {s}: external without the sg_ prefix (make it static or prefix it)")
        for s in sorted(exc_sym - syms):
            bad.append(f"known exception gone: symbol {s}: remove it from docs/architecture.md")

    for b in bad:
        print("layering:", b)
    if not bad:
        print("layering: ok")
    return 1 if bad else 0


sys.exit(main())
