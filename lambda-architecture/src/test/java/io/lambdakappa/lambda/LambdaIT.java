package io.lambdakappa.lambda;

import static io.lambdakappa.testing.ApiReaders.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.StreamAccounting;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.testing.ApiReaders;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.KafkaRecords;
import io.lambdakappa.testing.LateRecords;
import io.lambdakappa.testing.Oracle;
import io.lambdakappa.testing.SharedKafka;
import io.lambdakappa.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda end to end, as a timeline: the batch layer, the speed layer and the serving layer on the
 * embedded broker and a real DuckDB file, judged at every step against the oracle.
 */
class LambdaIT {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofHours(3));
  private static final String TOPIC = "lambda-timeline";

  private String topic = TOPIC;

  @TempDir Path workdir;

  private final List<GeneratedRecord> published = new ArrayList<>();

  @Test
  void servingIsExactAcrossBatchPublishesAndTheBatchLayerRecoversLateEvents() throws Exception {
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, TOPIC, 1);
    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"));
        LambdaPipeline lambda =
            new LambdaPipeline(
                SharedSpark.get(),
                new EventPipeline(LogicConfig.defaults()),
                new Workspace(workdir),
                store,
                bootstrap,
                TOPIC,
                2,
                Trigger.ProcessingTime(0))) {
      LambdaServing serving =
          new LambdaServing(store, LambdaPipeline.catalog(new Workspace(workdir)));

      // History: 3,000 records, then the first batch view. The speed layer starts from nothing.
      publish(GeneratedData.records(1, 3_000, START, 0.05));
      lambda.startSpeedLayer();
      lambda.served().query().processAllAvailable();
      lambda.runBatch();
      lambda.pending().orElseThrow().query().processAllAvailable();
      assertThat(lambda.switchIfCaughtUp()).isTrue();
      // Served: v1 ⊕ realtime g1 (empty yet), exactly the oracle, late events included.
      assertThat(lambda.served().generation()).isEqualTo(1);
      assertExact(serving, 3_000);

      // Live: 2,000 more in four slices; the watermark moves on and late events get dropped.
      for (int slice = 0; slice < 4; slice++) {
        publish(
            GeneratedData.records(10 + slice, 500, START.plusSeconds(3_000 + 500L * slice), 0.05));
        lambda.served().query().processAllAvailable();
      }
      // Every window served is the oracle's, less exactly the records that were behind the
      // watermark of their micro-batch (or behind the watermark the log had at the horizon), and
      // their number is what the speed layer reported.
      Set<Integer> late = lateOf(lambda.served(), new Workspace(workdir));
      assertThat(late).as("late records dropped by the speed layer").isNotEmpty();
      assertThat(accounting(lambda.served()).droppedLate()).isEqualTo(late.size());
      assertExact(serving, 5_000, late);

      // The next recompute sees everything: Lambda corrects itself.
      lambda.runBatch();
      lambda.pending().orElseThrow().query().processAllAvailable();
      assertThat(lambda.switchIfCaughtUp()).isTrue();
      assertThat(lambda.served().generation()).isEqualTo(2);
      assertExact(serving, 5_000);

      // And live again on top of v2, on time this time.
      publish(GeneratedData.records(20, 1_000, START.plusSeconds(5_000), 0));
      lambda.served().query().processAllAvailable();
      assertExact(serving, 6_000);
      assertThat(store.microBatches(SpeedLayer.REALTIME_VIEW, 1)).as("g1 dropped").isEmpty();
      assertThat(workdir.resolve("checkpoints/speed/g1")).as("g1's checkpoint").doesNotExist();
      assertThat(workdir.resolve("checkpoints/speed/g2")).exists();
    }
  }

  @Test
  void aRestartResumesFromTheCheckpointsWithNothingLostOrCountedTwice() throws Exception {
    topic = "lambda-restart";
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, topic, 1);
    Workspace workspace = new Workspace(workdir);
    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"))) {
      LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(workspace));
      try (LambdaPipeline first = pipeline(workspace, store, bootstrap)) {
        publish(GeneratedData.records(30, 2_000, START, 0));
        first.startSpeedLayer();
        first.served().query().processAllAvailable();
        first.runBatch();
        first.pending().orElseThrow().query().processAllAvailable();
        first.switchIfCaughtUp();
        publish(GeneratedData.records(31, 1_000, START.plusSeconds(2_000), 0));
        first.served().query().processAllAvailable();
        assertExact(serving, 3_000);
      } // the process stops here

      // Events keep arriving while nothing runs.
      publish(GeneratedData.records(32, 1_000, START.plusSeconds(3_000), 0));

      try (LambdaPipeline second = pipeline(workspace, store, bootstrap)) {
        second.startSpeedLayer();
        assertThat(second.served().generation()).isEqualTo(1);
        second.served().query().processAllAvailable();
        // Resumed from generation 1's checkpoint: the 1,000 new events once, the old ones once.
        assertExact(serving, 4_000);
      }
    }
  }

  /**
   * The seams of Lambda, fed by one continuous source: a fifth of the records are retries of one of
   * the last 1,024 events, so many retries land on the other side of a batch horizon from their
   * first copy, and some events are late. After every batch publish and after every switch, the
   * served answer is the oracle's, less exactly the records the served generation dropped as late
   * (behind its own watermark, or behind the watermark the log had at its horizon).
   */
  @Test
  void aDuplicateStraddlingTheHorizonIsCountedOnceAfterEveryPublishAndEverySwitch()
      throws Exception {
    topic = "lambda-seams";
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, topic, 1);
    Workspace workspace = new Workspace(workdir);
    List<GeneratedRecord> source = new ArrayList<>();
    new EventGenerator(
            new GeneratorOptions(
                50,
                5_000,
                20,
                300,
                1.1,
                START,
                Duration.ofSeconds(5_000),
                Duration.ofSeconds(5),
                0.05,
                Duration.ofMinutes(10),
                0.2,
                0.02))
        .forEachRemaining(source::add);
    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"));
        LambdaPipeline lambda = pipeline(workspace, store, bootstrap)) {
      LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(workspace));
      publish(source.subList(0, 1_000));
      lambda.startSpeedLayer();
      lambda.served().query().processAllAvailable();

      for (int slice = 1; slice < 5; slice++) {
        publish(source.subList(1_000 * slice, 1_000 * (slice + 1)));
        lambda.served().query().processAllAvailable();
        assertExactLessLate(serving, lambda, workspace, "slice " + slice + " served live");

        lambda.runBatch();
        assertExactLessLate(serving, lambda, workspace, "batch view " + slice + " published");

        lambda.pending().orElseThrow().query().processAllAvailable();
        assertThat(lambda.switchIfCaughtUp()).isTrue();
        assertExactLessLate(serving, lambda, workspace, "switched to generation " + slice);
      }
      assertThat(seamDuplicates).as("retries that straddled a horizon").isPositive();
    }
  }

  private long seamDuplicates;

  /**
   * The served answer is the oracle's over everything published, less the records the served
   * generation dropped as late; and that generation's accounting balances.
   */
  /**
   * The records a speed generation dropped as late, worked out from outside: behind the watermark
   * of their micro-batch (Spark's progress reports), or, after the horizon of its batch view, not
   * after the watermark the log had there (the seam, from the generator's own records).
   */
  private Set<Integer> lateOf(StreamingViewQuery generation, Workspace workspace) {
    Set<Integer> late =
        new java.util.TreeSet<>(
            LateRecords.behindTheWatermark(
                Arrays.asList(generation.query().recentProgress()),
                json -> KafkaOffsets.fromSparkJson(topic, json),
                published));
    if (generation.generation() == 0) {
      return late;
    }
    long horizon =
        LambdaPipeline.catalog(workspace)
            .version(generation.generation())
            .orElseThrow()
            .horizon()
            .getOrDefault(0, 0L);
    Instant latest = Instant.EPOCH;
    for (GeneratedRecord record : published.subList(0, (int) horizon)) {
      if (record.kind() != GeneratedRecord.Kind.MALFORMED
          && Oracle.eventTime(record).isAfter(latest)) {
        latest = Oracle.eventTime(record);
      }
    }
    Instant seamWatermark = latest.minus(LogicConfig.defaults().watermarkDelay());
    for (int position = (int) horizon; position < published.size(); position++) {
      GeneratedRecord record = published.get(position);
      if (record.kind() != GeneratedRecord.Kind.MALFORMED
          && !Oracle.eventTime(record).isAfter(seamWatermark)) {
        late.add(position);
      }
    }
    late.removeIf(position -> position < horizon); // before it, the batch view counts them all
    return late;
  }

  private void assertExactLessLate(
      LambdaServing serving, LambdaPipeline lambda, Workspace workspace, String when) {
    StreamingViewQuery generation = lambda.served();
    Set<Integer> late = lateOf(generation, workspace);
    Map<String, Oracle.Expected> expected =
        Oracle.of(published, published.size(), Duration.ofMinutes(1), late);
    // First the seam's own promise: no window ever holds more events than the oracle counts
    // with nothing dropped. A retry counted by both sides of the horizon breaks it.
    Map<String, Oracle.Expected> everything =
        Oracle.of(published, published.size(), Duration.ofMinutes(1), Set.of());
    Map<String, WindowMetrics> served = served(serving, everything);
    served.forEach(
        (cell, window) ->
            assertThat(window.events())
                .as("%s, %s: counted twice", when, cell)
                .isLessThanOrEqualTo(everything.get(cell).events()));
    Oracle.assertServes(served(serving, expected), expected);
    StreamAccounting accounting = accounting(generation);
    assertThat(accounting.balances()).as(when + ": " + accounting).isTrue();
    for (StreamingQueryProgress progress : generation.query().recentProgress()) {
      Row leftOut = progress.observedMetrics().get(EventPipeline.LEFT_OUT);
      seamDuplicates +=
          leftOut == null ? 0 : leftOut.<Long>getAs(EventPipeline.LEFT_OUT_DUPLICATES);
    }
  }

  @Test
  void aReaderPollingTheApiThroughSeveralSwitchesSeesOneWholeGenerationAtATime() throws Exception {
    topic = "lambda-polled";
    String bootstrap = SharedKafka.get().bootstrapServers();
    KafkaTopics.ensureTopic(bootstrap, topic, 1);
    Workspace workspace = new Workspace(workdir);
    // One continuous source, published a slice at a time; late events, so that each batch view
    // answers differently from the realtime generation it replaces.
    List<GeneratedRecord> source = GeneratedData.records(40, 4_000, START, 0.05);
    try (ViewStore store = SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"));
        LambdaPipeline lambda = pipeline(workspace, store, bootstrap);
        ServingApi api =
            ServingApi.start(
                0, List.of(new LambdaServing(store, LambdaPipeline.catalog(workspace))), Map::of)) {
      LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(workspace));
      publish(source.subList(0, 1_000));
      lambda.startSpeedLayer();
      lambda.served().query().processAllAvailable();
      String key = "k0";

      for (int slice = 1; slice < 4; slice++) {
        publish(source.subList(1_000 * slice, 1_000 * (slice + 1)));
        lambda.served().query().processAllAvailable();
        lambda.runBatch();
        lambda.pending().orElseThrow().query().processAllAvailable();
        long old = lambda.served().generation();
        long oldEvents = events(serving.query(key, START.minusSeconds(3_600), END));
        long newEvents = eventsOfPending(store, lambda, key);

        // Readers poll while serving switches to the new generation and drops the old one.
        List<ApiReaders.Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        List<Thread> readers = new ArrayList<>();
        String url =
            api.address()
                + "/api/v1/lambda/metrics?key="
                + key
                + "&from="
                + START.minusSeconds(3_600)
                + "&to="
                + END;
        for (int r = 0; r < 3; r++) {
          int id = r;
          Thread reader = new Thread(() -> ApiReaders.poll(url, id, answers, reading));
          reader.start();
          readers.add(reader);
        }
        awaitUntil(() -> answers.size() >= 20, "answers before the switch");
        assertThat(lambda.switchIfCaughtUp()).isTrue();
        int seen = answers.size();
        awaitUntil(() -> answers.size() >= seen + 20, "answers after the switch");
        reading.set(false);
        for (Thread reader : readers) {
          reader.join(Duration.ofSeconds(30).toMillis());
          assertThat(reader.isAlive()).as("reader stopped").isFalse();
        }

        assertThat(answers).extracting(ApiReaders.Answer::generation).contains(old, old + 1);
        long[] previous = new long[3];
        for (ApiReaders.Answer answer : answers) {
          // Whole: all of the old generation (batch ⊕ realtime) or all of the new one.
          long[] generationAndEvents = {answer.generation(), answer.events()};
          assertThat(generationAndEvents)
              .as("generation %d answered %d events", answer.generation(), answer.events())
              .isIn(new long[] {old, oldEvents}, new long[] {old + 1, newEvents});
          // And, for each reader, never the old generation after the new one.
          assertThat(answer.generation())
              .as("reader %d went back", answer.reader())
              .isGreaterThanOrEqualTo(previous[answer.reader()]);
          previous[answer.reader()] = answer.generation();
        }
      }
    }
  }

  /** Batch view g+1 ⊕ realtime g+1 for one key, read before g+1 is served. */
  private static long eventsOfPending(ViewStore store, LambdaPipeline lambda, String key) {
    long generation = lambda.pending().orElseThrow().generation();
    long events = 0;
    for (WindowMetrics row :
        ParquetViews.rows(
            DataPath.parse(lambda.batchLayer().catalog().version(generation).orElseThrow().path())
                .local(),
            key,
            START.minusSeconds(3_600),
            END)) {
      events += row.events();
    }
    for (WindowMetrics row :
        store.streamingRows(
            SpeedLayer.REALTIME_VIEW, generation, key, START.minusSeconds(3_600), END)) {
      events += row.events();
    }
    return events;
  }

  private static long events(LambdaServing.Answer answer) {
    return answer.windows().stream().mapToLong(window -> window.metrics().events()).sum();
  }

  private LambdaPipeline pipeline(Workspace workspace, ViewStore store, String bootstrap) {
    return new LambdaPipeline(
        SharedSpark.get(),
        new EventPipeline(LogicConfig.defaults()),
        workspace,
        store,
        bootstrap,
        topic,
        2,
        Trigger.ProcessingTime(0));
  }

  private void publish(List<GeneratedRecord> records) {
    KafkaRecords.publish(SharedKafka.get().bootstrapServers(), topic, records);
    published.addAll(records);
  }

  private static StreamAccounting accounting(StreamingViewQuery generation) {
    StreamAccounting total = StreamAccounting.ZERO;
    for (StreamingQueryProgress progress : generation.query().recentProgress()) {
      total = total.plus(StreamAccounting.of(progress));
    }
    return total;
  }

  private void assertExact(LambdaServing serving, int records) {
    assertExact(serving, records, Set.of());
  }

  private void assertExact(LambdaServing serving, int records, Set<Integer> dropped) {
    Map<String, Oracle.Expected> expected =
        Oracle.of(published, records, Duration.ofMinutes(1), dropped);
    Oracle.assertServes(served(serving, expected), expected);
  }

  private static Map<String, WindowMetrics> served(
      LambdaServing serving, Map<String, Oracle.Expected> expected) {
    List<WindowMetrics> rows = new ArrayList<>();
    for (String key :
        expected.keySet().stream().map(cell -> cell.split("@")[0]).distinct().toList()) {
      serving
          .query(key, START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(3)))
          .windows()
          .forEach(window -> rows.add(window.metrics()));
    }
    return Oracle.byCell(rows);
  }
}
