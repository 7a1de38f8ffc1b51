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
    sg_ prefix, unless it is a known exception;
  - a circle of files: src/ files that, through the functions each defines
    and the others call (or name), depend on each other round a loop, unless
    it is a known exception ("- circle `src/a.c` `src/b.c`": the files of the
    loop, in any order). The shared helpers of such a family belong in a
    module of their own that every side uses.
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


COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)
DEFN = re.compile(r"^(?!static\b)[A-Za-z_][\w \t*]*?\b(sg_\w+)\s*\([^;{}]*\)\s*\{", re.M)
DATA = re.compile(r"^(?!static\b|extern\b)[A-Za-z_][\w \t*]*?\b(sg_\w+)\s*(?:\[[^\]]*\])?\s*=", re.M)
IDENT = re.compile(r"\bsg_\w+\b")


def circles(root):
    """Strongly connected groups of two or more src/*.c files, each as a list
    in a loop order: file a depends on file b when a names a function that b
    defines (a function or a table, not static). Comments and string literals are left out."""
    texts, defs = {}, {}
    src = os.path.join(root, "src")
    for layer in sorted(os.listdir(src)):
        d = os.path.join(src, layer)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".c"):
                rel = f"src/{layer}/{f}"
                text = COMMENT.sub(" ", open(os.path.join(d, f), encoding="utf-8", errors="replace").read())
                texts[rel] = text
                for name in DEFN.findall(text) + DATA.findall(text):
                    defs.setdefault(name, rel)
    graph = {f: sorted({defs[n] for n in IDENT.findall(t) if n in defs and defs[n] != f})
             for f, t in texts.items()}
    # Tarjan's strongly connected components, iteratively
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter[0]
                counter[0] += 1
                stack.append(v)
                on.add(v)
            if i < len(graph[v]):
                work.append((v, i + 1))
                w = graph[v][i]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(loop(sorted(comp), graph))
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
    return out


def loop(comp, graph):
    """A shortest loop through comp[0] (its files in the order of the edges)
    and the rest of comp, as (loop, rest)."""
    members, first = set(comp), comp[0]
    prev, queue = {first: None}, [first]
    while queue:
        v = queue.pop(0)
        for w in graph[v]:
            if w == first:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                path.reverse()
                return path, [f for f in comp if f not in path]
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    return comp, []


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
    exc_inc, exc_sym, exc_circle = set(), set(), set()
    for line in section(doc, "Known exceptions").splitlines():
        m = re.match(r"-\s*circle\s+((?:`src/[\w/.]+`\s*)+)", line)
        if m:
            exc_circle.add(frozenset(re.findall(r"`(src/[\w/.]+)`", m.group(1))))
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

    seen_circles = set()
    for comp in circles(root):
        key = frozenset(comp[0] + comp[1])
        if key in exc_circle:
            seen_circles.add(key)
            continue
        path, rest = comp
        more = f" (and {', '.join(rest)} in the same circle)" if rest else ""
        bad.append("circle of files: " + " -> ".join(path + [path[0]]) + more +
                   ": move what they share into a module of its own")
    for key in sorted(exc_circle - seen_circles, key=sorted):
        bad.append(f"known exception gone: circle {' '.join(sorted(key))}: remove it from docs/architecture.md")

    for b in bad:
        print("layering:", b)
    if not bad:
        print("layering: ok")
    return 1 if bad else 0


sys.exit(main())
