package io.lambdakappa.baseline;

import static org.apache.spark.sql.functions.col;

import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.streaming.ArrivalTimes;
import io.lambdakappa.streaming.EventLatency;
import io.lambdakappa.streaming.RunningMicroBatch;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming baseline: the plainest Spark streaming query that does the pipelines' work, written
 * by hand as {@link RawBaseline} is: Kafka, {@code from_json}, the contract's checks, Spark's own
 * deduplication within the watermark, tumbling-window aggregates in update mode, and a {@code
 * foreachBatch} that collects the rows. No quarantine, no accounting, no view store, Spark's
 * default state store (in the heap).
 *
 * <p>It runs two ways. Over the whole topic with {@code Trigger.AvailableNow}, it is what a replay
 * costs in the streaming engine itself, so Kappa's replay time splits into the engine's and ours.
 * Live, it is fed the same traffic as the pipelines and measured the same way (the Kafka log-append
 * time of each record to the moment its micro-batch's rows are collected), so a latency figure
 * splits the same way.
 */
public final class StreamingBaseline {

  private static final String IN_HEAP =
      "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";

  /** A running (or finished) baseline query: what it has collected so far. */
  public static final class Run implements AutoCloseable {
    private final StreamingQuery query;
    private final Map<String, WindowMetrics> windows;
    private final List<Batch> batches;

    private Run(StreamingQuery query, Map<String, WindowMetrics> windows, List<Batch> batches) {
      this.query = query;
      this.windows = windows;
      this.batches = batches;
    }

    public StreamingQuery query() {
      return query;
    }

    /** Every window's latest rows, as the oracle names them ({@code key@windowStart}). */
    public Map<String, WindowMetrics> windows() {
      return Map.copyOf(windows);
    }

    /**
     * The event-to-visible latency over the batches that read records and ended after {@code from}.
     */
    public EventLatency latencySince(Instant from) {
      return EventLatency.of(
          batches.stream()
              .filter(batch -> batch.latency().events() > 0 && !batch.collectedAt().isBefore(from))
              .map(Batch::latency)
              .toList());
    }

    /** The events dropped behind the watermark so far, as Spark's state operators count them. */
    public long droppedLate() {
      return batches.stream().mapToLong(Batch::droppedLate).sum();
    }

    /** Waits for a bounded run to end; fails after {@code timeout}. */
    public void awaitEnd(Duration timeout) throws Exception {
      if (!query.awaitTermination(timeout.toMillis())) {
        query.stop();
        throw new IllegalStateException("the streaming baseline did not finish within " + timeout);
      }
    }

    @Override
    public void close() throws TimeoutException {
      query.stop();
    }
  }

  /**
   * One micro-batch: when its rows were collected, its latency profile, and the events its state
   * operators dropped behind the watermark.
   */
  private record Batch(Instant collectedAt, EventLatency.Batch latency, long droppedLate) {}

  private final SparkSession spark;
  private final String window;
  private final String watermark;

  public StreamingBaseline(SparkSession spark, Duration window, Duration watermark) {
    this.spark = spark;
    this.window = window.toMillis() + " milliseconds";
    this.watermark = watermark.toMillis() + " milliseconds";
  }

  /**
   * Starts the query on {@code topic} from {@code startingOffsets} ("earliest", or Kafka's JSON of
   * offsets) with {@code trigger}: AvailableNow for a replay of what the topic holds, in steps of
   * at most {@code maxRecordsPerBatch} records (0: one step), or ProcessingTime(0) live.
   */
  public Run start(
      String bootstrapServers,
      String topic,
      String startingOffsets,
      DataPath checkpoint,
      Trigger trigger,
      long maxRecordsPerBatch)
      throws TimeoutException {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrapServers)
            .option("subscribe", topic)
            .option("startingOffsets", startingOffsets);
    if (maxRecordsPerBatch > 0) {
      reader = reader.option("maxOffsetsPerTrigger", maxRecordsPerBatch);
    }
    Dataset<Row> records =
        reader
            .load()
            .select(
                col("value").cast("string").as("raw"), col("timestamp").as(EventSchema.ARRIVAL));
    Dataset<Row> events =
        // A replay's arrival times are history, not a latency: observed live only, as the pipelines
        // do.
        RawBaseline.contractEvents(
                trigger.equals(Trigger.AvailableNow()) ? records : ArrivalTimes.observe(records))
            .drop(EventSchema.ARRIVAL)
            .withWatermark("event_time", watermark)
            .dropDuplicatesWithinWatermark("event_id", "event_time");
    Map<String, WindowMetrics> windows = new ConcurrentHashMap<>();
    List<Batch> batches = new CopyOnWriteArrayList<>();
    VoidFunction2<Dataset<Row>, Long> collect =
        (rows, batchId) -> {
          List<Row> collected = rows.collectAsList();
          Instant visibleAt = Instant.now();
          for (Row row : collected) {
            WindowMetrics metrics = metrics(row);
            windows.put(metrics.key() + "@" + metrics.windowStart(), metrics);
          }
          RunningMicroBatch batch = RunningMicroBatch.current(spark);
          ArrivalTimes.Latency latency = ArrivalTimes.latency(batch.observedMetrics(), visibleAt);
          long late = 0;
          for (StateOperatorProgress operator : batch.stateOperators()) {
            late += operator.numRowsDroppedByWatermark();
          }
          batches.add(
              new Batch(
                  visibleAt,
                  new EventLatency.Batch(batch.inputRows(), latency.profileMillis()),
                  late));
        };
    // Spark's default store, whatever this session's default: the plainest query there is.
    String provider = "spark.sql.streaming.stateStore.providerClass";
    String before = spark.conf().get(provider);
    spark.conf().set(provider, IN_HEAP);
    try {
      StreamingQuery query =
          RawBaseline.aggregate(events, window)
              .writeStream()
              .outputMode("update")
              .option("checkpointLocation", checkpoint.toString())
              .trigger(trigger)
              .foreachBatch(collect)
              .start();
      return new Run(query, windows, batches);
    } finally {
      spark.conf().set(provider, before);
    }
  }

  private static WindowMetrics metrics(Row row) {
    Row window = row.getStruct(row.fieldIndex("window"));
    return new WindowMetrics(
        row.getAs("key"),
        window.<Timestamp>getAs("start").toInstant(),
        window.<Timestamp>getAs("end").toInstant(),
        row.<Long>getAs("events"),
        row.<BigDecimal>getAs("value_sum"),
        row.<BigDecimal>getAs("value_min"),
        row.<BigDecimal>getAs("value_max"),
        row.getAs("users_sketch"));
  }

  /** What a run counted: every event once, and the sum of their values. */
  public static RawBaseline.Totals totals(Map<String, WindowMetrics> windows) {
    long events = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (WindowMetrics metrics : windows.values()) {
      events += metrics.events();
      sum = sum.add(metrics.valueSum());
    }
    return new RawBaseline.Totals(events, sum.stripTrailingZeros());
  }
}
