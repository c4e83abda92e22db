package io.lambdakappa.streaming;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark settings one streaming query is started with, chosen for that query rather than for the
 * session: where its state lives. Spark copies the session's settings when a query starts, and a
 * query resumed from its checkpoint takes its state store from there, so the choice holds for the
 * query's whole life. The measurements behind it are in docs/benchmark.md.
 *
 * <p>Spark's default store keeps each operator's state in a hash map in the JVM heap; RocksDB keeps
 * it off the heap and spills to disk. The heap store replayed the ci workload's 300,000 records
 * about a fifth faster, but a replay of 10 million events in one micro-batch ran out of a 4 GB heap
 * with it. So the choice follows the most records one micro-batch can bring into the state at once:
 * the step a query catches up in, or, with no step, everything the log holds past where the query
 * starts. Up to {@link #MOST_RECORDS_IN_HEAP} the heap store, beyond it RocksDB.
 *
 * <p>A setting given to the JVM ({@code -Dspark.sql.streaming.stateStore.providerClass=…}) wins
 * over the choice, as it wins over every setting of lk's.
 */
public record QuerySettings(Map<String, String> settings) {

  static final String PROVIDER = "spark.sql.streaming.stateStore.providerClass";
  static final String IN_HEAP =
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
  static final String ROCKSDB =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

  /**
   * The most records one micro-batch may bring into the state for it to be kept in the heap: the
   * deduplication keeps every event id of a batch until the watermark passes it, about 150 bytes
   * each in the heap store, which keeps two versions of it.
   */
  public static final long MOST_RECORDS_IN_HEAP = 2_000_000;

  /**
   * The settings of a query that reads at most {@code maxRecordsPerBatch} records a micro-batch (0
   * for no limit), {@code backlog} records being in the log past where it starts.
   */
  public static QuerySettings of(long maxRecordsPerBatch, long backlog) {
    Map<String, String> settings = new LinkedHashMap<>();
    long mostPerBatch = maxRecordsPerBatch > 0 ? Math.min(maxRecordsPerBatch, backlog) : backlog;
    if (System.getProperty(PROVIDER) == null) {
      settings.put(PROVIDER, mostPerBatch <= MOST_RECORDS_IN_HEAP ? IN_HEAP : ROCKSDB);
    }
    return new QuerySettings(Map.copyOf(settings));
  }

  /** Starts one streaming query. */
  @FunctionalInterface
  public interface Start<T> {
    T start() throws TimeoutException;
  }

  /**
   * Runs {@code start} (which starts one query) with these settings in {@code spark}'s session,
   * then puts the session's own settings back. Queries are started one at a time, so that no other
   * query starts with settings chosen for this one.
   */
  public <T> T startWith(SparkSession spark, Start<T> start) throws TimeoutException {
    synchronized (QuerySettings.class) {
      RuntimeConfig conf = spark.conf();
      Map<String, String> before = new LinkedHashMap<>();
      settings.keySet().forEach(key -> before.put(key, conf.getOption(key).getOrElse(() -> null)));
      settings.forEach(conf::set);
      try {
        return start.start();
      } finally {
        before.forEach(
            (key, value) -> {
              if (value == null) {
                conf.unset(key);
              } else {
                conf.set(key, value);
              }
            });
      }
    }
  }
}
