package io.lambdakappa.cli;

import io.lambdakappa.harness.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * {@code lk} in a JVM of its own, as a user starts it ({@link ChildJvm}: its output in a file), so
 * a test can do to it what happens to a real process: {@code kill -9}, {@code SIGSTOP}, a clean
 * stop. Signals other than SIGKILL go through the {@code kill} command: POSIX hosts only, as the
 * project's tests already are (CI is Linux).
 */
final class LkProcess {

  private LkProcess() {}

  /** Starts {@code lk args…} with a 1 GB heap and the JVM options {@code ./lk} uses. */
  static ChildJvm start(Path output, String... args) {
    return ChildJvm.start(output, "1g", jvmOptions(), Lk.class.getName(), Arrays.asList(args));
  }

  /** The JVM options {@code ./lk} starts Spark with (Java 17 module openings). */
  private static List<String> jvmOptions() {
    Properties properties = new Properties();
    try (InputStream in = Lk.class.getResourceAsStream("/lk.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arrays.asList(properties.getProperty("jvm.options").trim().split("\\s+"));
  }
}
