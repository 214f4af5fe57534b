#!/usr/bin/env python3
"""Groups class loads by the innermost dev.astrocache frame on the Java stack (JDK 25's
-XX:LogClassLoadingCauseFor=* -Xlog:class+load+cause). usage: cause.py LOG [BARE_CLASS_LIST] [depth]"""
import re, sys, collections
log = sys.argv[1]
bare = set()
if len(sys.argv) > 2 and sys.argv[2] != '-':
    for l in open(sys.argv[2]):
        p = l.split()
        if len(p) > 1: bare.add(p[1])
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
loads = []
cur = None
for l in open(log):
    if ',native' in l: continue
    m = re.search(r'Java stack when loading (\S+):', l)
    if m:
        cur = [m.group(1).rstrip(':'), []]; loads.append(cur); continue
    m = re.search(r'\tat (\S+)\(', l)
    if m and cur: cur[1].append(m.group(1))
groups = collections.defaultdict(list)
for name, st in loads:
    if name in bare: continue
    ours = [f for f in st if f.startswith('dev.astrocache') ]
    key = ' < '.join(ours[:depth]) if ours else ('(no astrocache frame) ' + (st[0] if st else '-'))
    groups[key].append(name)
tot = sum(len(v) for v in groups.values())
print('total not in bare:', tot)
for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1])):
    print(f'{len(v):5d} {k}')
    if '-v' in sys.argv: print('        ' + ' '.join(v[:40]))
