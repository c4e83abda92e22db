package io.lambdakappa.exactlyonce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.row_number;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.ChildJvm;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.logic.EventSchema;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowAggregation;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Exactly-once into the store, measured: the same replay of one topic into two sinks in one worker
 * process ({@link ExactlyOnceWorker}), killed with SIGKILL at seeded random moments and restarted
 * each time, then left to catch up. The idempotent upsert (Kappa's own sink: a micro-batch's full
 * window rows and its record, keyed by batch id, in one transaction) must equal the oracle; the
 * naive append ({@link NaiveAppendSink}) is off by exactly the events it wrote twice, which its own
 * records count.
 */
public final class ExactlyOnce {

  /**
   * @param data the records, in the topic and in files for the oracle
   * @param kills how many times to kill the worker (fewer land if it catches up first)
   * @param shortestPause the least time the worker runs before a kill, counted from its first
   *     committed micro-batch
   * @param longestPause the most
   * @param maxRecordsPerBatch the step both sinks replay the topic in
   * @param partitions the topic's partitions
   */
  public record Options(
      GeneratorOptions data,
      int kills,
      Duration shortestPause,
      Duration longestPause,
      long maxRecordsPerBatch,
      int partitions) {

    /**
     * The logic both sinks run: the defaults, with a watermark longer than the data's whole
     * event-time span and its lateness, so that nothing is dropped as late and every difference
     * from the oracle is the sink's. (A watermark just above the lateness is not enough for a
     * replay in steps: the topic's partitions do not advance through event time in step, and a
     * partition ahead moves the watermark past a late event another partition has not yet given.)
     */
    public LogicConfig logic() {
      return LogicConfig.defaults()
          .withWatermarkDelay(data.span().plus(data.lateBy()).plus(data.jitter()));
    }
  }

  /** A worker gets this long to start its queries, and its last run this long to catch up. */
  private static final Duration START_DEADLINE = Duration.ofMinutes(3);

  private static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(20);

  private final ArchitectureHarness harness;
  private final Options options;
  private final PrintWriter out;

  public ExactlyOnce(ArchitectureHarness harness, Options options, PrintWriter out) {
    this.harness = harness;
    this.options = options;
    this.out = out;
  }

  public ExactlyOnceResults run(String runId) throws Exception {
    Instant started = Instant.now();
    harness.ensureTopic(options.partitions());
    KafkaTopics.ensureTopic(
        harness.bootstrapServers(),
        ExactlyOnceWorker.appendedTopic(harness.topic()),
        options.partitions());
    Path files = harness.workspace().data().resolve("events");
    step("%,d records to %s and to topic %s", options.data().records(), files, harness.topic());
    harness.publish(
        new EventGenerator(options.data()), files, 0, "publish", options.data().records());

    KillSchedule schedule =
        KillSchedule.of(
            options.data().seed(),
            options.kills(),
            options.shortestPause(),
            options.longestPause());
    List<RunOutcome> killed = new ArrayList<>();
    for (Duration pause : schedule.pauses()) {
      int run = killed.size() + 1;
      step(
          "run %d: the worker replays into both sinks; kill -9 %.1f s after its first commit",
          run, seconds(pause));
      ChildJvm worker = startWorker(run);
      // The pause starts once the run's first micro-batch is committed: before that a kill only
      // interrupts the JVM's and Spark's start, which no sink sees.
      if (!worker.awaitLine(ExactlyOnceWorker.COMMITTED, START_DEADLINE)
          && !worker.output().contains(ExactlyOnceWorker.CAUGHT_UP)) {
        throw new IllegalStateException(
            "the worker ended before it committed:\n" + worker.output());
      }
      worker.awaitExitOrWait(pause);
      boolean landed = worker.kill9();
      killed.add(new RunOutcome(pause, landed, committed(worker.output())));
      if (!landed) {
        step("run %d had caught up before the kill: no more kills", run);
        break;
      }
    }
    int last = killed.size() + 1;
    step("run %d: the worker catches up, with no kill", last);
    ChildJvm worker = startWorker(last);
    int exit = worker.awaitExit(CATCH_UP_DEADLINE);
    if (exit != 0 || !worker.output().contains(ExactlyOnceWorker.CAUGHT_UP)) {
      throw new IllegalStateException(
          "the worker's last run failed (exit " + exit + "):\n" + worker.output());
    }
    ExactlyOnceResults.Committed finalRun = committed(worker.output());

    step("judge both sinks against the oracle");
    LogicConfig logic = options.logic();
    try (SqlOracle oracle = SqlOracle.of(List.of(files))) {
      Map<String, SqlOracle.Expected> expected = oracle.expected(logic.window());
      SqlOracle.Counts counts = oracle.counts();
      Dataset<Row> appendedRows =
          NaiveAppendSink.appended(
                  harness.spark(),
                  harness.bootstrapServers(),
                  ExactlyOnceWorker.appendedTopic(harness.topic()))
              .cache();
      try {
        Map<Integer, Long> againByRun = eventsAppendedAgainByRun(appendedRows);
        List<ExactlyOnceResults.Kill> kills = new ArrayList<>();
        for (int i = 0; i < killed.size(); i++) {
          RunOutcome run = killed.get(i);
          kills.add(
              new ExactlyOnceResults.Kill(
                  i + 1,
                  run.pause(),
                  run.landed(),
                  run.committed(),
                  againByRun.getOrDefault(i + 2, 0L)));
        }
        return new ExactlyOnceResults(
            ExactlyOnceResults.SCHEMA_VERSION,
            runId,
            started,
            Duration.between(started, Instant.now()),
            new ExactlyOnceResults.Settings(
                options.data().seed(),
                options.data().records(),
                options.maxRecordsPerBatch(),
                options.kills(),
                options.shortestPause(),
                options.longestPause(),
                logic.window(),
                logic.watermarkDelay(),
                options.partitions()),
            new ExactlyOnceResults.Dataset(
                counts.read(), counts.valid(), counts.unique(), expected.size()),
            kills,
            finalRun,
            Accuracy.of("after the kills", "upsert", upsertAnswer(expected.keySet()), expected),
            Accuracy.of("after the kills", "append", appendAnswer(appendedRows, logic), expected),
            appended(appendedRows));
      } finally {
        appendedRows.unpersist();
      }
    }
  }

