package io.lambdakappa.engine;

import java.util.LinkedHashMap;
import java.util.Map;
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

  /** Our settings, each of which a JVM system property of the same name overrides. */
  static Map<String, String> defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.ui.enabled", "false");
    settings.put("spark.ui.showConsoleProgress", "false");
    // One shuffle partition per core. Each partition of a streaming query carries two state
    // stores (dedup, windows) that are loaded and committed every micro-batch: at 1k events/s on
    // 2 cores, 4 partitions took about 3.5 s a batch, 2 about 1.5 s.
    settings.put("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores)));
    settings.put("spark.sql.session.timeZone", "UTC");
    // Standard Parquet timestamps, which DuckDB and every other reader agree on.
    settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    settings.put("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true");
    // State in RocksDB, off the heap and spilled to local disk, not in the JVM's heap: with the
    // default provider a Kappa replay of 10M events in one micro-batch ran out of a 4 GB heap;
    // with RocksDB it completes (docs/benchmark.md). This is the store of a query nobody chose
    // one for: the streaming views choose per query, the heap where the state is small enough
    // (QuerySettings in stream-to-store). Changelog checkpointing writes each micro-batch's
    // changes instead of uploading files; a checkpoint keeps the provider it was started with.
    settings.put(
        "spark.sql.streaming.stateStore.providerClass",
        "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
    settings.put("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    return settings;
  }

  /**
   * @param appName shown in Spark's logs and, on a cluster, in its UI
   * @param master a Spark master URL, or null for the default ({@code local[*]} unless run by
   *     spark-submit)
   */
  public static SparkSession create(String appName, String master) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    defaults()
        .forEach(
            (key, value) -> {
              // A setting given to the JVM (spark-submit --conf, or -Dspark...=... in LK_JAVA_OPTS)
              // wins over ours: it is how an installation or an experiment changes one.
              if (System.getProperty(key) == null) {
                builder.config(key, value);
              }
            });
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
