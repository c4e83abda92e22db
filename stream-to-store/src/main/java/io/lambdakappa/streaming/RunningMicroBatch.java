package io.lambdakappa.streaming;

import io.lambdakappa.logic.StreamAccounting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.MicroBatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.streaming.operators.stateful.StateStoreWriter;
import org.apache.spark.sql.execution.streaming.runtime.IncrementalExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What Spark knows about the micro-batch a {@code foreachBatch} function is running, read from
 * inside that function once the batch's rows have been computed.
 *
 * <p>Why not from {@code StreamingQueryProgress}, like everyone else? Spark reports a batch's
 * progress only after it has written the batch to its commit log. A process killed in between
 * leaves a batch that Spark will never run again and whose figures nobody will ever report: its
 * rows are in the view, its accounting is not. Read here, the figures go into the same store
 * transaction as the rows, so the store accounts for every batch Spark committed.
 *
 * <p>The figures are the ones the progress report would carry, taken from the same place Spark
 * takes them: the executed plan of the running batch (the observed metrics, the state operators'
 * metrics, the source scan's rows and end offset). That plan is Spark's internal API, so this class
 * is the one place that touches it; {@code RunningMicroBatchTest} checks it against the progress
 * report of the same batch.
 *
 * @param inputRows records the source read in this batch
 * @param observedMetrics the named observations ({@code Dataset.observe}) of this batch
 * @param stateOperators the state operators' figures (rows dropped behind the watermark, custom
 *     metrics such as dropped duplicates)
 * @param endOffsets each source's end offset as Spark writes it to the offset log (JSON)
 * @param startedAt when Spark planned the batch
 */
public record RunningMicroBatch(
    long inputRows,
    Map<String, Row> observedMetrics,
    List<StateOperatorProgress> stateOperators,
    List<String> endOffsets,
    Instant startedAt) {

  /**
   * The micro-batch running on this thread, which must be a streaming query's own thread (inside
   * {@code foreachBatch}) of a query started from {@code spark}, after the batch's rows have been
   * collected (the figures fill in as the batch runs).
   */
  public static RunningMicroBatch current(SparkSession spark) {
    String queryId = spark.sparkContext().getLocalProperty(StreamExecution.QUERY_ID_KEY());
    if (queryId == null) {
      throw new IllegalStateException("not on the thread of a streaming query");
    }
    StreamingQuery query = spark.streams().get(UUID.fromString(queryId));
    if (!(query instanceof StreamingQueryWrapper wrapper)) {
      throw new IllegalStateException("query " + queryId + " is not running in this session");
    }
    StreamExecution execution = wrapper.streamingQuery();
    IncrementalExecution batch = execution.lastExecution();
    List<StateOperatorProgress> stateOperators = new ArrayList<>();
    List<String> endOffsets = new ArrayList<>();
    long[] inputRows = {0};
    visit(
        batch.executedPlan(),
        node -> {
          if (node instanceof StateStoreWriter writer) {
            stateOperators.add(writer.getProgress());
          }
          if (node instanceof MicroBatchScanExec scan) {
            SQLMetric rows = scan.metrics().get("numOutputRows").get();
            inputRows[0] += rows.value();
            endOffsets.add(scan.end().json());
          }
        });
    return new RunningMicroBatch(
        inputRows[0],
        CollectionConverters.asJava(batch.observedMetrics()),
        List.copyOf(stateOperators),
        List.copyOf(endOffsets),
        Instant.ofEpochMilli(batch.offsetSeqMetadata().batchTimestampMs()));
  }

  /** How this batch accounted for its valid records (counted, duplicates, dropped late). */
  public StreamAccounting accounting() {
    return StreamAccounting.of(observedMetrics, stateOperators);
  }

  private static void visit(SparkPlan node, java.util.function.Consumer<SparkPlan> action) {
    action.accept(node);
    for (SparkPlan child : CollectionConverters.asJava(node.children())) {
      visit(child, action);
    }
  }
}
