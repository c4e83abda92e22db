package io.lambdakappa.testing;

import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.StreamAccounting;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Spark's {@code StreamTest}, in the small: the shared pipeline on an in-memory stream, driven one
 * micro-batch at a time, so a streaming behaviour reads as a timeline. Each {@link #add} is one
 * micro-batch; then the test asks what the view holds ({@link #eventsIn}), what the state holds
 * ({@link #stateRows}) and how every record was accounted for ({@link #accounting}).
 */
public final class StreamTimeline implements AutoCloseable {

  private final Streams stream = new Streams();
  private final String table;
  private final StreamingQuery query;

  private StreamTimeline(EventPipeline pipeline, String table) throws TimeoutException {
    this.table = table;
    this.query =
        pipeline
            .applyObservingRejects(stream.raw())
            .metrics()
            .writeStream()
            .format("memory")
            .queryName(table)
            .outputMode("complete")
            .start();
  }

  /** A timeline whose view is the in-memory table {@code table} (unique per test). */
  public static StreamTimeline of(EventPipeline pipeline, String table) throws TimeoutException {
    return new StreamTimeline(pipeline, table);
  }

  /** One micro-batch of {@code records}, processed before this returns. */
  public StreamTimeline add(String... records) {
    stream.add(records);
    query.processAllAvailable();
    return this;
  }

  /**
   * Events counted in the window starting at {@code windowStart} (for example {@code "2026-01-01
   * 00:00:00"}).
   */
  public long eventsIn(String windowStart) {
    List<Row> rows =
        SharedSpark.get()
            .sql(
                "SELECT sum(events) FROM "
                    + table
                    + " WHERE window_start = TIMESTAMP '"
                    + windowStart
                    + "'")
            .collectAsList();
    return rows.isEmpty() || rows.get(0).isNullAt(0) ? 0 : rows.get(0).getLong(0);
  }

  /**
   * Rows each state operator holds after the last micro-batch, by operator name (Spark's {@code
   * dedupeWithinWatermark}, {@code stateStoreSave}, …): what lateness and deduplication cost.
   */
  public Map<String, Long> stateRows() {
    Map<String, Long> rows = new TreeMap<>();
    StreamingQueryProgress last = query.lastProgress();
    if (last != null) {
      for (StateOperatorProgress operator : last.stateOperators()) {
        rows.merge(operator.operatorName(), operator.numRowsTotal(), Long::sum);
      }
    }
    return rows;
  }

  /** Every record so far: valid, counted, duplicates, dropped late (each batch reported once). */
  public StreamAccounting accounting() {
    Map<Long, StreamingQueryProgress> lastReport = new TreeMap<>();
    for (StreamingQueryProgress progress : query.recentProgress()) {
      lastReport.put(progress.batchId(), progress); // an idle report, then the batch's own
    }
    StreamAccounting total = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : lastReport.values()) {
      total = total.plus(StreamAccounting.of(progress));
    }
    return total;
  }

  @Override
  public void close() throws TimeoutException {
    query.stop();
  }
}
