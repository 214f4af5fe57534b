#!/usr/bin/env python3
# What creating one small file costs in a folder, without the JVM or astrocache: n times open
# (O_CREAT|O_EXCL), write 700 B, close, rename, as the file store writes an entry. Run it beside
# a miss benchmark and record its figure: on ext4 without a journal a new inode is found by
# scanning past every inode freed in the folder's block group in the last 5-10 s (the kernel's
# find_inode_bit/recently_deleted), so other processes' deletions can make this 20x dearer.
#   benchmarks/tools/create-cost.py /tmp/some-new-folder 3000   # then delete the folder
import os, sys, time
d = sys.argv[1]; n = int(sys.argv[2]); os.makedirs(d, exist_ok=True)
t0 = time.perf_counter(); c0 = time.thread_time()
for i in range(n):
    p = f"{d}/x{i}.tmp"
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600); os.write(fd, b"x" * 700); os.close(fd)
    os.rename(p, f"{d}/x{i}")
print(d, "wall %.1f us cpu %.1f us per create" % ((time.perf_counter() - t0) / n * 1e6, (time.thread_time() - c0) / n * 1e6))
