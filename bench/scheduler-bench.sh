#!/bin/sh
# Scheduler benchmark: generates CIBs (16 nodes x 1,000 resources and 32 x 10,000, with a few hundred
# constraints and a partly running cluster), times `bin/pacer simulate` and `crm_simulate -R` on the same files as
# whole processes, and prints wall time, CPU time, peak memory, the ratios and whether the Transition Summaries agree.
# The 16 x 1,000 CIB is "steady": every resource already probed on every node and resource-stickiness 100, as a
# cluster looks after running for a while (on a fresh CIB crm_simulate spends its time planning 16,000 probes).
# crm_simulate runs with -R (schedule and print the summary); -S would add a simulated execution that waits about
# 0.1 s per action, which measures nothing of the scheduler. `pacer simulate` does simulate the execution as well.
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

run_case() { # nodes resources constraints run_crm steady
    n="$1"; r="$2"; c="$3"; crm="$4"; steady="$5"
    k="$n-$r-$steady"
    cib="$out/cib-$k.xml"
    java -cp "$gen_cp" org.pacer.scheduler.CibGenerator "$n" "$r" "$c" 42 "$cib" 0 "$steady"
    set -- $(measure "pacer-$k" "$out/pacer-$k.out" env PACER_TARGET="$target" \
        PACER_JAVA_OPTS="-Xmx2g" bin/pacer simulate -x "$cib")
    p_s="$1"; p_kb="$2"; p_cpu="$3"
    line="$n nodes x $r resources ($c constraints, $([ "$steady" = true ] && echo steady || echo fresh)): pacer ${p_s}s wall ${p_cpu}s cpu ${p_kb} KB"
    if [ "$crm" = 1 ] && command -v crm_simulate >/dev/null 2>&1; then
        set -- $(measure "crm-$k" "$out/crm-$k.out" crm_simulate -R -x "$cib")
        c_s="$1"; c_kb="$2"; c_cpu="$3"
        ratio=$(awk -v a="$c_s" -v b="$p_s" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')
        cpu_ratio=$(awk -v a="$c_cpu" -v b="$p_cpu" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')
        summary "$out/pacer-$k.out" > "$out/pacer-$k.summary"
        summary "$out/crm-$k.out" > "$out/crm-$k.summary"
        total=$(wc -l < "$out/crm-$k.summary")
        differ=$(diff "$out/crm-$k.summary" "$out/pacer-$k.summary" | grep -c '^<' || true)
        if [ "$differ" = 0 ] && [ "$total" = "$(wc -l < "$out/pacer-$k.summary")" ]; then same=yes
        else same="no ($differ of crm_simulate's $total lines not in ours)"; fi
        line="$line | crm_simulate ${c_s}s wall ${c_cpu}s cpu ${c_kb} KB | crm/pacer ${ratio}x wall ${cpu_ratio}x cpu"
        line="$line | summaries agree: $same"
    fi
    echo "$line"
}

run_case 16 1000 300 "${BENCH_CRM:-1}" true
# Fresh: nothing probed yet, as after a cluster starts; crm_simulate plans 16,000 probes here.
run_case 16 1000 300 "${BENCH_CRM:-1}" false
# Not steady: with every probe recorded the 32 x 10,000 CIB is 93 MB, over the parser's 64 MB limit.
run_case 32 10000 3000 "${BENCH_CRM_LARGE:-0}" false
echo "outputs in $out"
