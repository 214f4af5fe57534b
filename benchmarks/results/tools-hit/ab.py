import collections,sys
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    p=l.split()
    if len(p)>=6 and p[5]=='us-cpu': d[(p[2],p[3],p[1])].append(float(p[4]))
vals=["bytes100","bytes10k","list100","string100k","bytes1m","bytes10m"]
avg=lambda x: sum(x)/len(x)
for v in vals:
    if not d[(v,'astrocache','NEW')]: continue
    eh=avg(d[(v,'ehcache','BASE')]+d[(v,'ehcache','NEW')]); fl=avg(d[(v,'floor','BASE')]+d[(v,'floor','NEW')])
    a0=avg(d[(v,'astrocache','BASE')]); a1=avg(d[(v,'astrocache','NEW')])
    print(f"{v:10s} base {a0:8.2f} new {a1:8.2f} new/base {a1/a0:.2f} | ehcache {eh:8.2f} floor {fl:8.2f} | new/eh {a1/eh:.2f} new/floor {a1/fl:.2f} (base/eh {a0/eh:.2f} base/floor {a0/fl:.2f})")
