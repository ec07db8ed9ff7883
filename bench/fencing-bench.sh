#!/bin/sh
# Fencing benchmark: request-to-confirmation latency of the fencer with real agents
# (Pacer's fence_pacer_kill killing a process tree, and Debian's fence_dummy), cold first run and p50/p99.
# Usage: bench/fencing-bench.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
target="${PACER_TARGET:-target-bench}"
cp_file="$(pwd)/fencing/$target/bench.classpath"
mvn -q -o -Dpacer.target="$target" -pl fencing -am -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="fencing/$target/classes:fencing/$target/test-classes:cib/$target/classes:$(cat "$cp_file")"
exec java -Xmx256m ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    org.pacer.fencing.bench.FencingBench "${1:-30}" "$(pwd)/agents/fence"
