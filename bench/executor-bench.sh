#!/bin/sh
# Executor benchmark: 1,000 resources with 10 s recurring monitors of a trivial agent for a minute.
# Reports the executor's CPU and heap (run in a 100 MB heap) beside the agents' CPU, and the monitor start delay (p50/p99).
# Usage: bench/executor-bench.sh [RESOURCES [INTERVAL_S [DURATION_S [PARALLELISM]]]]
set -eu
cd "$(dirname "$0")/.."
target="${PACER_TARGET:-target-bench}"
cp_file="$(pwd)/executor/$target/bench.classpath"
mvn -q -o -Dpacer.target="$target" -pl executor -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="executor/$target/classes:executor/$target/test-classes:cib/$target/classes:$(cat "$cp_file")"
exec java -Xmx100m ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    org.pacer.executor.bench.ExecutorBench "${1:-1000}" "${2:-10}" "${3:-60}" ${4:+"$4"}
