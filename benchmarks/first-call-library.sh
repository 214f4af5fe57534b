#!/usr/bin/env bash
# The first call of a fresh JVM to a method that reaches real libraries: LibraryFirstCall
# serializes a Guava ImmutableMap with Jackson (jackson-databind, jackson-datatype-guava). Each
# round runs, in rotated order, one child JVM per variant:
#   bare       the same call without the cache
#   index=on   wrap, then the call: a hit, whose code the index of walks checks (the default)
#   index=off  wrap, then the call: a hit, whose code is walked again (the cache before the index)
# and records each process's user+system CPU seconds and wall seconds (GNU time). Prints the
# medians and the ratios of each cached variant to bare; writes the raw runs and a summary to
# benchmarks/results/first-call-library-<date>.txt.
#   benchmarks/first-call-library.sh            # 20 rounds
#   ROUNDS=30 benchmarks/first-call-library.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-20}
mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/jmh-classpath.txt)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
time=/usr/bin/time
out=benchmarks/results/first-call-library-$(date -u +%F).txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
main=dev.astrocache.firstcall.LibraryFirstCall
# fill the caches: the entry, and for index=on the index of walks
"$java" -cp "$cp" -Dastrocache.dir="$work/on" "$main" cached > /dev/null
"$java" -cp "$cp" -Dastrocache.dir="$work/on" "$main" cached > /dev/null
"$java" -cp "$cp" -Dastrocache.dir="$work/off" -Dastrocache.index=off "$main" cached > /dev/null
run() { # variant -> "variant cpu wall"
  local args
  case $1 in
    bare) args=("$main" bare) ;;
    index=on) args=(-Dastrocache.dir="$work/on" "$main" cached) ;;
    index=off) args=(-Dastrocache.dir="$work/off" -Dastrocache.index=off "$main" cached) ;;
  esac
  "$time" -f "%U %S %e" -o "$work/t" "$java" -cp "$cp" "${args[@]}" > "$work/o"
  grep -q '"lib":"jackson"' "$work/o" || { echo "unexpected output: $(cat "$work/o")" >&2; exit 1; }
  awk -v v="$1" '{ printf "%s %.3f %.3f\n", v, $1 + $2, $3 }' "$work/t"
}
variants=(bare index=on index=off)
{
  echo "# first call of a fresh JVM, LibraryFirstCall (Jackson 2.23.0 + Guava 33.8.0-jre)"
  echo "# $(date -u +%FT%TZ), $("$java" -version 2>&1 | head -1), $(nproc) cpus, at start:$(uptime)"
  echo "# variant cpu_seconds wall_seconds"
  for ((r = 0; r < rounds; r++)); do
    for ((k = 0; k < 3; k++)); do
      run "${variants[$(((k + r) % 3))]}"
    done
  done
  echo "# at end:$(uptime)"
} > "$work/raw"
awk '
  /^#/ { next }
  { n[$1]++; cpu[$1, n[$1]] = $2; wall[$1, n[$1]] = $3 }
  function median(a, v, k,   i, j, t, x) {
    for (i = 1; i <= k; i++) x[i] = a[v, i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
    return k % 2 ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
  }
  END {
    split("bare index=on index=off", vs, " ")
    for (i = 1; i <= 3; i++) {
      v = vs[i]; mc[v] = median(cpu, v, n[v]); mw[v] = median(wall, v, n[v])
      printf "%-9s median cpu %.3f s, wall %.3f s over %d runs\n", v, mc[v], mw[v], n[v]
    }
    for (i = 2; i <= 3; i++) {
      v = vs[i]
      printf "%s / bare: cpu %.2fx, wall %.2fx\n", v, mc[v] / mc["bare"], mw[v] / mw["bare"]
    }
  }' "$work/raw" > "$work/summary"
cat "$work/summary" "$work/raw" > "$out"
cat "$work/summary"
echo "raw runs: $out"
