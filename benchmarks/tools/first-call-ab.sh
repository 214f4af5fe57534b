#!/usr/bin/env bash
# benchmarks/first-call.sh's small program for two builds of the library in one run: each round
# runs, in a fresh JVM each and in rotated order, the cached program (a hit) on the base build,
# on the new build, and the bare program, so that a shared machine's drift falls on all three.
# Prints each side's median, min and max of whole-process wall and cpu (user + sys) seconds
# from /usr/bin/time, each cached side's medians over bare, and new over base.
#   BASE=/tmp/base/target/classes NEW=target/classes benchmarks/tools/first-call-ab.sh   # 20 rounds
#   RUNS=30 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 BASE=... NEW=... benchmarks/tools/first-call-ab.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
runs=${RUNS:-20}
warmups=${WARMUPS:-2}
base=$(cd "$BASE" && pwd) new=$(cd "$NEW" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/small"
"$javac" -d "$work/small" -cp "$new" "$root"/benchmarks/first-call/small/p/*.java
side_args() { # SIDE: the java arguments of that side
  case $1 in
    base) echo "-Dastrocache.dir=$work/cache-base -cp $base:$work/small p.Cached" ;;
    new) echo "-Dastrocache.dir=$work/cache-new -cp $new:$work/small p.Cached" ;;
    bare) echo "-cp $work/small p.Bare" ;;
  esac
}
for s in base new; do
  # shellcheck disable=SC2046
  "$java" $(side_args $s) > /dev/null # fills the cache: the counted runs are hits
done
echo "# $("$java" -version 2>&1 | head -1); $(nproc) cores; load before: $(uptime | sed 's/.*load average: //')"
echo "# base = $base, new = $new; $runs counted rounds after $warmups warm-ups, rotated order"
sides=(base new bare)
for ((i = 0; i < warmups + runs; i++)); do
  for ((k = 0; k < 3; k++)); do
    s=${sides[$(((k + i) % 3))]}
    # shellcheck disable=SC2046
    /usr/bin/time -f '%e %U %S' -o "$work/t" "$java" $(side_args "$s") > /dev/null
    ((i < warmups)) || echo "$s $(cat "$work/t")" >> "$work/times"
  done
done
echo "# load after: $(uptime | sed 's/.*load average: //')"
awk '
  function median(v, n,   x, y, z) {
    for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (v[y] < v[x]) { z = v[x]; v[x] = v[y]; v[y] = z }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { n[$1]++; w[$1, n[$1]] = $2; c[$1, n[$1]] = $3 + $4 }
  END {
    split("base new bare", order, " ")
    for (k = 1; k <= 3; k++) {
      s = order[k]; delete vw; delete vc
      for (j = 1; j <= n[s]; j++) { vw[j] = w[s, j]; vc[j] = c[s, j] }
      mw[s] = median(vw, n[s]); mc[s] = median(vc, n[s])
      printf "%-4s wall s: median %.3f (min %.3f, max %.3f); cpu s: median %.3f (min %.3f, max %.3f)\n",
        s, mw[s], vw[1], vw[n[s]], mc[s], vc[1], vc[n[s]]
    }
    printf "base - bare: wall %+.0f ms, cpu %+.0f ms (medians)\n", (mw["base"] - mw["bare"]) * 1000, (mc["base"] - mc["bare"]) * 1000
    printf "new  - bare: wall %+.0f ms, cpu %+.0f ms (medians)\n", (mw["new"] - mw["bare"]) * 1000, (mc["new"] - mc["bare"]) * 1000
    printf "new / base: wall %.2fx, cpu %.2fx (medians)\n", mw["new"] / mw["base"], mc["new"] / mc["base"]
  }' "$work/times"
