package io.lambdakappa.compare;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * CPU time of the Spark tasks each streaming query ran, for the live phase where both architectures
 * share one process and the process's CPU counter cannot tell them apart.
 *
 * <p>Spark tags every job a streaming query starts with the query's id (the local property {@code
 * sql.streaming.queryId}); the job's stages map the tasks back to it, and each finished task
 * reports its executor CPU time. What runs on the driver outside tasks (planning, the store's
 * upserts) is not in it: this is the work of the engine, the same measure for both.
 */
final class QueryCpu extends SparkListener implements AutoCloseable {

  private static final String QUERY_ID = "sql.streaming.queryId";

  private final SparkContext context;
  private final Map<Integer, String> queryOfStage = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> cpuNanos = new ConcurrentHashMap<>();

  private QueryCpu(SparkContext context) {
    this.context = context;
  }

  /** Starts counting; {@link #close()} stops. */
  static QueryCpu listen(SparkContext context) {
    QueryCpu meter = new QueryCpu(context);
    context.addSparkListener(meter);
    return meter;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String query =
        jobStart.properties() == null ? null : jobStart.properties().getProperty(QUERY_ID);
    if (query != null) {
      for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
        queryOfStage.put((Integer) stage, query);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    String query = queryOfStage.get(taskEnd.stageId());
    if (query != null && taskEnd.taskMetrics() != null) {
      cpuNanos
          .computeIfAbsent(query, q -> new LongAdder())
          .add(
              taskEnd.taskMetrics().executorCpuTime()
                  + taskEnd.taskMetrics().executorDeserializeCpuTime());
    }
  }

  /** CPU seconds of the tasks {@code query} has run since this meter started. */
  double seconds(StreamingQuery query) {
    LongAdder nanos = cpuNanos.get(query.id().toString());
    return nanos == null ? 0 : nanos.sum() / 1e9;
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}
