#!/bin/sh
# Scheduler benchmark: generates CIBs (16 nodes x 1,000 resources and 32 x 10,000, with a few hundred
# constraints and a partly running cluster), times `bin/pacer simulate` and `crm_simulate -S` on the same files as
# whole processes, and prints wall time, peak memory, the ratio and whether the Transition Summaries agree.
# Usage: bench/scheduler-bench.sh   (BENCH_CRM=0 skips crm_simulate; BENCH_CRM_LARGE=1 also runs it on 32 x 10,000)
set -eu
cd "$(dirname "$0")/.."
target="${PACER_TARGET:-target-bench-sched}"
out="$(mktemp -d)"
mvn -q -o -Dpacer.target="$target" -pl cli,dist -am -DskipTests package >/dev/null
mvn -q -o -Dpacer.target="$target" -pl scheduler -am -DskipTests test-compile >/dev/null
gen_cp="scheduler/$target/test-classes"

summary() { # the Transition Summary lines, whitespace collapsed, sorted
    awk '/^Transition Summary:/{f=1;next} /^Executing Cluster Transition:/{f=0} f && /\*/' "$1" \
        | sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//' | sort
}

measure() { # label, output file, command...: prints "wall_seconds peak_kb cpu_seconds"
    label="$1"; file="$2"; shift 2
    /usr/bin/time -f "%e %M %U %S" -o "$out/$label.time" "$@" >"$file" 2>"$out/$label.err" || true
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/$label.time" > "$out/$label.t2" && mv "$out/$label.t2" "$out/$label.time"
    cat "$out/$label.time" | tail -1
}

run_case() { # nodes resources constraints run_crm
    n="$1"; r="$2"; c="$3"; crm="$4"
    cib="$out/cib-$n-$r.xml"
    java -cp "$gen_cp" org.pacer.scheduler.CibGenerator "$n" "$r" "$c" 42 "$cib"
    set -- $(measure "pacer-$n-$r" "$out/pacer-$n-$r.out" env PACER_TARGET="$target" \
        PACER_JAVA_OPTS="-Xmx2g" bin/pacer simulate -x "$cib")
    p_s="$1"; p_kb="$2"; p_cpu="$3"
    line="$n nodes x $r resources ($c constraints): pacer ${p_s}s wall ${p_cpu}s cpu ${p_kb} KB"
    if [ "$crm" = 1 ] && command -v crm_simulate >/dev/null 2>&1; then
        set -- $(measure "crm-$n-$r" "$out/crm-$n-$r.out" crm_simulate -S -x "$cib")
        c_s="$1"; c_kb="$2"; c_cpu="$3"
        ratio=$(awk -v a="$c_s" -v b="$p_s" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')
        cpu_ratio=$(awk -v a="$c_cpu" -v b="$p_cpu" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')
        if [ "$(summary "$out/pacer-$n-$r.out")" = "$(summary "$out/crm-$n-$r.out")" ]; then same=yes; else same=no; fi
        line="$line | crm_simulate ${c_s}s wall ${c_cpu}s cpu ${c_kb} KB | crm/pacer ${ratio}x wall ${cpu_ratio}x cpu"
        line="$line | summaries agree: $same"
    fi
    echo "$line"
}

run_case 16 1000 300 "${BENCH_CRM:-1}"
run_case 32 10000 3000 "${BENCH_CRM_LARGE:-0}"
echo "outputs in $out"
