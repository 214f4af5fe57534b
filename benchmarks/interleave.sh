#!/usr/bin/env bash
# Compares the values of one JMH parameter in separate JVMs, interleaved and in rotated order,
# so that the drift of a shared, noisy machine falls on every side alike:
#   benchmarks/interleave.sh ClassParseBenchmark reader astrocache asm        # 4 rounds
#   ROUNDS=6 benchmarks/interleave.sh ClassParseBenchmark reader astrocache asm
# Each run is `-f 1 -wi 3 -i 5` (override with JMH_OPTS); prints each score, then per value
# the mean and median of the rounds and the ratio of each value's median to the last one's.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$1 param=$2
shift 2
values=("$@")
rounds=${ROUNDS:-4}
opts=${JMH_OPTS:--f 1 -wi 3 -i 5}
mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/jmh-classpath.txt)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out=$(mktemp -d)
n=${#values[@]}
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    v=${values[$(((k + r) % n))]}
    # shellcheck disable=SC2086
    "$java" -cp "$cp" org.openjdk.jmh.Main "$bench" -p "$param=$v" $opts \
      -rf csv -rff "$out/$r-$v.csv" > "$out/$r-$v.log" 2>&1
    score=$(tail -1 "$out/$r-$v.csv" | cut -d, -f5)
    unit=$(tail -1 "$out/$r-$v.csv" | cut -d, -f7 | tr -d '"')
    echo "round $((r + 1)) $param=$v $score $unit"
    echo "$v $score" >> "$out/scores"
  done
done
awk -v order="${values[*]}" '
  { s[$1] = s[$1] " " $2; c[$1]++; t[$1] += $2 }
  END {
    m = split(order, names, " ")
    for (i = 1; i <= m; i++) {
      v = names[i]; k = split(substr(s[v], 2), a, " ")
      for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++) if (a[y] < a[x]) { z = a[x]; a[x] = a[y]; a[y] = z }
      med[v] = k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
      printf "%s: mean %.3f, median %.3f over %d rounds\n", v, t[v] / c[v], med[v], k
    }
    last = names[m]
    for (i = 1; i < m; i++) printf "median %s / median %s = %.3f\n", names[i], last, med[names[i]] / med[last]
  }' "$out/scores"
grep -h -m1 "^# VM version" "$out"/*.log | head -1
echo "raw JMH outputs: $out"
