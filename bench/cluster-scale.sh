#!/usr/bin/env bash
# Batch recompute and Kappa replay on the local cluster (./cluster.sh) with 1 worker, then with 2,
# on the same workload (lk bench --workload ci: the same seeded events each time), and the ratio of
# each figure between the two. Every worker has one core and 2 GB. docs/cluster.md says how to read
# the result (on one 2-core machine, a second worker adds a process, not a core).
#
#   bench/cluster-scale.sh [WORKERS...]   (default: 1 2) results in lk-work/cluster-scale/; the table
#                                         compares whatever bench-1-workers.json and bench-2-workers.json hold
set -euo pipefail
cd "$(dirname "$0")/.."

out=lk-work/cluster-scale
brokers=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094
[ -f app/target/lk-app.jar ] && [ -d spark-home/target/spark/jars ] ||
  mvn -B -q -DskipTests -Dspotless.check.skip=true package
mkdir -p "$out"

for workers in ${*:-1 2}; do
  ./cluster.sh up "$workers"
  # shellcheck disable=SC2046 # the JVM options are a space-separated list on purpose
  java -cp 'spark-home/target/spark/jars/*' $(sed -n 's/^jvm.options=//p' cli/target/classes/lk.properties) \
    org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 --executor-memory 1g \
    --class io.lambdakappa.cli.Lk app/target/lk-app.jar bench --workload ci \
    --bootstrap-servers "$brokers" --workdir "$out/workdir-$workers" \
    --output "$out/bench-$workers-workers.json" || { ./cluster.sh down; exit 1; }
  ./cluster.sh down
done

# The median of figure NAME in a bench-results.json (as lk bench writes it: one key per line).
median() { grep -A3 "\"name\" : \"$2\"" "$1" | sed -n 's/.*"median" : \([-0-9.E]*\).*/\1/p'; }

printf '%-36s %14s %14s %8s\n' figure "1 worker" "2 workers" ratio
for figure in batch_recompute_events_per_second kappa_replay_events_per_second \
  baseline_parquet_events_per_second baseline_kafka_events_per_second \
  batch_recompute_vs_baseline kappa_replay_vs_baseline; do
  one="$(median "$out/bench-1-workers.json" "$figure")"
  two="$(median "$out/bench-2-workers.json" "$figure")"
  awk -v f="$figure" -v a="$one" -v b="$two" 'BEGIN { printf (a < 10 ? "%-36s %14.2f %14.2f %8.2f\n" : "%-36s %14.0f %14.0f %8.2f\n"), f, a, b, b / a }'
done
