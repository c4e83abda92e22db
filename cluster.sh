#!/usr/bin/env bash
# A cluster on this machine, as separate processes on 127.0.0.1: a Spark standalone master and N
# workers (each starting its executors in JVMs of their own), three Kafka brokers in KRaft mode
# (each also a controller; topics lk creates get 3 replicas and min.insync.replicas=2) and a
# PostgreSQL server for the views that several processes share. Spark and Kafka come from Maven
# Central (spark-home, and the jars the build resolved), not from downloads; PostgreSQL from
# Debian's package (sudo apt-get install postgresql). State and logs: lk-work/cluster/.
#
#   ./cluster.sh up [N]    master, N workers (default 2), 3 brokers, PostgreSQL, HDFS; waits until all are up
#   ./cluster.sh status    which processes run, the workers the master knows, the addresses
#   ./cluster.sh down      stops them
#
# Then: --master spark://127.0.0.1:7077 --bootstrap-servers 127.0.0.1:19092,127.0.0.1:19093,
# 127.0.0.1:19094 --store postgresql://lk@127.0.0.1:15432/lk (docs/cluster.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${LK_CLUSTER_DIR:-$root/lk-work/cluster}"
spark_home="$root/spark-home/target/spark"
master_port="${LK_MASTER_PORT:-7077}"
master_ui="${LK_MASTER_UI_PORT:-8090}"
master_url="spark://127.0.0.1:$master_port"
broker_base="${LK_BROKER_BASE_PORT:-19092}"   # brokers on base..base+2, controllers on base+100..
brokers="127.0.0.1:$broker_base,127.0.0.1:$((broker_base + 1)),127.0.0.1:$((broker_base + 2))"
postgres_port="${LK_POSTGRES_PORT:-15432}"
store="postgresql://lk@127.0.0.1:$postgres_port/lk"
hdfs_port="${LK_HDFS_PORT:-19000}"   # NameNode RPC; its web UI on +1, the DataNode on +2..+4
hdfs="hdfs://127.0.0.1:$hdfs_port"

die() { echo "cluster.sh: $*" >&2; exit 1; }
fail_up() { down >/dev/null; die "$@"; }  # stops what started so far
usage_error() { echo "cluster.sh: $*" >&2; echo "usage: ./cluster.sh up [WORKERS] | status | down" >&2; exit 2; }

