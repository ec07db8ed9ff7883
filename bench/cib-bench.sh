#!/bin/sh
# CIB library benchmark on the shared scheduler cases: parse and verify time, patch size and diff/apply time
# for a one-attribute status update (what replication ships most), CibStore save latency.
# Usage: bench/cib-bench.sh [CASES_DIR]
set -eu
cd "$(dirname "$0")/.."
target="${PACER_TARGET:-target-bench}"
cp_file="$(pwd)/cib/$target/bench.classpath"
mvn -q -o -Dpacer.target="$target" -pl cib -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
cp="cib/$target/classes:cib/$target/test-classes:$(cat "$cp_file")"
exec java -Xmx512m ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    org.pacer.cib.bench.CibBench "${1:-../shared/scheduler-cases/xml}"
