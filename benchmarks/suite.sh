#!/usr/bin/env bash
# The benchmark suite of issue 13: astrocache next to its peers (Ehcache 3's persistent disk tier,
# Caffeine in memory, and the floor of SHA-256 + Files.readAllBytes + java.io), in the same runs.
#   benchmarks/suite.sh            # --short: one fork, 2 warm-up and 5 measured iterations of
#                                  # 2 s (about 15 minutes on 2 cores)
#   benchmarks/suite.sh --full     # two forks, longer iterations, 2 threads for every value
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/suite.sh   # on another JDK
# Writes JMH JSON (and each run's log) to benchmarks/results/suite-jdk<N>-<date>-<mode>-<commit>/, the
# machine and its load before each run, then renders suite.md (tables of ratios) and suite.svg
# from the JSON with benchmarks/render.py. The runs:
#   hit           PeerHitBenchmark: warm hits, 6 values x 4 peers, 1 thread
#   hit-2threads  the same with 2 threads (--short: 3 of the values)
#   miss          PeerMissBenchmark: a miss's overhead against an Ehcache put
#   hash          ArgumentHashBenchmark: hashing 16 MiB arguments, next to SHA-256 alone
#   recheck       HitBenchmark.hit with recheck=1s (the default) and recheck=0 (issue 11)
#   joblib        benchmarks/joblib_peer.py: joblib.Memory on the same values (Python 3, Debian's
#                 python3-joblib), the cross-language row
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---short}
case "$mode" in
  --short) opts="-f 1 -wi 2 -w 2 -i 5 -r 2"; two=(-p value=bytes10k,bytes1m,list100) ;;
  --full) opts="-f 2 -wi 3 -w 2 -i 5 -r 2"; two=() ;;
  *) echo "usage: benchmarks/suite.sh [--short|--full]" >&2; exit 2 ;;
esac
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
# the commit in the folder's name: a second run on the same day writes beside the first, not into it
out="benchmarks/results/suite-jdk$feature-$(date -u +%Y-%m-%d)-${mode#--}-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
mkdir -p "$out"
: > "$out/load.txt"
mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/jmh-classpath.txt)"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- . ':(exclude)benchmarks/results' 2>/dev/null || echo ' (with local changes)')"
  echo "mode: ${mode#--}"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //') x $(nproc 2>/dev/null)"
  echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "os: $(uname -sr)"
  echo "file system of the temporary folder: $(df -T "${TMPDIR:-/tmp}" 2>/dev/null | awk 'NR == 2 {print $2}')"
  echo "jvm: $("$java" -version 2>&1 | tr '\n' ' ')"
} > "$out/machine.txt"
run() {
  local name=$1
  shift
  echo "$name: $(uptime)" >> "$out/load.txt"
  echo "running $name ..." >&2
  # shellcheck disable=SC2086
  "$java" -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main "$@" $opts \
    -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1
}
run hit PeerHitBenchmark -t 1
run hit-2threads PeerHitBenchmark -t 2 "${two[@]}"
run miss PeerMissBenchmark
run hash ArgumentHashBenchmark
run recheck '^dev.astrocache.HitBenchmark.hit$'
# the cross-language row: joblib.Memory (apt-get install -y python3-joblib), when it is there
if /usr/bin/python3 -c 'import joblib' 2>/dev/null; then
  echo "joblib: $(uptime)" >> "$out/load.txt"
  echo "running joblib ..." >&2
  /usr/bin/python3 benchmarks/joblib_peer.py "$out/joblib.json" "$mode"
else
  echo "joblib: not installed (apt-get install -y python3-joblib), no Python row" >> "$out/load.txt"
fi
echo "end: $(uptime)" >> "$out/load.txt"
python3 benchmarks/render.py "$out"
echo "wrote $out/suite.md and $out/suite.svg" >&2