ensure_spark_home() {
  if [ ! -d "$spark_home/jars" ] || [ ! -d "$root/spark-home/target/hadoop" ]; then
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

# start NAME CLASSPATH MAIN ARGS...: one JVM in the background, its pid in $state/NAME.pid
start() {
  local name="$1"; shift
  local classpath="$1"; shift
  local main="$1"; shift
  # shellcheck disable=SC2086 # the options are a space-separated list on purpose
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    nohup java -Xmx512m $(jvm_options) -cp "$classpath" "$main" "$@" \
    >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

# The Kafka broker's classes: the ones the build resolved for lk (kafka_2.13 and its server jars).
kafka_classpath() { cat "$root/cli/target/classpath.txt"; }

# broker_properties N: the server.properties of broker N (1..3), every one also a controller
broker_properties() {
  local n="$1" voters=""
  for i in 1 2 3; do voters="$voters${voters:+,}$i@127.0.0.1:$((broker_base + 99 + i))"; done
  cat <<PROPERTIES
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((broker_base + n - 1)),CONTROLLER://127.0.0.1:$((broker_base + 99 + n))
advertised.listeners=PLAINTEXT://127.0.0.1:$((broker_base + n - 1))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$state/kafka-$n
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
min.insync.replicas=2
default.replication.factor=3
num.partitions=2
group.initial.rebalance.delay.ms=0
log.retention.ms=-1
log.retention.bytes=-1
PROPERTIES
}

# A broker's log is formatted once, under the cluster's id; after a ./cluster.sh down, up starts the
# brokers on the logs they have (their topics and records kept).
start_brokers() {
  local cluster_id
  cluster_id="$(cat "$state"/kafka-*/meta.properties 2>/dev/null | sed -n 's/^cluster.id=//p' | sed -n 1p || true)"
  [ -n "$cluster_id" ] ||
    cluster_id="$(java -cp "$(kafka_classpath)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  for n in 1 2 3; do
    broker_properties "$n" >"$state/kafka-$n.properties"
    if [ ! -f "$state/kafka-$n/meta.properties" ]; then
      java -cp "$(kafka_classpath)" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$state/kafka-$n.properties" >"$state/kafka-$n.format.log" 2>&1 ||
        fail_up "cannot format the log of broker $n (see $state/kafka-$n.format.log)"
    fi
    start "kafka-$n" "$(kafka_classpath)" kafka.Kafka "$state/kafka-$n.properties"
  done
}

brokers_up() {
  for n in 1 2 3; do
    (exec 3<>"/dev/tcp/127.0.0.1/$((broker_base + n - 1))") 2>/dev/null || return 1
  done
}

# HDFS: one NameNode and one DataNode (replication 1), from Hadoop's shaded minicluster jar that
# spark-home collects, with their configuration in $state/hadoop-conf. Permissions are off: every
# lk process, whatever its user, reads and writes the workdir there.
hdfs_classpath() { echo "$state/hadoop-conf:$root/spark-home/target/hadoop/*:$spark_home/jars/*"; }

hdfs_site() {
  cat <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>dfs.namenode.name.dir</name><value>$state/hdfs/name</value></property>
  <property><name>dfs.datanode.data.dir</name><value>$state/hdfs/data</value></property>
  <property><name>dfs.replication</name><value>1</value></property>
  <property><name>dfs.permissions.enabled</name><value>false</value></property>
  <property><name>dfs.namenode.http-address</name><value>127.0.0.1:$((hdfs_port + 1))</value></property>
  <property><name>dfs.datanode.address</name><value>127.0.0.1:$((hdfs_port + 2))</value></property>
  <property><name>dfs.datanode.http.address</name><value>127.0.0.1:$((hdfs_port + 3))</value></property>
  <property><name>dfs.datanode.ipc.address</name><value>127.0.0.1:$((hdfs_port + 4))</value></property>
  <property><name>dfs.datanode.hostname</name><value>127.0.0.1</value></property>
</configuration>
XML
}

start_hdfs() {
  mkdir -p "$state/hadoop-conf" "$state/hdfs"
  printf '<?xml version="1.0"?>\n<configuration>\n  <property><name>fs.defaultFS</name><value>%s</value></property>\n</configuration>\n' \
    "$hdfs" >"$state/hadoop-conf/core-site.xml"
  hdfs_site >"$state/hadoop-conf/hdfs-site.xml"
  if [ ! -f "$state/hdfs/name/current/VERSION" ]; then
    java -cp "$(hdfs_classpath)" org.apache.hadoop.hdfs.server.namenode.NameNode -format \
      -nonInteractive >"$state/hdfs-format.log" 2>&1 ||
      fail_up "cannot format HDFS (see $state/hdfs-format.log)"
  fi
  start hdfs-namenode "$(hdfs_classpath)" org.apache.hadoop.hdfs.server.namenode.NameNode
  start hdfs-datanode "$(hdfs_classpath)" org.apache.hadoop.hdfs.server.datanode.DataNode
}

# The NameNode knows a live DataNode and has left safe mode.
hdfs_up() {
  local json
  json="$(curl -sf "http://127.0.0.1:$((hdfs_port + 1))/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState" 2>/dev/null)" ||
    return 1
  grep -q '"NumLiveDataNodes" *: *[1-9]' <<<"$json" && grep -q '"FSState" *: *"Operational"' <<<"$json"
}

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_bin() {
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$newest" ] || die "PostgreSQL is not installed: sudo apt-get install postgresql"
  echo "$newest"
}

# Where PostgreSQL keeps its data and log: $state/postgres, or, when the postgres user cannot reach
# $state (a private folder of root's), a folder of its own in /tmp, named in $state/postgres.dir.
postgres_root() {
  if [ -f "$state/postgres.dir" ]; then cat "$state/postgres.dir"; return; fi
  local dir="$state/postgres"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    runuser -u postgres -- test -w "$dir" || { rmdir "$dir"; dir="$(mktemp -d /tmp/lk-postgres.XXXXXX)"; chown postgres "$dir"; }
  fi
  echo "$dir" >"$state/postgres.dir"
  echo "$dir"
}

# A server of the cluster's own, on 127.0.0.1 only, user lk (trusted: it listens on loopback),
# database lk. Its postmaster's pid goes into $state/postgres.pid like every other process's.
start_postgres() {
  local bin pg_root
  bin="$(postgres_bin)"
  pg_root="$(postgres_root)"
  if [ ! -f "$pg_root/data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$pg_root/data" -U lk --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$state/postgres.init.log" 2>&1 || fail_up "initdb failed (see $state/postgres.init.log)"
  fi
  as_postgres "$bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w -t 60 \
    -o "-p $postgres_port -k $pg_root -c listen_addresses=127.0.0.1" start >/dev/null ||
    fail_up "PostgreSQL did not start (see $pg_root/server.log)"
  sed -n 1p "$pg_root/data/postmaster.pid" >"$state/postgres.pid"
  "$bin/psql" -h 127.0.0.1 -p "$postgres_port" -U lk -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = 'lk'" | grep -q 1 ||
    "$bin/createdb" -h 127.0.0.1 -p "$postgres_port" -U lk lk
}

stop_postgres() {
  [ -f "$state/postgres.dir" ] || return 0
  local pg_root; pg_root="$(cat "$state/postgres.dir")"
  [ -f "$pg_root/data/postmaster.pid" ] || return 0
  as_postgres "$(postgres_bin)/pg_ctl" -D "$pg_root/data" -m fast -w -t 60 stop >/dev/null || true
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
  jvm_options >/dev/null # builds cli (and its classpath) if it is missing
  mkdir -p "$state"
  start master "$spark_home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui"
  for i in $(seq 1 "$workers"); do
    start "worker-$i" "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores 1 --memory 2g --webui-port 0 \
      --work-dir "$state/worker-$i" "$master_url"
  done
  start_brokers
  start_postgres
  start_hdfs
  # Every wait has a deadline.
  for _ in $(seq 1 120); do
    if [ "$(registered_workers)" -ge "$workers" ] && brokers_up && hdfs_up; then
      echo "cluster up: master $master_url (UI http://127.0.0.1:$master_ui), $workers worker$([ "$workers" -eq 1 ] || echo s);" \
        "brokers $brokers; store $store; hdfs $hdfs"
      return 0
    fi
    sleep 1
  done
  down >/dev/null
  die "the cluster did not come up within 120 s (logs in $state)"
}

status() {
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || { echo "cluster down"; return 0; }
    local name; name="$(basename "$pidfile" .pid)"
    if alive "$name"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; fi
  done
  echo "workers registered with the master: $(registered_workers)"
  echo "brokers: $brokers"
  echo "store: $store"
  echo "hdfs: $hdfs $(hdfs_up && echo '(a live DataNode)' || echo '(not ready)')"
}

down() {
  stop_postgres
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
