#!/bin/sh
# Cluster benchmark: 3 pacerd processes on loopback. Prints committed CIB writes/s and latency from 1 and
# 16 clients, and kill -9 detection time (until every survivor's view drops the node) over 20 kills.
# By default the nodes run membership, replication and the local API only; add --pacerd to run full pacerd
# (controller included, which also reacts to every write).
# Usage: bench/cluster-bench.sh [BASE_PORT [SECONDS_PER_WRITE_RUN [KILLS [--pacerd]]]]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
target=${PACER_TARGET:-target}
cd "$here"
# One reactor build; cluster comes last, so its runtime classpath is what stays in the file.
mvn -q -o -Dpacer.target="$target" -DskipTests -pl cluster -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$here/cluster/$target/bench.classpath"
cp="cluster/$target/pacer-cluster-0.1.0-SNAPSHOT.jar:$(cat "cluster/$target/bench.classpath")"
exec java -cp "$cp" org.pacer.cluster.ClusterBench "$@"
