package io.lambdakappa.kappa;

import static io.lambdakappa.testing.ApiReaders.awaitUntil;
import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.RejectedRecord;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSummary;
import io.lambdakappa.streaming.StreamingViews;
import io.lambdakappa.testing.ApiReaders;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.LateRecords;
import io.lambdakappa.testing.MemoryLog;
import io.lambdakappa.testing.Oracle;
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
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kappa's behaviour on an in-memory log and a real DuckDB store, judged against the oracle: the
 * replay of history, late data and its recovery by reprocessing, restarts, the switch between
 * versions as a reader of the API sees it, and an aborted reprocess. No broker: the log is a {@link
 * MemoryLog}, which Spark reads as it reads Kafka (offsets, bounded steps, checkpoints), so these
 * run in seconds; Kappa on Kafka is tested through the {@code lk} commands (cli's {@code KappaIT}).
 */
class KappaPipelineTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final LogicConfig TWO_MINUTE_WATERMARK = LogicConfig.defaults();
  private static final LogicConfig ONE_DAY_WATERMARK =
      LogicConfig.defaults().withWatermarkDelay(Duration.ofDays(1));

  @TempDir Path workdir;

  /** The temporary folder goes after this: Spark's tasks must be done writing into it. */
  @AfterEach
  void awaitSparksLastTasks() throws InterruptedException {
    SharedSpark.awaitNoJobs();
  }

  private final List<GeneratedRecord> published = new ArrayList<>();
  private MemoryLog log;

  @Test
  void replaysTheWholeLogIntoExactlyTheOraclesWindows(TestInfo test) throws Exception {
    newLog(test);
    publish(GeneratedData.records(40, 4_000, START, 0));
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.AvailableNow(), 1_000)) {
      // History is just the start of the stream: a bounded run over it is Kappa's batch job.
      StreamingViewQuery v1 = kappa.start(TWO_MINUTE_WATERMARK);
      assertThat(v1.query().awaitTermination(120_000)).as("v1 replayed the log").isTrue();

      assertServesTheOracle(store, 4_000, Set.of());
      StreamingViewSummary figures = StreamingViewSummary.of(store, KappaServing.VIEW, 1);
      assertThat(figures.inputRows()).isEqualTo(4_000);
      assertThat(store.microBatches(KappaServing.VIEW, 1))
          .filteredOn(batch -> batch.inputRows() > 0)
          .as("four bounded steps of 1,000")
          .hasSize(4);
      assertThat(figures.droppedLate()).isZero();
      assertThat(figures.quarantined()).isEqualTo(malformed(4_000));
      // Each micro-batch's figures are counted where they happen, and they add up.
      assertThat(store.microBatches(KappaServing.VIEW, 1))
          .allSatisfy(batch -> assertThat(batch.balances()).as(batch.toString()).isTrue());

      // The stream kept every record it refused: its raw text, why, and where it came from.
      Map<String, String> expected = new java.util.TreeMap<>();
      for (int position = 0; position < published.size(); position++) {
        GeneratedRecord record = published.get(position);
        if (record.kind() == GeneratedRecord.Kind.MALFORMED) {
          expected.put(log.name() + "/0@" + position, record.malformation().name());
        }
      }
      List<RejectedRecord> kept = store.quarantine(KappaServing.VIEW, 1, 10_000);
      Map<String, String> reasons = new java.util.TreeMap<>();
      kept.forEach(rejected -> reasons.put(rejected.source(), rejected.reason()));
      assertThat(reasons).isEqualTo(expected);
      assertThat(kept)
          .allSatisfy(
              rejected -> {
                int position = Integer.parseInt(rejected.source().split("@")[1]);
                assertThat(rejected.rawText()).isEqualTo(published.get(position).json());
                assertThat(rejected.message()).isNotBlank();
              });
      assertThat(new KappaServing(store).quarantine(5).records()).hasSize(5);
    }
  }

  @Test
  void dropsExactlyTheEventsBehindTheWatermarkAndAReprocessWithALargerOneRecoversThem(TestInfo test)
      throws Exception {
    newLog(test);
    publish(GeneratedData.records(41, 3_000, START, 0.05)); // 5% of events ten minutes late
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.AvailableNow(), 500)) {
      StreamingViewQuery v1 = kappa.start(TWO_MINUTE_WATERMARK);
      assertThat(v1.query().awaitTermination(120_000)).as("v1 replayed the log").isTrue();

      // v1 runs with a 2-minute watermark: late events that reach a batch after the watermark
      // passed their time are dropped, exactly those, and the pipeline says how many.
      Set<Integer> late =
          LateRecords.behindTheWatermark(
              Arrays.asList(v1.query().recentProgress()), log::offsets, published);
      assertThat(late).as("events behind the watermark").isNotEmpty();
      assertThat(StreamingViewSummary.of(store, KappaServing.VIEW, 1).droppedLate())
          .isEqualTo(late.size());
      assertServesTheOracle(store, 3_000, late);
      // What the status and the classroom page show as v1's watermark: behind the latest event by
      // at least the delay (Spark moves it from the batches before the last one).
      Instant latest =
          published.stream()
              .filter(record -> record.kind() != GeneratedRecord.Kind.MALFORMED)
              .map(Oracle::eventTime)
              .max(Instant::compareTo)
              .orElseThrow();
      assertThat(v1.watermark())
          .hasValueSatisfying(
              watermark ->
                  assertThat(watermark)
                      .isAfter(START)
                      .isBeforeOrEqualTo(latest.minus(TWO_MINUTE_WATERMARK.watermarkDelay())));

      // The logic changes (a one-day watermark): replay the log into v2 beside v1, then switch.
      StreamingViewQuery v2 = kappa.reprocess(ONE_DAY_WATERMARK);
      assertThat(v2.query().awaitTermination(120_000)).as("v2 replayed the log").isTrue();
      KappaPipeline.Reprocess reprocess = kappa.switchIfCaughtUp().orElseThrow();

      assertThat(reprocess.toVersion()).isEqualTo(2);
      assertThat(reprocess.recordsReplayed()).isEqualTo(3_000);
      assertThat(reprocess.extraViewRows()).isPositive();
      assertThat(reprocess.extraCheckpointBytes()).isPositive();
      assertThat(store.servedGeneration(KappaServing.VIEW)).contains(2L);
      assertServesTheOracle(store, 3_000, Set.of()); // every late event is back
      assertThat(StreamingViewSummary.of(store, KappaServing.VIEW, 2).droppedLate()).isZero();
      // v1 is gone: rows, batch records, checkpoint and manifest.
      assertThat(store.microBatches(KappaServing.VIEW, 1)).isEmpty();
      assertThat(workdir.resolve("checkpoints/kappa/v1")).doesNotExist();
      assertThat(new KappaVersions(DataPath.of(workdir.resolve("views/kappa"))).all())
          .extracting(KappaVersion::version)
          .containsExactly(2L);
      // What /api/v1/status says now: one version, served, with the logic it was replayed with.
      KappaStatus status =
          KappaStatus.of(
              store, new KappaVersions(DataPath.of(workdir.resolve("views/kappa"))), 0L, null);
      assertThat(status.servedVersion()).isEqualTo(2);
      assertThat(status.versions())
          .singleElement()
          .satisfies(
              version -> {
                assertThat(version.view()).isEqualTo("kappa_v2");
                assertThat(version.served()).isTrue();
                assertThat(version.watermark()).isEqualTo(Duration.ofDays(1));
                assertThat(version.stream().inputRows()).isEqualTo(3_000);
                assertThat(version.stream().committedOffsets()).containsEntry(0, 3_000L);
              });
    }
  }

  @Test
  void aRestartResumesFromTheCheckpointWithNothingLostOrCountedTwice(TestInfo test)
      throws Exception {
    newLog(test);
    publish(GeneratedData.records(42, 2_000, START, 0));
    try (ViewStore store = store()) {
      try (KappaPipeline first = pipeline(store, Trigger.ProcessingTime(0), 0)) {
        first.start(TWO_MINUTE_WATERMARK).query().processAllAvailable();
        assertServesTheOracle(store, 2_000, Set.of());
      } // the process stops here

      // Events keep arriving while nothing runs.
      publish(GeneratedData.records(43, 1_000, START.plusSeconds(2_000), 0));

      try (KappaPipeline second = pipeline(store, Trigger.ProcessingTime(0), 0)) {
        // The logic given here is ignored: v1 resumes with the logic recorded in its manifest.
        StreamingViewQuery v1 = second.start(ONE_DAY_WATERMARK);
        assertThat(v1.generation()).isEqualTo(1);
        assertThat(v1.spec().pipeline().config()).isEqualTo(TWO_MINUTE_WATERMARK);
        v1.query().processAllAvailable();
        assertServesTheOracle(store, 3_000, Set.of());
        assertThat(StreamingViewSummary.of(store, KappaServing.VIEW, 1).inputRows())
            .as("each record read once over both runs")
            .isEqualTo(3_000);
      }
    }
  }

  @Test
  void aVersionStoppedWhileWritingItsFirstOffsetsStartsAgainFromTheBeginning(TestInfo test)
      throws Exception {
    newLog(test);
    publish(GeneratedData.records(44, 2_000, START, 0));
    // What a query stopped (or killed) while writing its first offsets leaves behind: a temporary
    // file, and no batch in the offset log. Spark then starts the query as new, and refuses a
    // checkpoint that is not empty.
    Path offsets = workdir.resolve("checkpoints/kappa/v1/offsets");
    java.nio.file.Files.createDirectories(offsets);
    java.nio.file.Files.writeString(offsets.resolve(".0.5f0e7c1a.tmp"), "v1\n");
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.ProcessingTime(0), 0)) {
      StreamingViewQuery v1 = kappa.start(TWO_MINUTE_WATERMARK);
      v1.query().processAllAvailable();
      assertServesTheOracle(store, 2_000, Set.of());
    }
  }

  @Test
  void aReaderPollingTheApiThroughAReprocessSeesOneWholeVersionAtATime(TestInfo test)
      throws Exception {
    newLog(test);
    publish(GeneratedData.records(44, 3_000, START, 0.05));
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.ProcessingTime(0), 300);
        ServingApi api = ServingApi.start(0, List.of(new KappaServing(store)), Map::of)) {
      kappa.start(TWO_MINUTE_WATERMARK).query().processAllAvailable();
      String hotKey = hottestKey();
      long v1Events = eventsServed(store, hotKey);

      // A reader polls the API for the hottest key while v2 replays beside v1 and takes over.
      List<ApiReaders.Answer> answers = new CopyOnWriteArrayList<>();
      AtomicBoolean reading = new AtomicBoolean(true);
      String url =
          api.address()
              + "/api/v1/kappa/metrics?key="
              + hotKey
              + "&from="
              + START.minus(Duration.ofHours(1))
              + "&to="
              + START.plus(Duration.ofHours(3));
      Thread reader = new Thread(() -> ApiReaders.poll(url, 0, answers, reading));
      reader.start();
      StreamingViewQuery v2 = kappa.reprocess(ONE_DAY_WATERMARK);
      awaitUntil(() -> kappa.switchIfCaughtUp().isPresent(), "v2 to catch up and switch");
      // Keep reading until the reader has seen v2 answer a few times.
      awaitUntil(
          () -> answers.stream().filter(a -> a.generation() == 2).count() >= 3, "answers from v2");
      reading.set(false);
      reader.join();
      long v2Events = eventsServed(store, hotKey);

      assertThat(v2Events).as("v2 counts the late events v1 dropped").isGreaterThan(v1Events);
      assertThat(answers).extracting(ApiReaders.Answer::generation).contains(1L, 2L);
      long previousVersion = 1;
      for (ApiReaders.Answer answer : answers) {
        // Never a mix: each answer is all of v1 or all of v2, and never empty.
        assertThat(answer.events()).isEqualTo(answer.generation() == 1 ? v1Events : v2Events);
        assertThat(answer.windows()).isPositive();
        assertThat(answer.generation())
            .as("never back to the old version")
            .isGreaterThanOrEqualTo(previousVersion);
        previousVersion = answer.generation();
      }
    }
  }

  @Test
  void anAbortedReprocessLeavesTheServedVersionUntouched(TestInfo test) throws Exception {
    newLog(test);
    publish(GeneratedData.records(45, 2_000, START, 0));
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.ProcessingTime(0), 200)) {
      kappa.start(TWO_MINUTE_WATERMARK).query().processAllAvailable();
      StreamingViewQuery v2 = kappa.reprocess(ONE_DAY_WATERMARK);
      // v2 has committed its first batch...
      awaitUntil(() -> v2.committedOffsets().getOrDefault(0, 0L) > 0, "v2's first batch");
      kappa.abortReprocess(); // ...and is abandoned before catching up

      assertThat(store.servedGeneration(KappaServing.VIEW)).contains(1L);
      assertServesTheOracle(store, 2_000, Set.of());
      assertThat(store.microBatches(KappaServing.VIEW, 2)).isEmpty();
      assertThat(workdir.resolve("checkpoints/kappa/v2")).doesNotExist();
      assertThat(new KappaVersions(DataPath.of(workdir.resolve("views/kappa"))).version(2))
          .isEmpty();
    }
  }

  /**
   * A timeline, one record per micro-batch: Kappa v1 (2-minute watermark) drops a click that
   * arrives after the watermark passed its time; a reprocess with a one-day watermark counts it,
   * and pays for it in state: what docs/report.md says lateness costs.
   */
  @Test
  void aLateClickDroppedByV1IsCountedByAReprocessThatKeepsMoreState(TestInfo test)
      throws Exception {
    newLog(test);
    log.append(
        List.of(
            view("alice", "home", "2026-01-01T00:10:00Z", "1"),
            view("bob", "home", "2026-01-01T00:12:30Z", "1"), // watermark: 00:10:30
            // A batch filters late rows with the watermark of the batch before it (Spark 3.4+).
            view("erin", "home", "2026-01-01T00:12:40Z", "1"),
            view("carol", "home", "2026-01-01T00:09:00Z", "1"), // behind 00:10:30: late
            view("dave", "home", "2026-01-01T00:13:00Z", "1")));
    try (ViewStore store = store();
        KappaPipeline kappa = pipeline(store, Trigger.AvailableNow(), 1)) {
      StreamingViewQuery v1 = kappa.start(TWO_MINUTE_WATERMARK);
      assertThat(v1.query().awaitTermination(120_000)).as("v1 replayed the log").isTrue();
      assertThat(windows(store)).doesNotContainKey("00:09").containsEntry("00:10", 1L);
      assertThat(StreamingViewSummary.of(store, KappaServing.VIEW, 1).droppedLate()).isEqualTo(1);
      long v1State = stateRows(v1);

      StreamingViewQuery v2 = kappa.reprocess(ONE_DAY_WATERMARK);
      assertThat(v2.query().awaitTermination(120_000)).as("v2 replayed the log").isTrue();
      kappa.switchIfCaughtUp().orElseThrow();

      assertThat(windows(store))
          .containsExactly(
              Map.entry("00:09", 1L),
              Map.entry("00:10", 1L),
              Map.entry("00:12", 2L),
              Map.entry("00:13", 1L));
      assertThat(StreamingViewSummary.of(store, KappaServing.VIEW, 2).droppedLate()).isZero();
      // Two minutes of watermark keep the 3 ids and 2 windows after 00:11; a day keeps all 5 ids
      // and 4 windows.
      assertThat(v1State).as("v1's state rows").isEqualTo(3 + 2);
      assertThat(stateRows(v2)).as("v2's state rows").isEqualTo(5 + 4);
    }
  }

  /** Rows the query's state operators hold after its last micro-batch (dedup ids and windows). */
  private static long stateRows(StreamingViewQuery query) {
    return Arrays.stream(query.query().lastProgress().stateOperators())
        .mapToLong(operator -> operator.numRowsTotal())
        .sum();
  }

  /** Events per window start (HH:mm) of key "home" in the served version. */
  private static Map<String, Long> windows(ViewStore store) {
    Map<String, Long> events = new java.util.TreeMap<>();
    for (WindowMetrics row : query(store, "home").windows()) {
      events.put(row.windowStart().toString().substring(11, 16), row.events());
    }
    return events;
  }

  private void newLog(TestInfo test) {
    log = MemoryLog.create("kappa-" + test.getTestMethod().orElseThrow().getName(), 1);
  }

  private ViewStore store() {
    return SqlViewStore.duckDb(workdir.resolve("store/lk.duckdb"));
  }

  private KappaPipeline pipeline(ViewStore store, Trigger trigger, long maxRecordsPerBatch) {
    return new KappaPipeline(
        new StreamingViews(SharedSpark.get(), log, store),
        store,
        new KappaVersions(DataPath.of(workdir.resolve("views/kappa"))),
        DataPath.of(workdir.resolve("checkpoints/kappa")),
        trigger,
        maxRecordsPerBatch);
  }

  private void publish(List<GeneratedRecord> records) {
    log.append(records.stream().map(GeneratedRecord::json).toList());
    published.addAll(records);
  }

  private long malformed(int upTo) {
    return published.subList(0, upTo).stream()
        .filter(record -> record.kind() == GeneratedRecord.Kind.MALFORMED)
        .count();
  }

  private void assertServesTheOracle(ViewStore store, int records, Set<Integer> dropped) {
    Map<String, Oracle.Expected> expected =
        Oracle.of(published, records, Duration.ofMinutes(1), dropped);
    List<WindowMetrics> rows = new ArrayList<>();
    expected.keySet().stream()
        .map(cell -> cell.split("@")[0])
        .distinct()
        .forEach(key -> rows.addAll(query(store, key).windows()));
    Oracle.assertServes(Oracle.byCell(rows), expected);
  }

  private static KappaServing.Answer query(ViewStore store, String key) {
    return new KappaServing(store)
        .query(key, START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(3)));
  }

  private static long eventsServed(ViewStore store, String key) {
    return query(store, key).windows().stream().mapToLong(WindowMetrics::events).sum();
  }

  /** The key with the most events: the one whose total a reader can watch change. */
  private String hottestKey() {
    return Oracle.of(published, published.size(), Duration.ofMinutes(1), Set.of())
        .entrySet()
        .stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                entry -> entry.getKey().split("@")[0],
                java.util.stream.Collectors.summingLong(entry -> entry.getValue().events())))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey();
  }
}
