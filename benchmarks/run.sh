#!/usr/bin/env bash
# Runs JMH benchmarks from src/jmh/java on the test class path.
#   benchmarks/run.sh HitBenchmark                 # one benchmark class, JMH defaults
#   benchmarks/run.sh HitBenchmark -f 1 -wi 3 -i 5 # any JMH options
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh ...   # on another JDK
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" \
  org.openjdk.jmh.Main "$@"
