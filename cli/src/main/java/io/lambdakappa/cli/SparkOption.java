package io.lambdakappa.cli;

import io.lambdakappa.engine.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --master}: where Spark runs. */
final class SparkOption {

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master URL, e.g. local[4] or spark://host:7077 (default: local[*], or what spark-submit set).")
  String master;

  SparkSession session(String appName) {
    return SparkSessions.create(appName, master);
  }
}
