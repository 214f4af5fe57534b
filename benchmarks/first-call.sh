#!/usr/bin/env bash
# The first call of a fresh JVM (issue 13, target 4): a program that wraps its impl with
# Astrocache.wrap and makes one call, a hit (the cache is filled by one run first), against the
# same program without the cache, each in its own JVM, interleaved A B A B so that the drift of a
# shared machine falls on both alike. Whole-process wall and cpu (user + sys) seconds from
# /usr/bin/time; prints each figure's median, min and max and the medians' difference.
#   benchmarks/first-call.sh                  # 20 runs each after 2 warm-ups, target/classes
#   RUNS=30 benchmarks/first-call.sh
#   JAR=target/astrocache-1.0.jar benchmarks/first-call.sh   # a built jar instead of classes
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/first-call.sh
# Output: benchmarks/results/first-call-jdk<N>-<date>-<commit>/ (the programs' sources and first-call.txt),
# or OUT=dir. A second program is one more `measure NAME CLASSPATH CACHED_MAIN BARE_MAIN` line
# at the end (another script may source this one with FIRST_CALL_LIB=1 and call measure).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
runs=${RUNS:-20}
warmups=${WARMUPS:-2}
jdk=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
out=${OUT:-$root/benchmarks/results/first-call-jdk$jdk-$(date -u +%F)-$(cd "$root" && git rev-parse --short HEAD)}
if [[ -n ${JAR:-} ]]; then
  lib=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
else
  [[ -d $root/target/classes/dev/astrocache ]] || (cd "$root" && mvn -B -q -o compile)
  lib=$root/target/classes
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# measure NAME CLASSPATH CACHED_MAIN BARE_MAIN: fills a fresh cache with one run of CACHED_MAIN,
# then times CACHED_MAIN (A, a hit) and BARE_MAIN (B) in turn, and appends to $out/first-call.txt
measure() {
  local name=$1 cp=$2 cached=$3 bare=$4
  local cache=$work/cache-$name
  local a=(-Dastrocache.dir="$cache" -cp "$cp" "$cached") b=(-cp "$cp" "$bare")
  "$java" "${a[@]}" > "$work/fill-$name.txt"
  local first
  first=$("$java" "${a[@]}")
  [[ $first == "$("$java" "${b[@]}")" ]] || { echo "$name: cached and bare print different results" >&2; exit 1; }
  : > "$work/$name-A" ; : > "$work/$name-B"
  local i
  for ((i = 0; i < warmups + runs; i++)); do
    for side in A B; do
      local args
      if [[ $side == A ]]; then args=("${a[@]}"); else args=("${b[@]}"); fi
      /usr/bin/time -f '%e %U %S' -o "$work/t" "$java" "${args[@]}" > /dev/null
      ((i < warmups)) || cat "$work/t" >> "$work/$name-$side"
    done
  done
  {
    echo "## $name: A = java -Dastrocache.dir=CACHE -cp CP $cached (a hit), B = java -cp CP $bare"
    echo "# CP = $cp"
    echo "# $runs counted runs each after $warmups warm-ups, interleaved A B A B; load before: $load_before; after: $(uptime | sed 's/.*load average: //')"
    awk -v name="$name" '
      function median(v, n,   x, y, z) {
        for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (v[y] < v[x]) { z = v[x]; v[x] = v[y]; v[y] = z }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      }
      FNR == 1 { side++ }
      { n[side]++; w[side, n[side]] = $1; c[side, n[side]] = $2 + $3 }
      END {
        for (s = 1; s <= 2; s++) {
          delete vw; delete vc
          for (k = 1; k <= n[s]; k++) { vw[k] = w[s, k]; vc[k] = c[s, k] }
          mw[s] = median(vw, n[s]); mc[s] = median(vc, n[s])
          printf "%s wall s: median %.3f (min %.3f, max %.3f); cpu s: median %.3f (min %.3f, max %.3f)\n",
            s == 1 ? "A" : "B", mw[s], vw[1], vw[n[s]], mc[s], vc[1], vc[n[s]]
        }
        printf "A - B: wall %+.0f ms, cpu %+.0f ms (medians)\n", (mw[1] - mw[2]) * 1000, (mc[1] - mc[2]) * 1000
      }' "$work/$name-A" "$work/$name-B"
    echo
  } | tee -a "$out/first-call.txt"
}

if [[ -z ${FIRST_CALL_LIB:-} ]]; then
  load_before=$(uptime | sed 's/.*load average: //')
  src=$root/benchmarks/first-call
  mkdir -p "$work/small"
  "$javac" -d "$work/small" -cp "$lib" "$src"/small/p/*.java
  mkdir -p "$out/small"
  cp "$src"/small/p/*.java "$out/small/"
  {
    echo "# first call of a fresh JVM, $(date -u '+%F %H:%M UTC'), $("$java" -version 2>&1 | head -1)"
    echo "# astrocache at $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- src || echo ' (with uncommitted changes)'), from $lib"
    echo "# $(nproc) cores, $(uname -sr)"
    echo
  } | tee "$out/first-call.txt"
  measure small "$lib:$work/small" p.Cached p.Bare
fi
