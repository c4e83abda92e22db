package io.lambdakappa.compare;

import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.speed.SpeedLayer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Counts the moving parts each architecture really started during a comparison: its streaming
 * queries (by the view their name says they fill) and its Spark jobs. A streaming query's jobs
 * carry the query's id (Spark's local property {@code sql.streaming.queryId}); the jobs of a phase
 * run on the comparison's own thread (Lambda's batch runs, the seam of a speed generation) carry
 * the architecture the comparison sets with {@link #during}. Jobs of the oracle, the sweep and the
 * code metrics carry neither and are not counted.
 */
final class PartsCounter extends SparkListener implements AutoCloseable {

  private static final String QUERY_ID = "sql.streaming.queryId";
  private static final String ARCHITECTURE = "lk.architecture";

  private final SparkSession spark;
  private final Listener queries = new Listener();

  /** Streaming query id → architecture, from the queries' names. */
  private final Map<String, String> architectureOfQuery = new ConcurrentHashMap<>();

  /** Job id → the query that ran it, or the architecture of the phase that ran it. */
  private final Map<Integer, String> queryOfJob = new ConcurrentHashMap<>();

  private final Map<Integer, String> phaseOfJob = new ConcurrentHashMap<>();

  private PartsCounter(SparkSession spark) {
    this.spark = spark;
  }

  static PartsCounter listen(SparkSession spark) {
    PartsCounter counter = new PartsCounter(spark);
    spark.sparkContext().addSparkListener(counter);
    spark.streams().addListener(counter.queries);
    return counter;
  }

  /** Runs {@code phase} on this thread with its Spark jobs counted for {@code architecture}. */
  <T> T during(String architecture, PhaseBody<T> phase) throws Exception {
    SparkContext context = spark.sparkContext();
    context.setLocalProperty(ARCHITECTURE, architecture);
    try {
      return phase.run();
    } finally {
      context.setLocalProperty(ARCHITECTURE, null);
    }
  }

  /** A phase of the comparison. */
  @FunctionalInterface
  interface PhaseBody<T> {
    T run() throws Exception;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    if (job.properties() == null) {
      return;
    }
    String query = job.properties().getProperty(QUERY_ID);
    String phase = job.properties().getProperty(ARCHITECTURE);
    if (query != null) {
      queryOfJob.put(job.jobId(), query);
    } else if (phase != null) {
      phaseOfJob.put(job.jobId(), phase);
    }
  }

  /** Streaming queries the architecture started (a query resumed from its checkpoint once). */
  long streamingQueries(String architecture) {
    return architectureOfQuery.values().stream().filter(architecture::equals).count();
  }

  /** Spark jobs the architecture ran: its queries' jobs and its own phases' jobs. */
  long sparkJobs(String architecture) {
    long fromQueries =
        queryOfJob.values().stream()
            .filter(query -> architecture.equals(architectureOfQuery.get(query)))
            .count();
    long fromPhases = phaseOfJob.values().stream().filter(architecture::equals).count();
    return fromQueries + fromPhases;
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
    spark.streams().removeListener(queries);
  }

  /** The architecture a streaming view belongs to, from its name; null for the sweep's. */
  static String architectureOf(String queryName) {
    if (queryName == null) {
      return null;
    }
    for (Map.Entry<String, String> view :
        Map.of(SpeedLayer.REALTIME_VIEW, "lambda", KappaServing.VIEW, "kappa").entrySet()) {
      if (queryName.startsWith(view.getKey() + "-")) {
        return view.getValue();
      }
    }
    return null;
  }

  private final class Listener extends StreamingQueryListener {
    @Override
    public void onQueryStarted(QueryStartedEvent event) {
      String architecture = architectureOf(event.name());
      if (architecture != null) {
        architectureOfQuery.put(event.id().toString(), architecture);
      }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}
