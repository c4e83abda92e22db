package io.lambdakappa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.cli.Lk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar, submitted as a user submits it: {@code spark-submit --class
 * io.lambdakappa.cli.Lk lk-app.jar …} on a Spark installation that is not ours (the jars of {@code
 * spark-home}, which is all a {@code $SPARK_HOME/jars} holds for lk). Spark's own {@code
 * SparkSubmit} runs it in a JVM of its own, with only those jars on its class path: whatever the
 * jar lacks, or brings twice in a version Spark does not have, fails here.
 */
class SparkSubmitIT {

  private static final Pattern EXACT =
      Pattern.compile("(lambda|kappa) +(history|corrected) +([\\d,]+) of ([\\d,]+) windows exact");

  @TempDir Path workdir;

  @Test
  void lkCompareSubmittedAsAnApplicationJarIsExactForBothArchitectures() throws Exception {
    Path output = workdir.resolve("spark-submit.log");
    Process submit =
        new ProcessBuilder(
                sparkSubmit(
                    "compare",
                    "--workdir",
                    workdir.resolve("lk-work").toString(),
                    "--events",
                    "20000",
                    "--live-for",
                    "10s",
                    "--no-watermark-sweep"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = submit.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      submit.destroyForcibly();
    }
    String log = Files.readString(output);
    assertThat(finished).as("spark-submit finished within 10 minutes:%n%s", log).isTrue();
    assertThat(submit.exitValue()).as(log).isZero();

    // Both architectures, on the history and after their correction: every window exact.
    Matcher verdicts = EXACT.matcher(log);
    List<String> judged = new ArrayList<>();
    while (verdicts.find()) {
      judged.add(verdicts.group(1) + " " + verdicts.group(2));
      assertThat(verdicts.group(3)).as(verdicts.group()).isEqualTo(verdicts.group(4));
    }
    assertThat(judged)
        .containsExactlyInAnyOrder(
            "lambda history", "kappa history", "lambda corrected", "kappa corrected");
  }

  /** {@code spark-submit --master local[2] --class io.lambdakappa.cli.Lk lk-app.jar args…}. */
  private static List<String> sparkSubmit(String... args) throws IOException {
    Path jar = Path.of("target/lk-app.jar").toAbsolutePath();
    Path sparkJars = Path.of("../spark-home/target/spark/jars").toAbsolutePath().normalize();
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
            "local[2]",
            "--class",
            Lk.class.getName(),
            jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** The JVM options Spark needs on Java 17, as the lk launcher passes them. */
  private static String jvmOptions() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Lk.class.getResourceAsStream("/lk.properties")) {
      properties.load(in);
    }
    return properties.getProperty("jvm.options").trim();
  }
}
