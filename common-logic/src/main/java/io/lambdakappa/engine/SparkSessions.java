package io.lambdakappa.engine;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every command uses, with defaults that suit a small machine
 * (docs/benchmark.md has what they cost): local mode on all cores, no web UI, few shuffle
 * partitions (Spark's default of 200 makes each streaming micro-batch schedule 200 tiny tasks),
 * UTC, WARN logs.
 *
 * <p>Under {@code spark-submit} the master is already set in the {@code spark.master} system
 * property; it is then left alone, so the same jobs run on a cluster unchanged.
 */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * @param appName shown in Spark's logs and, on a cluster, in its UI
   * @param master a Spark master URL, or null for the default ({@code local[*]} unless run by
   *     spark-submit)
   */
  public static SparkSession create(String appName, String master) {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            // One shuffle partition per core. Each partition of a streaming query carries two state
            // stores (dedup, windows) that are loaded and committed every micro-batch: at 1k
            // events/s on 2 cores, 4 partitions took about 3.5 s a batch, 2 about 1.5 s.
            .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores)))
            .config("spark.sql.session.timeZone", "UTC")
            // Standard Parquet timestamps, which DuckDB and every other reader agree on.
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    if (master != null) {
      builder.master(master);
    } else if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    // Log levels come from log4j2.properties; setLogLevel would reset every logger to one level.
    SparkSession spark = builder.getOrCreate();
    QuietLogging.replaceFallback();
    return spark;
  }
}
