#!/bin/sh
# Failover benchmark: on a 3-node demo cluster (pacerd processes on loopback), RUNS times each (default 10):
#   failed monitor (HTTP server killed under its agent) -> service answering again, and
#   kill -9 of the node running the service -> HTTP answering from another node (fencing included).
# Prints each run and p50/p99. Needs a package build first:
#   mvn -q -DskipTests package    (or with -Dpacer.target=NAME, then PACER_TARGET=NAME bench/failover-bench.sh)
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
lib="$here/dist/${PACER_TARGET:-target}/lib"
[ -d "$lib" ] || { echo "failover-bench: $lib is missing; build first: mvn -q -DskipTests package" >&2; exit 69; }
exec java -cp "$lib/*" org.pacer.cluster.demo.FailoverBench "${1:-10}"
