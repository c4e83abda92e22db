package io.lambdakappa.exactlyonce;

import io.lambdakappa.engine.SparkSessions;
import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.KafkaStreamSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The process the exactly-once experiment kills: both sinks on the same topic in one JVM, so every
 * {@code kill -9} hits both at the same moment. The idempotent one is Kappa itself ({@link
 * KappaPipeline}, as {@code lk kappa run --until-caught-up} runs it); the naive one is {@link
 * NaiveAppendSink}. Both replay the topic with the AvailableNow trigger in steps of the same size,
 * resuming from their checkpoints after a kill, and the process exits when both have caught up.
 *
 * <p>Arguments: {@code WORKDIR BOOTSTRAP_SERVERS TOPIC MAX_RECORDS_PER_BATCH WATERMARK RUN} (the
 * watermark as an ISO-8601 duration, the run as its number among the restarts). It prints {@link
 * #STARTED} once both queries run, a line per committed micro-batch ({@link #COMMITTED} sink batch
 * id), and {@link #CAUGHT_UP}.
 */
public final class ExactlyOnceWorker {

  static final String STARTED = "exactly-once worker: both queries started";
  static final String COMMITTED = "exactly-once worker: committed";
  static final String CAUGHT_UP = "exactly-once worker: both sinks caught up";
  static final String UPSERT = "upsert";
  static final String APPEND = "append";

  /** How long one run may take to catch up: a deadline, not an expectation. */
  private static final Duration DEADLINE = Duration.ofMinutes(15);

  private ExactlyOnceWorker() {}

  public static void main(String[] args) throws Exception {
    Workspace workspace = new Workspace(Path.of(args[0]));
    String bootstrapServers = args[1];
    String topic = args[2];
    long maxRecordsPerBatch = Long.parseLong(args[3]);
    LogicConfig logic = LogicConfig.defaults().withWatermarkDelay(Duration.parse(args[4]));
    int run = Integer.parseInt(args[5]);

    SparkSession spark = SparkSessions.create("lk-exactly-once-worker", null);
    Workspace upsertSide = workspace.within(UPSERT);
    Workspace appendSide = workspace.within(APPEND);
    try (ViewStore store = StoreLocation.embedded().open(upsertSide);
        KappaPipeline kappa =
            KappaPipeline.of(
                spark,
                store,
                upsertSide,
                bootstrapServers,
                topic,
                Trigger.AvailableNow(),
                maxRecordsPerBatch)) {
      // Before the queries start, so that no micro-batch goes unprinted.
      spark.streams().addListener(new CommittedBatches());
      StreamingQuery upsert = kappa.start(logic).query();
      StreamingQuery append =
          NaiveAppendSink.start(
              spark,
              new KafkaStreamSource(bootstrapServers, topic),
              new EventPipeline(logic),
              maxRecordsPerBatch,
              bootstrapServers,
              appendedTopic(topic),
              appendSide.checkpoints().resolve(NaiveAppendSink.QUERY_NAME).toString(),
              run);
      System.out.println(STARTED);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      for (StreamingQuery query : new StreamingQuery[] {upsert, append}) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !query.awaitTermination(left)) {
          throw new IllegalStateException("the sinks did not catch up within " + DEADLINE);
        }
      }
      System.out.println(CAUGHT_UP);
    } finally {
      spark.stop();
    }
  }

  /** The topic the naive sink appends to. */
  static String appendedTopic(String topic) {
    return topic + "-appended";
  }

  /** Prints each committed micro-batch, for the experiment to count those after the last kill. */
  private static final class CommittedBatches extends StreamingQueryListener {

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      String name = String.valueOf(event.progress().name());
      String sink = name.equals(NaiveAppendSink.QUERY_NAME) ? APPEND : UPSERT;
      if (event.progress().numInputRows() > 0) {
        System.out.printf("%s %s %d%n", COMMITTED, sink, event.progress().batchId());
        System.out.flush();
      }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}
