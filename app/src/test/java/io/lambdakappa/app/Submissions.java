package io.lambdakappa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.cli.Lk;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Commands as a user runs them, from the project's root: {@code ./cluster.sh}, and {@code
 * spark-submit --class io.lambdakappa.cli.Lk lk-app.jar …} on a Spark installation that is not ours
 * (the jars of {@code spark-home}). Spark's own {@code SparkSubmit} runs the jar in a JVM of its
 * own, with only those jars on its class path.
 */
final class Submissions {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern EXACT =
      Pattern.compile("(lambda|kappa) +(history|corrected) +([\\d,]+) of ([\\d,]+) windows exact");

  /** Where the commands' output goes. */
  private final Path logs;

  Submissions(Path logs) {
    this.logs = logs;
  }

  /** {@code spark-submit --master MASTER --class io.lambdakappa.cli.Lk lk-app.jar ARGUMENTS…} */
  static List<String> submitLk(String master, String... arguments) throws IOException {
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
            jar.toString()));
    command.addAll(Arrays.asList(arguments));
    return command;
  }

  /** {@code compare} on 20,000 events with 10 s of live traffic, no watermark sweep: small. */
  static String[] smallCompare(Path workdir, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "compare",
                "--workdir",
                workdir.toString(),
                "--events",
                "20000",
                "--live-for",
                "10s",
                "--no-watermark-sweep"));
    arguments.addAll(Arrays.asList(options));
    return arguments.toArray(String[]::new);
  }

  /** Starts a command in the background; its output goes to {@code NAME.log}. */
  Process start(String name, Map<String, String> environment, List<String> command)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log(name).toFile());
    builder.environment().putAll(environment);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Runs a command; returns its output once it has exited 0 within the deadline. */
  String run(String name, Map<String, String> environment, Duration deadline, List<String> command)
      throws Exception {
    return awaitSuccess(name, start(name, environment, command), deadline);
  }

  /** Waits for a started command to exit 0 within the deadline; returns its output. */
  String awaitSuccess(String name, Process process, Duration deadline) throws Exception {
    boolean finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(log(name));
    assertThat(finished).as("%s finished within %s:%n%s", name, deadline, log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    return log;
  }

  private Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /** Both architectures, on the history and after their correction: every window exact. */
  static void assertExactForBoth(String log) {
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

  /** The JVM options Spark needs on Java 17, as the lk launcher passes them. */
  private static String jvmOptions() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Lk.class.getResourceAsStream("/lk.properties")) {
      properties.load(in);
    }
    return properties.getProperty("jvm.options").trim();
  }

  /** A port p with p..p+2 (brokers) and p+100..p+102 (controllers) all free. */
  static int freeBrokerBase() {
    Random random = new Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + random.nextInt(20_000);
      if (IntStream.of(0, 1, 2, 100, 101, 102).allMatch(d -> isFree(base + d))) {
        return base;
      }
    }
    throw new IllegalStateException("no free ports for three brokers");
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
