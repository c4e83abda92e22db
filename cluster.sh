#!/usr/bin/env bash
# A Spark standalone cluster on this machine, as separate processes on 127.0.0.1: one master and
# N workers, each worker starting its executors in JVMs of their own. Spark comes from Maven
# Central (the spark-home module), not from a download. State and logs: lk-work/cluster/.
#
#   ./cluster.sh up [N]    master and N workers (default 2), waits until all N have registered
#   ./cluster.sh status    which processes run, and the workers the master knows
#   ./cluster.sh down      stops them
#
# Then: spark-submit-style runs with --master spark://127.0.0.1:7077 (docs/cluster.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${LK_CLUSTER_DIR:-$root/lk-work/cluster}"
spark_home="$root/spark-home/target/spark"
master_port="${LK_MASTER_PORT:-7077}"
master_ui="${LK_MASTER_UI_PORT:-8090}"
master_url="spark://127.0.0.1:$master_port"

die() { echo "cluster.sh: $*" >&2; exit 1; }
usage_error() { echo "cluster.sh: $*" >&2; echo "usage: ./cluster.sh up [WORKERS] | status | down" >&2; exit 2; }

ensure_spark_home() {
  if [ ! -d "$spark_home/jars" ]; then
    echo "cluster.sh: collecting Spark's jars from Maven (spark-home)..." >&2
    mvn -B -q -f "$root/pom.xml" -pl spark-home package >&2
  fi
  # A worker finds the jars for its executors through SPARK_HOME: with a RELEASE file, in jars/.
  touch "$spark_home/RELEASE"
}

jvm_options() {
  local properties="$root/cli/target/classes/lk.properties"
  [ -f "$properties" ] || mvn -B -q -f "$root/pom.xml" -DskipTests -Dspotless.check.skip=true \
    -pl cli -am package >&2
  sed -n 's/^jvm.options=//p' "$properties"
}

# start NAME MAIN ARGS...: one JVM in the background, its pid in $state/NAME.pid
start() {
  local name="$1"; shift
  local main="$1"; shift
  # shellcheck disable=SC2086 # the options are a space-separated list on purpose
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    nohup java -Xmx512m $(jvm_options) -cp "$spark_home/jars/*" "$main" "$@" \
    >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

alive() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

registered_workers() {
  local json
  json="$(curl -sf "http://127.0.0.1:$master_ui/json/" 2>/dev/null)" || { echo 0; return; }
  grep -o '"state" *: *"ALIVE"' <<<"$json" | wc -l
}

up() {
  local workers="${1:-2}"
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] ||
    usage_error "the number of workers must be a positive whole number, got '$workers'"
  alive master && die "a master already runs (pid $(cat "$state/master.pid")): ./cluster.sh down first"
  ensure_spark_home
  mkdir -p "$state"
  start master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui"
  for i in $(seq 1 "$workers"); do
    start "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores 1 --memory 2g --webui-port 0 \
      --work-dir "$state/worker-$i" "$master_url"
  done
  # Every wait has a deadline.
  for _ in $(seq 1 120); do
    if [ "$(registered_workers)" -ge "$workers" ]; then
      echo "cluster up: master $master_url (UI http://127.0.0.1:$master_ui), $workers workers"
      return 0
    fi
    sleep 1
  done
  down >/dev/null
  die "the workers did not register within 120 s (logs in $state)"
}

status() {
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || { echo "cluster down"; return 0; }
    local name; name="$(basename "$pidfile" .pid)"
    if alive "$name"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; fi
  done
  echo "workers registered with the master: $(registered_workers)"
}

down() {
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "cluster down"
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  status) status ;;
  down) down ;;
  *) usage_error "unknown command '${1:-}'" ;;
esac
