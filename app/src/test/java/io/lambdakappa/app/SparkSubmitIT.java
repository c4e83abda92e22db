package io.lambdakappa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.cli.Lk;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar, submitted as a user submits it: {@code spark-submit --class
 * io.lambdakappa.cli.Lk lk-app.jar …} on a Spark installation that is not ours (the jars of {@code
 * spark-home}, which is all a {@code $SPARK_HOME/jars} holds for lk). Spark's own {@code
 * SparkSubmit} runs it in a JVM of its own, with only those jars on its class path: whatever the
 * jar lacks, or brings twice in a version Spark does not have, fails here. Then the same on a Spark
 * standalone cluster of separate processes ({@code ./cluster.sh}): a master, two workers, executors
 * in JVMs of their own, three Kafka brokers and a PostgreSQL view store.
 */
class SparkSubmitIT {

  private static final Pattern EXACT =
      Pattern.compile("(lambda|kappa) +(history|corrected) +([\\d,]+) of ([\\d,]+) windows exact");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path workdir;

  @Test
  void lkCompareSubmittedAsAnApplicationJarIsExactForBothArchitectures() throws Exception {
    assertExactForBoth(submitCompare("local[2]"));
  }

  @Test
  void lkCompareOnAClusterOfSeparateProcessesIsExactForBothArchitectures() throws Exception {
    int brokerBase = freeBrokerBase();
    Map<String, String> cluster =
        Map.of(
            "LK_CLUSTER_DIR", workdir.resolve("cluster").toString(),
            "LK_MASTER_PORT", Integer.toString(freePort()),
            "LK_MASTER_UI_PORT", Integer.toString(freePort()),
            "LK_BROKER_BASE_PORT", Integer.toString(brokerBase),
            "LK_POSTGRES_PORT", Integer.toString(freePort()));
    String store = "postgresql://lk@127.0.0.1:" + cluster.get("LK_POSTGRES_PORT") + "/lk";
    String brokers =
        "127.0.0.1:"
            + brokerBase
            + ",127.0.0.1:"
            + (brokerBase + 1)
            + ",127.0.0.1:"
            + (brokerBase + 2);
    try {
      // Inside the try: a cluster that came up only in part is stopped too.
      String up = run(cluster, 4, "./cluster.sh", "up", "2");
      assertThat(up).contains("2 workers").contains(brokers).contains(store);
      String log =
          submitCompare(
              "spark://127.0.0.1:" + cluster.get("LK_MASTER_PORT"),
              "--bootstrap-servers",
              brokers,
              "--store",
              store);
      assertExactForBoth(log);
      // The views were served from PostgreSQL, in the run's own schema, not from a DuckDB file.
      assertThat(workdir.resolve("lk-work/compare")).isDirectoryNotContaining("glob:**/lk.duckdb");
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
          assertThat(views).contains("kappa", "lambda_realtime");
        }
      }
      // The work ran in the workers' executors, two JVMs that are not the driver.
      assertThat(log).contains("Registered executor").contains("with ID 0").contains("with ID 1");
      // The run's topic lives on all three brokers, and a write needs two of them.
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
        String topic =
            admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith("compare-"))
                .findFirst()
                .orElseThrow();
        TopicDescription description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
        assertThat(description.partitions())
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
    } finally {
      run(cluster, 2, "./cluster.sh", "down");
    }
  }

  /** Both architectures, on the history and after their correction: every window exact. */
  private static void assertExactForBoth(String log) {
    Matcher verdicts = EXACT.matcher(log);
    List<String> judged = new ArrayList<>();
    while (verdicts.find()) {
      judged.add(verdicts.group(1) + " " + verdicts.group(2));
      assertThat(verdicts.group(3)).as(verdicts.group()).isEqualTo(verdicts.group(4));
    }
    assertThat(judged)
        .as(log)
        .containsExactlyInAnyOrder(
            "lambda history", "kappa history", "lambda corrected", "kappa corrected");
  }

  /**
   * {@code spark-submit --master MASTER --class io.lambdakappa.cli.Lk lk-app.jar compare …} on 20k
   * events; returns its output once it has exited 0.
   */
  private String submitCompare(String master, String... options) throws Exception {
    Path jar = ROOT.resolve("app/target/lk-app.jar");
    Path sparkJars = ROOT.resolve("spark-home/target/spark/jars");
    assertThat(jar).as("mvn package builds the application jar").exists();
    assertThat(sparkJars).as("mvn package builds spark-home").isDirectory();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.addAll(Arrays.asList(jvmOptions().split("\\s+")));
    command.addAll(
        List.of(
            "-cp",
            sparkJars + "/*",
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            master,
            "--executor-memory",
            "1g",
            "--class",
            Lk.class.getName(),
            jar.toString(),
            "compare",
            "--workdir",
            workdir.resolve("lk-work").toString(),
            "--events",
            "20000",
            "--live-for",
            "10s",
            "--no-watermark-sweep"));
    command.addAll(List.of(options));
    return run(Map.of(), 10, command.toArray(String[]::new));
  }

  /** Runs a command from the project's root; returns its output once it has exited 0. */
  private String run(Map<String, String> environment, int minutes, String... command)
      throws Exception {
    Path output = Files.createTempFile(workdir, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    boolean finished = process.waitFor(minutes, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(output);
    assertThat(finished)
        .as("%s finished within %d minutes:%n%s", command[0], minutes, log)
        .isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    return log;
  }

  /** The JVM options Spark needs on Java 17, as the lk launcher passes them. */
  private static String jvmOptions() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Lk.class.getResourceAsStream("/lk.properties")) {
      properties.load(in);
    }
    return properties.getProperty("jvm.options").trim();
  }

  /** A port p with p..p+2 (brokers) and p+100..p+102 (controllers) all free. */
  private static int freeBrokerBase() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + new java.util.Random().nextInt(20_000);
      if (java.util.stream.IntStream.of(0, 1, 2, 100, 101, 102).allMatch(d -> isFree(base + d))) {
        return base;
      }
    }
    throw new IllegalStateException("no free ports for three brokers");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
