#!/usr/bin/env python3
"""Renders the suite's JMH JSON (benchmarks/suite.sh) as suite.md (tables of times and ratios)
and suite.svg (the warm hits by value and peer), in the same folder.

    python3 benchmarks/render.py benchmarks/results/suite-jdk17-2026-12-02-short
"""
import html
import json
import math
import os
import re
import sys

VALUES = [("bytes100", "`byte[]` 100 B"), ("bytes10k", "`byte[]` 10 KiB"),
          ("bytes1m", "`byte[]` 1 MiB"), ("bytes10m", "`byte[]` 10 MiB"),
          ("string100k", "`String` 100 KiB, non-ASCII"), ("list100", "`List<Integer>` of 100")]
PEERS = [("astrocache", "astrocache"), ("ehcache", "Ehcache 3.12 disk tier"),
         ("floor", "floor (SHA-256 + `readAllBytes` + `java.io`)"),
         ("caffeine", "Caffeine (memory, no copy)"), ("joblib", "joblib.Memory (Python)")]
COLORS = {"astrocache": "#1f77b4", "ehcache": "#d62728", "floor": "#7f7f7f", "caffeine": "#2ca02c",
          "joblib": "#ff7f0e"}
HASH_BYTES = 16 << 20


def load(folder, name):
    path = os.path.join(folder, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else []


def scores(runs, *params):
    """{(param values...): (score, error, unit)} of each run."""
    out = {}
    for r in runs:
        key = tuple(r["params"].get(p) for p in params) if params else (r["benchmark"],)
        m = r["primaryMetric"]
        out[key] = (m["score"], m["scoreError"], m["scoreUnit"])
    return out


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if x >= 100:
        return "{:,.0f}".format(x)
    if x >= 10:
        return "{:.1f}".format(x)
    if x >= 0.1:
        return "{:.2f}".format(x)
    return "{:.3f}".format(x)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def hit_table(runs, title):
    s = scores(runs, "value", "peer")
    if not s:
        return [], {}
    peers = [(p, label) for p, label in PEERS if any(k[1] == p for k in s)]
    lines = ["**" + title + "** (µs per hit; ratio < 1: astrocache is faster)", "",
             "| value | " + " | ".join(label for _, label in peers)
             + " | astrocache / Ehcache | astrocache / floor |",
             "|---|" + "---|" * (len(peers) + 2)]
    table = {}
    for v, label in VALUES:
        row = {p: s.get((v, p), (None,))[0] for p, _ in peers}
        if all(x is None for x in row.values()):
            continue
        table[v] = row
        re_, rf = ratio(row["astrocache"], row["ehcache"]), ratio(row["astrocache"], row["floor"])
        target_f = 0.4 if v == "list100" else 1.0
        mark = lambda r, t: "-" if r is None else fmt(r) + ("x" if r <= t else "x (target <= " + fmt(t) + ")")
        lines.append("| " + label + " | " + " | ".join(fmt(row[p]) for p, _ in peers) + " | "
                     + mark(re_, 0.8) + " | " + mark(rf, target_f) + " |")
    return lines + [""], table


def dropped_shares(log):
    """From PeerMissBenchmark's log: per (peer, work), the share of misses whose entry was dropped
    (a full write-behind queue, writes.full=drop), over all its iterations, warm-up included."""
    shares, key, counts = {}, None, {}
    if not os.path.exists(log):
        return shares
    for line in open(log, errors="replace"):
        m = re.search(r"# Parameters: \(peer = ([^,]+), work = (\d+)\)", line)
        if m:
            key = (m.group(1), m.group(2))
            continue
        m = re.search(r"astrocache: (\d+) misses, (\d+) stored, (\d+) dropped", line)
        if m and key:
            c = counts.setdefault(key, [0, 0])
            c[0] += int(m.group(1))
            c[1] += int(m.group(3))
    for k, (misses, dropped) in counts.items():
        if misses:
            shares[k] = dropped / misses
    return shares


def miss_table(runs, log=""):
    """PeerMissBenchmark: each peer's time less the computation alone ("none") at the same work."""
    s = scores(runs, "peer", "work")
    drops = dropped_shares(log)
    if not s:
        return []
    works = sorted({k[1] for k in s}, key=lambda w: int(w or 0))
    names = {"0": "back to back (the disk writer bounds it)", None: "back to back"}
    lines = ["**Miss overhead** (µs per call with a new key, the computation alone subtracted;"
             " `List<Integer>` of 100)", "",
             "| misses | computation alone | astrocache (`writes=behind`, default: drops when the"
             " queue is full) | entries dropped | astrocache (`writes.full=inline`: the caller writes"
             " when it is full) | astrocache (`writes=inline`) | astrocache (`inline`,"
             " `durability=force`, before) | Ehcache put | astrocache / Ehcache | inline / behind |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for w in works:
        none = s.get(("none", w), (None,))[0]
        over = lambda p: None if s.get((p, w)) is None or none is None else s[(p, w)][0] - none
        a, i, f, e = over("astrocache"), over("astrocache-inline"), over("astrocache-force"), over("ehcache")
        fi = over("astrocache-full-inline")
        d = drops.get(("astrocache", w))
        r = ratio(a, e)
        label = names.get(w, "one every {} tokens of `Blackhole.consumeCPU` (~{} µs)".format(
            w, fmt(none) if none is not None else "?"))
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            label, fmt(none), fmt(a), "-" if d is None else "{:.0f}%".format(100 * d), fmt(fi),
            fmt(i), fmt(f), fmt(e),
            "-" if r is None else fmt(r) + "x" + ("" if r <= 2 else " (target <= 2x)"),
            "-" if ratio(i, a) is None else fmt(ratio(i, a)) + "x"))
    return lines + ["", "A negative overhead is within the noise of the computation measured"
                    " beside it. Entries dropped: the share of the default arm's misses not stored"
                    " because the writer's queue was full (from `miss.log`); each is a miss again"
                    " on its next call.", ""]


