package io.lambdakappa.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code lk} in a JVM of its own, as a user starts it, so a test can do to it what happens to a
 * real process: {@code kill -9}, {@code SIGSTOP}, a clean stop. Its output goes to a file (a full
 * pipe would block it). Signals other than SIGKILL go through the {@code kill} command: POSIX hosts
 * only, as the project's tests already are (CI is Linux).
 */
final class LkProcess {

  private final Process process;
  private final Path output;

  private LkProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code lk args…}, its output in {@code output}. */
  static LkProcess start(Path output, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(jvmOptions().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Lk.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    try {
      return new LkProcess(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start lk " + String.join(" ", args), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Lets the process run for up to {@code millis}, less if it ends by itself. */
  void awaitExitOrWait(long millis) throws InterruptedException {
    process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** {@code kill -9}: no shutdown hook, no flush, no goodbye. Returns whether it was running. */
  boolean kill9() throws InterruptedException {
    if (!process.isAlive()) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("lk (pid " + pid() + ") survived SIGKILL for 30 s");
    }
    return true;
  }

  /** Sends {@code signal} (e.g. "STOP", "CONT", "TERM") to the process. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + pid() + " failed");
    }
  }

  /**
   * Waits for the process to end by itself; kills it and fails if it does not within {@code
   * timeout}.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "lk (pid " + pid() + ") did not finish within " + timeout + "; it printed:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** The JVM options {@code ./lk} starts Spark with (Java 17 module openings). */
  private static String jvmOptions() {
    Properties properties = new Properties();
    try (InputStream in = Lk.class.getResourceAsStream("/lk.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("jvm.options").trim();
  }
}
