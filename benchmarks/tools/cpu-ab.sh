#!/usr/bin/env bash
# Thread CPU time per call of a JMH benchmark's method, for two builds side by side in rotated
# rounds: on a machine loaded by other work (load 10+), wall-clock JMH scores swing 5x between
# iterations, while the CPU time of the calling thread stays within ~10% for large values. It
# leaves out the collector's threads and the cleaner's unmapping, so it is a check, not the
# suite's figure. Each of BASE and NEW is a checkout with `mvn -o test-compile
# dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test`.
#   BASE=/tmp/base NEW=. benchmarks/tools/cpu-ab.sh dev.astrocache.peers.PeerHitBenchmark \
#     value "bytes10k bytes1m bytes10m list100" peer "astrocache ehcache" 2
set -u
bench=$1 p=$2 vs=$3 p2=$4 v2s=$5 rounds=${6:-2}
tools=$(mktemp -d)
javac -d "$tools" "$(dirname "$0")/CpuHits.java"
for r in $(seq 1 "$rounds"); do
  order="BASE NEW"; [ $((r % 2)) = 0 ] && order="NEW BASE"
  for side in $order; do
    d=${!side}
    cp="$tools:$d/target/test-classes:$d/target/classes:$(cat "$d/target/jmh-classpath.txt")"
    for v in $vs; do for v2 in $v2s; do
      echo "$r $side $(java -Xmx2g -cp "$cp" CpuHits "$bench" "$p" "$v" "$p2" "$v2" | tail -1)"
    done; done
  done
done
