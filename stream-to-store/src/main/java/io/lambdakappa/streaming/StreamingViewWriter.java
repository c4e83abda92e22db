package io.lambdakappa.streaming;

import io.lambdakappa.logic.WindowMetrics;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sink of a streaming view, for {@code foreachBatch}: hands each micro-batch's updated window
 * rows, with what Spark knows about the batch ({@link RunningMicroBatch}), to one upsert.
 *
 * <p>In update mode a micro-batch emits the full current aggregate of every window it touched, so
 * the upsert replaces rows rather than adding to them: a batch Spark replays after a crash writes
 * the same values again, and nothing is counted twice. Because the batch's figures travel with its
 * rows, a crash can lose neither without the other.
 */
public final class StreamingViewWriter implements VoidFunction2<Dataset<Row>, Long> {

  /**
   * Receives one micro-batch's rows and figures; must write both in one transaction and be
   * idempotent per batch id.
   */
  @FunctionalInterface
  public interface Upsert {
    void apply(long batchId, List<WindowMetrics> rows, RunningMicroBatch batch);
  }

  private final transient SparkSession spark;
  private final transient Upsert upsert;

  /** {@code spark} is the session the query is started from. */
  public StreamingViewWriter(SparkSession spark, Upsert upsert) {
    this.spark = spark;
    this.upsert = upsert;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    // One action: the batch is collected once (a second action would recompute it).
    List<WindowMetrics> rows = batch.collectAsList().stream().map(WindowMetrics::fromRow).toList();
    upsert.apply(batchId, rows, RunningMicroBatch.current(spark));
  }
}