def main(folder):
    md = ["<!-- rendered by benchmarks/render.py from the JMH JSON in this folder -->", ""]
    machine = os.path.join(folder, "machine.txt")
    if os.path.exists(machine):
        md += ["Machine: " + "; ".join(l.strip() for l in open(machine) if l.strip()), ""]
    load_txt = os.path.join(folder, "load.txt")
    if os.path.exists(load_txt):
        md += ["Load before each run (`uptime`):", ""]
        md += ["    " + l.rstrip() for l in open(load_txt) if l.strip()] + [""]
    lines, hits = hit_table(load(folder, "hit") + load(folder, "joblib"), "Warm hit, 1 thread")
    md += lines
    lines, _ = hit_table(load(folder, "hit-2threads"), "Warm hit, 2 threads (time per hit of each thread)")
    md += lines
    md += miss_table(load(folder, "miss"), os.path.join(folder, "miss.log"))
    hashes = scores(load(folder, "hash"), "kind")
    if hashes:
        md += ["**Hashing a 16 MiB argument** (a hit on a method taking it; target >= 1 GB/s)", "",
               "| argument | ms per hit | GB/s |", "|---|---|---|"]
        names = {"bytes": "`byte[]`", "ints": "`int[]`", "longs": "`long[]`", "ascii": "`String`, ASCII",
                 "text": "`String`, non-ASCII", "sha256": "SHA-256 of 16 MiB alone (the least a content key costs)"}
        for k in ["bytes", "ints", "longs", "ascii", "text", "sha256"]:
            if (k,) in hashes:
                ms = hashes[(k,)][0]
                md.append("| {} | {} | {} |".format(names[k], fmt(ms), fmt(HASH_BYTES / (ms / 1000) / 1e9)))
        md.append("")
    recheck = scores(load(folder, "recheck"), "recheck")
    if recheck:
        on = recheck.get(("0",), (None,))[0]
        off = recheck.get(("1s",), (None,))[0]
        md += ["**Redefinition recheck** (issue 11; warm hit of `List<Integer>` of 100, µs)", "",
               "| `recheck=1s` (default: a clock read per hit) | `recheck=0` (the check on every hit) | ratio |",
               "|---|---|---|", "| {} | {} | {} |".format(fmt(off), fmt(on),
                   "-" if ratio(on, off) is None else fmt(ratio(on, off)) + "x"), ""]
    with open(os.path.join(folder, "suite.md"), "w") as f:
        f.write("\n".join(md))
    if hits:
        with open(os.path.join(folder, "suite.svg"), "w") as f:
            f.write(svg(hits))


def svg(hits):
    """Grouped horizontal bars, one group per value, on a log scale of µs."""
    peers = [p for p, _ in PEERS if any(p in row for row in hits.values())]
    bar, gap, left, width = 14, 18, 230, 560
    present = [(v, label) for v, label in VALUES if v in hits]
    all_scores = [x for v, _ in present for x in hits[v].values() if x]
    lo = 10 ** math.floor(math.log10(min(all_scores)))
    hi = 10 ** math.ceil(math.log10(max(all_scores)))
    decades = max(1, round(math.log10(hi / lo)))
    x = lambda us: left + width * math.log10(us / lo) / decades
    height = 60 + len(present) * (len(peers) * bar + gap) + 40
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">'.format(left + width + 60, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14" font-weight="bold">Warm hit, µs per call (log scale, shorter is faster)</text>']
    for i, (p, label) in enumerate((p, l) for p, l in PEERS if p in peers):
        out.append('<rect x="{}" y="30" width="12" height="12" fill="{}"/><text x="{}" y="40">{}</text>'.format(
            10 + i * 160, COLORS[p], 26 + i * 160, html.escape(label.replace("`", "").split(" (")[0])))
    top = 60
    for d in range(decades + 1):
        us = lo * 10 ** d
        out.append('<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>'.format(x(us), top - 5, height - 30))
        out.append('<text x="{:.1f}" y="{}" text-anchor="middle" fill="#555">{}</text>'.format(x(us), height - 15, fmt(us)))
    y = top
    for v, label in present:
        out.append('<text x="{}" y="{}" text-anchor="end">{}</text>'.format(left - 8, y + len(peers) * bar / 2 + 4, html.escape(label.replace("`", ""))))
        for p in peers:
            us = hits[v].get(p)  # None where that peer has no figure
            if us:
                out.append('<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>'.format(left, y, max(1.0, x(us) - left), bar - 2, COLORS[p]))
                out.append('<text x="{:.1f}" y="{}" font-size="10" fill="#333">{}</text>'.format(x(us) + 3, y + bar - 4, fmt(us)))
            y += bar
        y += gap
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
