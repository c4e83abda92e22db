package io.lambdakappa.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this class path in a JVM of its own, so an experiment or a test can do to it what
 * happens to a real process: {@code kill -9}, a signal, a clean stop. Its output goes to a file (a
 * full pipe would block it). It gets this JVM's module openings and Spark settings (the options
 * Spark needs on Java 17, and any {@code -Dspark.*} an experiment was given), not its heap, agents
 * or debugger.
 */
public final class ChildJvm {

  /** The options of this JVM a child inherits: what Spark needs, and what configures Spark. */
  private static final List<String> INHERITED =
      List.of("--add-opens", "--add-exports", "-XX:+IgnoreUnrecognizedVMOptions", "-Dspark.");

  private final Process process;
  private final Path output;
  private final String name;

  private ChildJvm(Process process, Path output, String name) {
    this.process = process;
    this.output = output;
    this.name = name;
  }

  /**
   * Starts {@code mainClass args…} with a heap of {@code heap} (e.g. "1g"); {@code jvmOptions} come
   * after the inherited ones, so they win.
   */
  public static ChildJvm start(
      Path output, String heap, List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(inheritedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    try {
      return new ChildJvm(builder.start(), output, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " " + String.join(" ", args), e);
    }
  }

  /** The options of {@code parentOptions} a child inherits, in their order. */
  static List<String> inheritedOptions(List<String> parentOptions) {
    return parentOptions.stream()
        .filter(option -> INHERITED.stream().anyMatch(option::startsWith))
        .toList();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Lets the process run for up to {@code time}, less if it ends by itself. */
  public void awaitExitOrWait(Duration time) throws InterruptedException {
    process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** {@code kill -9}: no shutdown hook, no flush, no goodbye. Returns whether it was running. */
  public boolean kill9() throws InterruptedException {
    if (!process.isAlive()) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
    return true;
  }

  /** Sends {@code signal} (e.g. "STOP", "CONT", "TERM") through the {@code kill} command. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /**
   * Waits until the process has printed a line containing {@code marker}, and says whether it did:
   * false if it ended first. Kills it and fails if neither happens within {@code timeout}.
   */
  public boolean awaitLine(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().lines().anyMatch(line -> line.contains(marker))) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        name
            + " (pid "
            + pid()
            + ") did not print \""
            + marker
            + "\" within "
            + timeout
            + "; it printed:\n"
            + output());
  }

  /**
   * Waits for the process to end by itself and returns its exit code; kills it and fails if it does
   * not end within {@code timeout}.
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name
              + " (pid "
              + pid()
              + ") did not finish within "
              + timeout
              + "; it printed:\n"
              + output());
    }
    return process.exitValue();
  }

  /** Everything the process has printed so far. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
