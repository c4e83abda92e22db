package io.lambdakappa.runtime;

import io.lambdakappa.logic.WindowMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sink of a streaming view, for {@code foreachBatch}: hands each micro-batch's updated window
 * rows to an upsert, and remembers when each batch id became visible, for latency figures.
 *
 * <p>In update mode a micro-batch emits the full current aggregate of every window it touched, so
 * the upsert replaces rows rather than adding to them: a batch Spark replays after a crash writes
 * the same values again, and nothing is counted twice.
 */
public final class StreamingViewWriter implements VoidFunction2<Dataset<Row>, Long> {

  /** Receives one micro-batch's rows; must be idempotent per batch id. */
  @FunctionalInterface
  public interface Upsert {
    void apply(long batchId, List<WindowMetrics> rows);
  }

  private final transient Upsert upsert;
  private final Map<Long, Instant> visibleAt = new ConcurrentHashMap<>();
  private final Map<Long, Integer> rowsWritten = new ConcurrentHashMap<>();

  public StreamingViewWriter(Upsert upsert) {
    this.upsert = upsert;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    // One action: the batch is collected once (a second action would recompute it).
    List<WindowMetrics> rows = batch.collectAsList().stream().map(WindowMetrics::fromRow).toList();
    upsert.apply(batchId, rows);
    visibleAt.put(batchId, Instant.now());
    rowsWritten.put(batchId, rows.size());
  }

  /** When batch {@code batchId} was committed to the view, if it was. */
  public Instant visibleAt(long batchId) {
    return visibleAt.get(batchId);
  }

  public int rowsWritten(long batchId) {
    return rowsWritten.getOrDefault(batchId, 0);
  }
}
