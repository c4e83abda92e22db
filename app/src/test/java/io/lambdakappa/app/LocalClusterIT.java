package io.lambdakappa.app;

import static io.lambdakappa.app.Submissions.assertExactForBoth;
import static io.lambdakappa.app.Submissions.freeBrokerBase;
import static io.lambdakappa.app.Submissions.freePort;
import static io.lambdakappa.app.Submissions.smallCompare;
import static io.lambdakappa.app.Submissions.submitLk;
import static io.lambdakappa.testing.ExactlyOnce.assertAccountsForEveryRecord;
import static io.lambdakappa.testing.ExactlyOnce.assertServes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.KafkaRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs on a cluster of separate processes, started as the README says ({@code ./cluster.sh up
 * 2}): a Spark master and two workers (executors in JVMs of their own), three Kafka brokers
 * (replication 3, {@code min.insync.replicas=2}) and PostgreSQL for the views. First {@code lk
 * compare}, exact for both architectures; then a Kappa run during which a Kafka broker (the leader
 * of the topic's partition) and a Spark worker are killed with SIGKILL, which must still lose and
 * double nothing. The faults come last: the cluster is one broker and one worker short after them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration UP_AND_DOWN = Duration.ofMinutes(4);

  @TempDir static Path workdir;
  private static Submissions submissions;
  private static Map<String, String> cluster;
  private static String brokers;
  private static String store;
  private static String hdfs;

  @BeforeAll
  static void up() throws Exception {
    submissions = new Submissions(workdir);
    int brokerBase = freeBrokerBase();
    cluster =
        Map.of(
            "LK_CLUSTER_DIR", workdir.resolve("cluster").toString(),
            "LK_MASTER_PORT", Integer.toString(freePort()),
            "LK_MASTER_UI_PORT", Integer.toString(freePort()),
            "LK_BROKER_BASE_PORT", Integer.toString(brokerBase),
            "LK_POSTGRES_PORT", Integer.toString(freePort()),
            "LK_HDFS_PORT", Integer.toString(freeHdfsBase()));
    brokers =
        "127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d"
            .formatted(brokerBase, brokerBase + 1, brokerBase + 2);
    store = "postgresql://lk@127.0.0.1:" + cluster.get("LK_POSTGRES_PORT") + "/lk";
    hdfs = "hdfs://127.0.0.1:" + cluster.get("LK_HDFS_PORT");
    try {
      String up = submissions.run("up", cluster, UP_AND_DOWN, List.of("./cluster.sh", "up", "2"));
      assertThat(up).contains("2 workers").contains(brokers).contains(store).contains(hdfs);
    } catch (AssertionError | Exception e) {
      down(); // a cluster that came up only in part
      throw e;
    }
  }

  @AfterAll
  static void down() throws Exception {
    submissions.run("down", cluster, UP_AND_DOWN, List.of("./cluster.sh", "down"));
  }

  private static String master() {
    return "spark://127.0.0.1:" + cluster.get("LK_MASTER_PORT");
  }

  @Test
  @Order(1)
  void lkCompareOnTheClusterIsExactForBothArchitectures() throws Exception {
    String log =
        submissions.run(
            "compare",
            Map.of(),
            Duration.ofMinutes(10),
            submitLk(
                master(),
                smallCompare(
                    workdir.resolve("lk-work"),
                    "--bootstrap-servers",
                    brokers,
                    "--store",
                    store,
                    "--data-dir",
                    hdfs + "/lk")));
    assertExactForBoth(log);
    // The work ran in the workers' executors, two JVMs that are not the driver: each worker
    // launched one for the application, in a folder of its own (work-dir/app-…/executor-id).
    for (int worker = 1; worker <= 2; worker++) {
      try (Stream<Path> apps = Files.list(workdir.resolve("cluster/worker-" + worker))) {
        assertThat(apps.filter(app -> app.getFileName().toString().startsWith("app-")))
            .as("applications whose executors worker %d ran", worker)
            .isNotEmpty();
      }
    }
    // The run's topic lives on all three brokers, and a write needs two of them.
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
      String topic =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> name.startsWith("compare-"))
              .findFirst()
              .orElseThrow();
      assertThat(describe(admin, topic).partitions())
          .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(resource)
                  .get("min.insync.replicas")
                  .value())
          .isEqualTo("2");
    }
    // The master dataset, the batch views and the checkpoints were on HDFS, not in the workdir.
    DataPath run = DataFiles.list(DataPath.parse(hdfs + "/lk/compare")).get(0);
    assertThat(DataFiles.list(run))
        .extracting(DataPath::name)
        .contains("master", "views", "checkpoints");
    assertThat(DataFiles.size(run.resolve("master"))).isPositive();
    assertThat(DataFiles.countFolders(run.resolve("views/batch"))).isPositive();
    try (Stream<Path> files = Files.walk(workdir.resolve("lk-work/compare"))) {
      assertThat(files.map(Path::getFileName).map(Path::toString))
          .doesNotContain("master", "views", "checkpoints");
    }
    // The views were served from PostgreSQL, in the run's own schema, not from a DuckDB file.
    try (Stream<Path> files = Files.walk(workdir.resolve("lk-work/compare"))) {
      assertThat(files.filter(file -> file.toString().endsWith(".duckdb"))).isEmpty();
    }
    try (Connection postgres =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + cluster.get("LK_POSTGRES_PORT") + "/lk",
                "lk",
                "");
        Statement sql = postgres.createStatement();
        ResultSet schemas =
            sql.executeQuery(
                "SELECT table_schema FROM information_schema.tables"
                    + " WHERE table_name = 'served' AND table_schema LIKE 'compare%'")) {
      assertThat(schemas.next()).as("a compare run's schema").isTrue();
      String schema = schemas.getString(1);
      try (ResultSet served =
          sql.executeQuery("SELECT view FROM " + schema + ".served ORDER BY view")) {
        List<String> views = new ArrayList<>();
        while (served.next()) {
          views.add(served.getString(1));
        }
        assertThat(views).contains(KappaServing.VIEW, "lambda_realtime");
      }
    }
  }

  @Test
  @Order(2)
  void kappaLosesAndDoublesNothingWhenABrokerAndAWorkerDieMidRun() throws Exception {
    String topic = "faults";
    List<GeneratedRecord> records = GeneratedData.records(20261129L, 60_000, START, 0);
    // One partition, as in FaultInjectionIT: bounded steps over unevenly filled partitions make
    // events late in Kappa whether or not anything fails, which is not what this tests.
    KafkaTopics.ensureTopic(brokers, topic, 1);
    KafkaRecords.publish(brokers, topic, records);
    String faultsStore = store + "?schema=faults";
    StoreLocation faults = StoreLocation.parse(faultsStore);
    Process kappa =
        submissions.start(
            "kappa",
            Map.of(),
            submitLk(
                master(),
                "kappa",
                "run",
                "--until-caught-up",
                "--workdir",
                workdir.resolve("faults").toString(),
                "--bootstrap-servers",
                brokers,
                "--topic",
                topic,
                "--store",
                faultsStore,
                "--max-batch-records",
                "4000",
                "--port",
                "0"));

    long committedAtTheKills;
    try (ViewStore view = faults.open(new Workspace(workdir.resolve("faults")))) {
      committedAtTheKills = awaitCommitted(view, 2, kappa);
      int leader;
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
        leader = describe(admin, topic).partitions().get(0).leader().id();
      }
      // Broker n has node id n (cluster.sh); worker 1 runs one of the run's two executors.
      kill("kafka-" + leader);
      kill("worker-1");
    }
    String log = submissions.awaitSuccess("kappa", kappa, Duration.ofMinutes(10));
    assertThat(log).contains("caught up: 60,000 records");
    // The driver saw the worker's executor go, and its tasks ran again elsewhere.
    assertThat(log).contains("Lost executor");

    try (ViewStore view = faults.open(new Workspace(workdir.resolve("faults")))) {
      long served = view.servedGeneration(KappaServing.VIEW).orElseThrow();
      assertThat(view.lastBatchId(KappaServing.VIEW, served).orElseThrow())
          .as("micro-batches committed after the kills")
          .isGreaterThan(committedAtTheKills);
      assertAccountsForEveryRecord(view.microBatches(KappaServing.VIEW, served), records);
      assertServes(
          records,
          key ->
              new KappaServing(view)
                  .query(key, START.minus(Duration.ofHours(1)), START.plus(Duration.ofDays(2)))
                  .windows());
    }
  }

  /** Waits until version 1 of Kappa has committed micro-batch {@code batchId}; returns the last. */
  private static long awaitCommitted(ViewStore view, long batchId, Process kappa)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> last = view.lastBatchId(KappaServing.VIEW, 1);
      if (last.isPresent() && last.get() >= batchId) {
        return last.get();
      }
      assertThat(kappa.isAlive()).as("the Kappa run is still running").isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("Kappa committed no micro-batch " + batchId + " within 5 minutes");
  }

  /** SIGKILL to one of the cluster's processes, by the name cluster.sh gave its pid file. */
  private static void kill(String name) throws Exception {
    long pid = Long.parseLong(Files.readString(workdir.resolve("cluster/" + name + ".pid")).trim());
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  /** A port p with p..p+4 free: the NameNode (RPC, web) and the DataNode (three ports). */
  private static int freeHdfsBase() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = freePort();
      if (base < 65_000 && IntStream.range(1, 5).allMatch(d -> Submissions.isFree(base + d))) {
        return base;
      }
    }
    throw new IllegalStateException("no five free ports for HDFS");
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic);
  }
}