  /** What one killed run of the worker did. */
  private record RunOutcome(
      Duration pause, boolean landed, ExactlyOnceResults.Committed committed) {}

  private ChildJvm startWorker(int run) throws IOException {
    Path logs = Files.createDirectories(harness.workspace().root().resolve("logs"));
    return ChildJvm.start(
        logs.resolve("worker-run-" + run + ".log"),
        "2g",
        List.of(),
        ExactlyOnceWorker.class.getName(),
        List.of(
            sides().root().toString(),
            harness.bootstrapServers(),
            harness.topic(),
            Long.toString(options.maxRecordsPerBatch()),
            options.logic().watermarkDelay().toString(),
            Integer.toString(run)));
  }

  /** The worker's workdir: one folder per sink inside it. */
  private Workspace sides() {
    return harness.workspace().within("sinks");
  }

  /** The micro-batches each sink committed, from the lines the worker printed. */
  static ExactlyOnceResults.Committed committed(String output) {
    long upsert = 0;
    long append = 0;
    for (String line : output.split("\n")) {
      if (line.startsWith(ExactlyOnceWorker.COMMITTED + " " + ExactlyOnceWorker.UPSERT + " ")) {
        upsert++;
      } else if (line.startsWith(
          ExactlyOnceWorker.COMMITTED + " " + ExactlyOnceWorker.APPEND + " ")) {
        append++;
      }
    }
    return new ExactlyOnceResults.Committed(upsert, append);
  }

  /** Kappa's served answer in the upsert side's store, every expected key over all time. */
  private Map<String, WindowMetrics> upsertAnswer(Set<String> cells) {
    Set<String> keys = new TreeSet<>();
    cells.forEach(cell -> keys.add(cell.substring(0, cell.lastIndexOf('@'))));
    LogicConfig logic = options.logic();
    Map<String, WindowMetrics> served = new LinkedHashMap<>();
    try (ViewStore store =
        StoreLocation.embedded().open(sides().within(ExactlyOnceWorker.UPSERT))) {
      KappaServing serving = new KappaServing(store);
      for (String key : keys) {
        for (WindowMetrics row :
            serving.query(key, logic.earliestEventTime(), logic.latestEventTime()).windows()) {
          served.put(row.key() + "@" + row.windowStart(), row);
        }
      }
    }
    return served;
  }

  /** The naive answer: the shared aggregation over every row the append sink wrote. */
  private static Map<String, WindowMetrics> appendAnswer(Dataset<Row> rows, LogicConfig logic) {
    Map<String, WindowMetrics> served = new HashMap<>();
    for (Row row :
        new WindowAggregation(logic)
            .aggregate(rows.select(EventSchema.eventColumns()))
            .collectAsList()) {
      WindowMetrics metrics = WindowMetrics.fromRow(row);
      served.put(metrics.key() + "@" + metrics.windowStart(), metrics);
    }
    return served;
  }

  private static ExactlyOnceResults.Appended appended(Dataset<Row> rows) {
    return new ExactlyOnceResults.Appended(
        rows.count(),
        rows.select(EventSchema.EVENT_ID, EventSchema.EVENT_TIME).distinct().count(),
        rows.select(NaiveAppendSink.WRITE_ID).distinct().count(),
        rows.groupBy(NaiveAppendSink.BATCH_ID)
            .agg(countDistinct(NaiveAppendSink.WRITE_ID).as("writes"))
            .filter(col("writes").gt(1))
            .count());
  }

  /**
   * Each event's rows after its first, by the run that wrote them: run {@code k + 1} wrote again
   * what kill {@code k} interrupted between the append and Spark's commit. They add up to {@link
   * ExactlyOnceResults.Appended#eventsWrittenTwice}, even when a kill left a write half done.
   */
  private static Map<Integer, Long> eventsAppendedAgainByRun(Dataset<Row> rows) {
    WindowSpec byEvent =
        Window.partitionBy(EventSchema.EVENT_ID, EventSchema.EVENT_TIME)
            .orderBy(NaiveAppendSink.RUN, NaiveAppendSink.WRITE_ID);
    Map<Integer, Long> again = new HashMap<>();
    for (Row row :
        rows.withColumn("copy", row_number().over(byEvent))
            .filter(col("copy").gt(1))
            .groupBy(NaiveAppendSink.RUN)
            .count()
            .collectAsList()) {
      again.put(row.getInt(0), row.getLong(1));
    }
    return again;
  }

  private void step(String format, Object... args) {
    out.printf("▸ " + format + "%n", args);
    out.flush();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
