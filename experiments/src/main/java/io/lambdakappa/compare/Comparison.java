package io.lambdakappa.compare;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.ResourceMeter;
import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.lambda.LambdaServing;
import io.lambdakappa.live.CompareLiveView;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.KafkaEventSink;
import io.lambdakappa.runtime.Progress;
import io.lambdakappa.runtime.RawSources;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.streaming.Trigger;

/**
 * One run of {@code lk compare}: both architectures on the same dataset, in one process, one phase
 * at a time, each judged against the {@link SqlOracle}:
 *
 * <ol>
 *   <li>history: the dataset goes to files (for the oracle) and to a topic of its own;
 *   <li>Lambda's batch layer archives and recomputes it; Kappa replays it;
 *   <li>live: a generator feeds the topic at a rate while Lambda's speed layer and Kappa's live
 *       query run side by side; latency is measured per micro-batch;
 *   <li>correction: Lambda's next batch run, Kappa's reprocess with a larger watermark;
 *   <li>the watermark sweep: Kappa replays of the same log with each delay;
 *   <li>the code: lines per part, by what it serves, and PMD CPD duplication.
 * </ol>
 *
 * After each step the served windows of both are compared with the oracle: that is the timeline.
 */
public final class Comparison {

  /**
   * What to run.
   *
   * @param history the shape of the generated data (the live phase's too)
   * @param historyFolder a dataset of JSON-lines files to use as the history instead of generating
   *     one, or null
   * @param sweepBatchRecords the records per micro-batch of the watermark sweep's replays
   * @param kappaBatchRecords the records per micro-batch of Kappa's replays (history, reprocess)
   * @param livePagePort the port of 127.0.0.1 to serve the classroom page on during the live phase
   *     and the correction (0: any free one), or null for no page: its oracle reads the whole topic
   *     on the cores the measurements run on
   */
  public record Options(
      GeneratorOptions history,
      Path historyFolder,
      LogicConfig logic,
      Duration reprocessWatermark,
      double liveRate,
      Duration liveFor,
      List<Duration> watermarkSweep,
      long sweepBatchRecords,
      int partitions,
      long kappaBatchRecords,
      Integer livePagePort) {}

  private final ArchitectureHarness harness;
  private final Options options;
  private final PrintWriter out;
  private final List<Accuracy> timeline = new ArrayList<>();
  private final Set<String> keys = new TreeSet<>();
  private final EqualWork equalWork;
  private PartsCounter parts;

  public Comparison(ArchitectureHarness harness, Options options, PrintWriter out) {
    this.harness = harness;
    this.options = options;
    this.out = out;
    this.equalWork = new EqualWork(harness, options.logic().window());
  }

  public CompareResults run(String runId) throws Exception {
    parts = PartsCounter.listen(harness.spark());
    try {
      return measure(runId);
    } finally {
      parts.close();
    }
  }

  /** What the history phase leaves for the next ones. */
  private record History(
      Path files,
      long records,
      double lambdaSeconds,
      ResourceMeter.Usage lambdaUsage,
      double kappaSeconds,
      ResourceMeter.Usage kappaUsage,
      long kappaDroppedLate,
      long lambdaDroppedLate,
      double lambdaRecomputeSeconds,
      EqualWork.Times baselines) {}

  /** What the live phase leaves: the oracle over everything so far and each stream's batches. */
  private record Live(
      long records,
      double lambdaCpu,
      double kappaCpu,
      Map<String, SqlOracle.Expected> expected,
      SqlOracle.Counts counts,
      List<MicroBatchStats> speedBatches,
      List<MicroBatchStats> kappaBatches,
      StreamingViewSummary speedStream,
      StreamingViewSummary kappaStream,
      ServedOverTime servedOverTime,
      Map<Long, Long> expectedBySent) {}

  /** What each architecture's correction did and cost. */
  private record Correction(
      BatchLayer.Run lambdaRun,
      CompareResults.Cost lambdaCost,
      KappaPipeline.Reprocess reprocess,
      double reprocessSeconds,
      CompareResults.Cost kappaCost,
      EqualWork.Times baselines) {}

  private CompareResults measure(String runId) throws Exception {
    Instant started = Instant.now();
    harness.ensureTopic(options.partitions());
    try (ViewStore store = harness.openStore();
        LambdaPipeline lambda = harness.lambda(store, options.logic(), 3)) {
      History history = history(store, lambda);
      KappaPipeline kappa = kappa(store, Trigger.ProcessingTime(0));
      try (CompareLiveView page = livePage(store, lambda, kappa)) {
        Live live = live(store, lambda, kappa, history);
        Correction correction = correct(store, lambda, kappa, history, live);
        List<CompareResults.ServedPoint> servedOverTime = servedOverTime(live);
        long published = history.records() + live.records();
        List<CompareResults.SweepPoint> sweep = sweep(store, published, live.counts());
        CodeMetrics.Report code =
            CodeMetrics.projectRoot(Path.of("")).map(CodeMetrics::measure).orElse(null);
        return new CompareResults(
            CompareResults.SCHEMA_VERSION,
            runId,
            started,
            Duration.between(started, Instant.now()),
            new CompareResults.Settings(
                history.records(),
                options.logic().window(),
                options.logic().watermarkDelay(),
                options.reprocessWatermark(),
                options.liveRate(),
                options.liveFor(),
                options.partitions()),
            new CompareResults.Dataset(
                history.records(),
                live.records(),
                live.counts().read(),
                live.counts().valid(),
                live.counts().unique(),
                live.expected().size()),
            lambdaResults(store, history, live, correction),
            kappaResults(history, live, correction),
            List.copyOf(timeline),
            code,
            sweep,
            servedOverTime);
      } finally {
        kappa.close();
      }
    }
  }

  /** The classroom page, if asked for; null if not (try-with-resources skips it). */
  private CompareLiveView livePage(ViewStore store, LambdaPipeline lambda, KappaPipeline kappa) {
    if (options.livePagePort() == null) {
      return null;
    }
    CompareLiveView page =
        CompareLiveView.start(
            options.livePagePort(),
            store,
            harness.workspace(),
            lambda,
            kappa,
            harness.bootstrapServers(),
            harness.topic(),
            options.logic().window());
    step("the classroom page, until the correction ends: %s", page.address());
    return page;
  }

  /**
   * The history: to files and the topic; Lambda's batch layer archives and recomputes it, Kappa
   * replays it with the query that will go on live, bounded; both judged.
   */
  private History history(ViewStore store, LambdaPipeline lambda) throws Exception {
    Path files;
    long records;
    if (options.historyFolder() != null) {
      // A dataset of one's own (from `lk import` or `lk generate`): its lines, as they are.
      files = options.historyFolder();
      step("history: the records of %s to topic %s", files, harness.topic());
      records = publishLines(files);
    } else {
      files = harness.workspace().data().resolve("history");
      step(
          "history: %,d records to %s and to topic %s",
          options.history().records(), files, harness.topic());
      records =
          publish(
              new EventGenerator(options.history()),
              files,
              0,
              "history",
              options.history().records());
    }

    step("lambda: archive and recompute the history");
    ResourceMeter meter = ResourceMeter.start();
    BatchLayer.Run v1 = parts.during("lambda", () -> batchRun(lambda, records));
    ResourceMeter.Usage lambdaUsage = meter.stop();
    double lambdaSeconds = seconds(v1.archiveTime().plus(v1.recomputeTime()));
    store.serve(SpeedLayer.REALTIME_VIEW, v1.view().version());

    step("kappa: replay the history");
    meter = ResourceMeter.start();
    long replayStart = System.nanoTime();
    try (KappaPipeline replay = kappa(store, Trigger.AvailableNow())) {
      StreamingViewQuery v = parts.during("kappa", () -> replay.start(options.logic()));
      ReplayProgress.await(v, "kappa replay", records);
    }
    double kappaSeconds = (System.nanoTime() - replayStart) / 1e9;
    ResourceMeter.Usage kappaUsage = meter.stop();
    long kappaDroppedLate = StreamingViewSummary.of(store, KappaServing.VIEW, 1).droppedLate();

    try (SqlOracle oracle = SqlOracle.of(List.of(files))) {
      Map<String, SqlOracle.Expected> expected =
          expecting(oracle.expected(options.logic().window()));
      judge("history", "lambda", lambdaAnswer(store), expected);
      judge("history", "kappa", kappaAnswer(store), expected);
    }
    step("the equal-work Spark jobs, by hand, on the same history");
    EqualWork.Times baselines = equalWork.measure(v1.view());
    return new History(
        files,
        records,
        lambdaSeconds,
        lambdaUsage,
        kappaSeconds,
        kappaUsage,
        kappaDroppedLate,
        // A batch run has no watermark: whatever its counts leave unexplained would be lost.
        v1.view().read() - v1.view().quarantined() - v1.view().counted() - v1.view().duplicates(),
        seconds(v1.recomputeTime()),
        baselines);
  }

  /** Live: both streams side by side on the same new events; latency per micro-batch; judged. */
  private Live live(ViewStore store, LambdaPipeline lambda, KappaPipeline kappa, History history)
      throws Exception {
    step(
        "live: %,.0f events/s for %s, Lambda's speed layer and Kappa side by side",
        options.liveRate(), Charts.format(options.liveFor()));
    Path liveFiles = harness.workspace().data().resolve("live");
    QueryCpu liveCpu = QueryCpu.listen(harness.spark().sparkContext());
    parts.during(
        "lambda",
        () -> {
          lambda.startSpeedLayer();
          return null;
        });
    parts.during("kappa", () -> kappa.start(options.logic()));
    Instant liveStart = Instant.now();
    AtomicLong sent = new AtomicLong();
    ServedOverTime servedOverTime =
        ServedOverTime.start(
            store, LambdaPipeline.catalog(harness.workspace()), sent, Duration.ofSeconds(1));
    long records = live(liveFiles, sent);
    lambda.served().query().processAllAvailable();
    kappa.served().query().processAllAvailable();
    liveCpu.close();

    Map<String, SqlOracle.Expected> expected;
    SqlOracle.Counts counts;
    // What the records sent by each sample so far hold; the later samples (the correction) see
    // every record sent.
    Map<Long, Long> expectedBySent = new TreeMap<>();
    try (SqlOracle oracle = SqlOracle.of(List.of(history.files(), liveFiles))) {
      expected = expecting(oracle.expected(options.logic().window()));
      counts = oracle.counts();
      for (ServedOverTime.Sample sample : servedOverTime.samplesSoFar()) {
        expectedBySent.computeIfAbsent(
            sample.recordsSent(), n -> oracle.uniqueWithin(history.records() + n));
      }
      expectedBySent.put(records, counts.unique());
    }
    judgeSpeedLayerAlone(store, lambda.served().generation(), liveFiles);
    judge("live", "lambda", lambdaAnswer(store), expected);
    judge("live", "kappa", kappaAnswer(store), expected);
    return new Live(
        records,
        liveCpu.seconds(lambda.served().query()),
        liveCpu.seconds(kappa.served().query()),
        expected,
        counts,
        since(
            store.microBatches(SpeedLayer.REALTIME_VIEW, lambda.served().generation()), liveStart),
        since(store.microBatches(KappaServing.VIEW, kappa.served().generation()), liveStart),
        StreamingViewSummary.of(store, SpeedLayer.REALTIME_VIEW, lambda.served().generation()),
        StreamingViewSummary.of(store, KappaServing.VIEW, 1),
        servedOverTime,
        expectedBySent);
  }

  /**
   * Correction: Lambda's next batch run recomputes from everything; Kappa reprocesses the log with
   * a larger watermark and switches; both judged.
   */
  private Correction correct(
      ViewStore store, LambdaPipeline lambda, KappaPipeline kappa, History history, Live live)
      throws Exception {
    step("lambda: the next batch run corrects the speed layer");
    ResourceMeter meter = ResourceMeter.start();
    long everything = history.records() + live.records();
    BatchLayer.Run v2 = parts.during("lambda", () -> batchRun(lambda, everything));
    lambda.pending().orElseThrow().query().processAllAvailable();
    lambda.switchIfCaughtUp();
    judge("corrected", "lambda", lambdaAnswer(store), live.expected());
    CompareResults.Cost lambdaCost =
        cost(history.lambdaUsage().plus(meter.stop()), live.lambdaCpu(), lambdaStorage());

    step("kappa: reprocess with a %s watermark", Charts.format(options.reprocessWatermark()));
    meter = ResourceMeter.start();
    long reprocessStart = System.nanoTime();
    parts.during(
        "kappa",
        () -> kappa.reprocess(options.logic().withWatermarkDelay(options.reprocessWatermark())));
    KappaPipeline.Reprocess reprocess = ReplayProgress.awaitSwitch(kappa, everything);
    double reprocessSeconds = (System.nanoTime() - reprocessStart) / 1e9;
    CompareResults.Cost kappaCost =
        cost(history.kappaUsage().plus(meter.stop()), live.kappaCpu(), kappaStorage());
    judge("corrected", "kappa", kappaAnswer(store), live.expected());
    step("the equal-work Spark jobs, by hand, on everything published");
    EqualWork.Times baselines = equalWork.measure(v2.view());
    return new Correction(v2, lambdaCost, reprocess, reprocessSeconds, kappaCost, baselines);
  }

  private CompareResults.Architecture lambdaResults(
      ViewStore store, History history, Live live, Correction correction) {
    BatchLayer.Run v2 = correction.lambdaRun();
    double v2Seconds = seconds(v2.archiveTime().plus(v2.recomputeTime()));
    long published = history.records() + live.records();
    return new CompareResults.Architecture(
        "lambda",
        new CompareResults.Throughput(
            history.lambdaSeconds(),
            history.records() / history.lambdaSeconds(),
            v2Seconds,
            v2.view().read() / v2Seconds,
            busyRate(live.speedBatches()),
            recomputeAgainstBaseline(
                history.lambdaRecomputeSeconds(), history.baselines().masterDatasetSeconds()),
            recomputeAgainstBaseline(
                seconds(v2.recomputeTime()), correction.baselines().masterDatasetSeconds())),
        latency(live.speedBatches()),
        new CompareResults.Accounting(
            v2.view().read(),
            v2.view().quarantined(),
            v2.view().duplicates(),
            live.speedStream().droppedLate(),
            history.lambdaDroppedLate(),
            v2.view().read() == published
                && v2.view().read() - v2.view().quarantined() == live.counts().valid()
                && servedEvents(lambdaAnswer(store)) == v2.view().counted()),
        correction.lambdaCost(),
        new CompareResults.MovingParts(
            parts.streamingQueries("lambda"),
            parts.sparkJobs("lambda"),
            modules("lambda"),
            nonEmpty(
                DataFiles.size(harness.workspace().master()),
                DataFiles.size(harness.workspace().batchViews()),
                live.speedBatches().stream().mapToLong(MicroBatchStats::rowsUpserted).sum()),
            DataFiles.countFolders(harness.workspace().speedCheckpoints()),
            List.of("lk lambda batch (on a schedule)", "lk lambda speed")));
  }

  private CompareResults.Architecture kappaResults(
      History history, Live live, Correction correction) {
    StreamingViewSummary stream = live.kappaStream();
    long published = history.records() + live.records();
    return new CompareResults.Architecture(
        "kappa",
        new CompareResults.Throughput(
            history.kappaSeconds(),
            history.records() / history.kappaSeconds(),
            correction.reprocessSeconds(),
            correction.reprocess().recordsReplayed() / correction.reprocessSeconds(),
            busyRate(live.kappaBatches()),
            replayAgainstBaseline(history.kappaSeconds(), history.baselines().topicSeconds()),
            replayAgainstBaseline(
                correction.reprocessSeconds(), correction.baselines().topicSeconds())),
        latency(live.kappaBatches()),
        new CompareResults.Accounting(
            stream.inputRows(),
            stream.quarantined(),
            stream.duplicates(),
            stream.droppedLate(),
            history.kappaDroppedLate(),
            stream.inputRows() == published
                && stream.accountingBalances()
                && stream.inputRows() - stream.quarantined() == live.counts().valid()),
        correction.kappaCost(),
        new CompareResults.MovingParts(
            parts.streamingQueries("kappa"),
            parts.sparkJobs("kappa"),
            modules("kappa"),
            nonEmpty(live.kappaBatches().stream().mapToLong(MicroBatchStats::rowsUpserted).sum()),
            DataFiles.countFolders(harness.workspace().kappaCheckpoints()),
            List.of("lk kappa run", "lk kappa reprocess (when the logic changes)")));
  }

  private static CompareResults.AgainstBaseline recomputeAgainstBaseline(
      double recomputeSeconds, double baselineSeconds) {
    return CompareResults.AgainstBaseline.of(
        "recompute", recomputeSeconds, "the batch job over the master dataset", baselineSeconds);
  }

  private static CompareResults.AgainstBaseline replayAgainstBaseline(
      double replaySeconds, double baselineSeconds) {
    return CompareResults.AgainstBaseline.of(
        "replay", replaySeconds, "the batch job over the topic", baselineSeconds);
  }

  private KappaPipeline kappa(ViewStore store, Trigger trigger) {
    return harness.kappa(store, trigger, options.kappaBatchRecords());
  }

  private long publish(EventGenerator generator, Path files, double rate, String task, long total) {
    return harness.publish(generator, files, rate, task, total);
  }

  /**
   * Publishes every line of the folder's JSON-lines files to the harness.topic(), in file order.
   */
  private long publishLines(Path folder) throws IOException {
    long records = 0;
    try (KafkaEventSink sink = new KafkaEventSink(harness.bootstrapServers(), harness.topic())) {
      for (String file : RawSources.listJsonLines(folder)) {
        try (Stream<String> lines = Files.lines(Path.of(URI.create(file)))) {
          for (String line : (Iterable<String>) lines::iterator) {
            sink.write(line);
            records++;
          }
        }
      }
    }
    return records;
  }

  /**
   * The live phase: events with event time "now", at the rate, for the duration, each counted in
   * {@code sent} as it goes to the topic.
   */
  private long live(Path files, AtomicLong sent) {
    long records = (long) (options.liveRate() * options.liveFor().toSeconds());
    // The same shape of data as the history, another seed (so other event ids), time = now.
    GeneratorOptions live = options.history().live(records, Instant.now(), options.liveFor());
    return harness.publish(
        new EventGenerator(live), files, options.liveRate(), "live", records, sent);
  }

  /**
   * The correctness timeline, once the correction is over: each sample's served events against what
   * the records sent by then hold.
   */
  private static List<CompareResults.ServedPoint> servedOverTime(Live live)
      throws InterruptedException {
    List<CompareResults.ServedPoint> points = new ArrayList<>();
    for (ServedOverTime.Sample sample : live.servedOverTime().stop()) {
      Long expected = live.expectedBySent().get(sample.recordsSent());
      if (expected == null) {
        continue; // read while the oracle was counting: too late for it to count that prefix
      }
      points.add(
          new CompareResults.ServedPoint(
              sample.seconds(),
              sample.recordsSent(),
              expected,
              sample.lambdaServed(),
              sample.kappaServed()));
    }
    return points;
  }

  /** A batch run of Lambda's, with an elapsed-time bar: Spark does not say how far it is. */
  private static BatchLayer.Run batchRun(LambdaPipeline lambda, long records) throws Exception {
    try (Progress bar = Progress.elapsed("lambda batch run", records)) {
      return lambda.runBatch();
    }
  }

  /**
   * Lambda's speed layer on its own: its realtime view against the oracle over the live events
   * only. It starts at the batch horizon, so the live events are exactly what it was given.
   */
  private void judgeSpeedLayerAlone(ViewStore store, long generation, Path liveFiles) {
    try (SqlOracle oracle = SqlOracle.of(List.of(liveFiles))) {
      Map<String, SqlOracle.Expected> expected =
          expecting(oracle.expected(options.logic().window()));
      judge(
          "speed layer alone",
          "lambda",
          everything(
              (key, range) ->
                  store.streamingRows(
                      SpeedLayer.REALTIME_VIEW, generation, key, range[0], range[1])),
          expected);
    }
  }

  /** Kappa replays of the whole log, one per watermark delay (see {@link WatermarkSweep}). */
  private List<CompareResults.SweepPoint> sweep(
      ViewStore store, long records, SqlOracle.Counts counts) throws Exception {
    WatermarkSweep sweep =
        new WatermarkSweep(
            harness.streamingViews(store),
            store,
            harness.workspace().sweepCheckpoints(),
            options.logic(),
            options.sweepBatchRecords());
    List<CompareResults.SweepPoint> points = new ArrayList<>();
    for (Duration delay : options.watermarkSweep()) {
      step(
          "watermark sweep: a Kappa replay with a %s watermark, %,d records per micro-batch",
          Charts.format(delay), options.sweepBatchRecords());
      points.add(sweep.replay(delay, records, counts.unique()));
    }
    return points;
  }

  private void judge(
      String label,
      String architecture,
      Map<String, WindowMetrics> served,
      Map<String, SqlOracle.Expected> expected) {
    Accuracy accuracy = Accuracy.of(label, architecture, served, expected);
    timeline.add(accuracy);
    out.printf(
        "  %-6s %-10s %,d of %,d windows exact, %,d events missing, %,d extra%n",
        architecture,
        label,
        accuracy.exactWindows(),
        accuracy.windows(),
        accuracy.missingEvents(),
        accuracy.extraEvents());
    out.flush();
  }

  /** Everything Lambda serves now: batch ⊕ realtime, every key over the whole range. */
  private Map<String, WindowMetrics> lambdaAnswer(ViewStore store) {
    LambdaServing serving = new LambdaServing(store, LambdaPipeline.catalog(harness.workspace()));
    return everything(
        (key, range) ->
            serving.query(key, range[0], range[1]).windows().stream()
                .map(LambdaServing.Window::metrics)
                .toList());
  }

  private Map<String, WindowMetrics> kappaAnswer(ViewStore store) {
    KappaServing serving = new KappaServing(store);
    return everything((key, range) -> serving.query(key, range[0], range[1]).windows());
  }

  /**
   * Every key's windows over the whole valid event-time range; the keys are the oracle's, so an
   * imported dataset's keys are found as well as the generator's.
   */
  private Map<String, WindowMetrics> everything(
      BiFunction<String, Instant[], List<WindowMetrics>> query) {
    Instant[] range = {options.logic().earliestEventTime(), options.logic().latestEventTime()};
    Map<String, WindowMetrics> cells = new LinkedHashMap<>();
    for (String key : keys) {
      for (WindowMetrics row : query.apply(key, range)) {
        cells.put(row.key() + "@" + row.windowStart(), row);
      }
    }
    return cells;
  }

  /** Remembers the keys the oracle expects, for the next answers to cover. */
  private Map<String, SqlOracle.Expected> expecting(Map<String, SqlOracle.Expected> expected) {
    expected.keySet().forEach(cell -> keys.add(cell.substring(0, cell.lastIndexOf('@'))));
    return expected;
  }

  private static long servedEvents(Map<String, WindowMetrics> served) {
    return served.values().stream().mapToLong(WindowMetrics::events).sum();
  }

  private static List<MicroBatchStats> since(List<MicroBatchStats> batches, Instant start) {
    return batches.stream()
        .filter(b -> !b.committedAt().isBefore(start) && b.inputRows() > 0)
        .toList();
  }

  /** Records per second of processing time: what the stream can do, not what it was fed. */
  private static double busyRate(List<MicroBatchStats> batches) {
    long rows = batches.stream().mapToLong(MicroBatchStats::inputRows).sum();
    long millis = batches.stream().mapToLong(MicroBatchStats::processingMillis).sum();
    return millis == 0 ? 0 : rows * 1000.0 / millis;
  }

  /**
   * The streaming path's event-to-visible latency over the live phase: quantiles over all its
   * events ({@link io.lambdakappa.streaming.EventLatency}). Lambda's batch path has no such figure
   * here: when an event reaches the batch view depends on the batch schedule, which this comparison
   * does not run (the report gives the measured batch run time instead).
   */
  private static CompareResults.Latency latency(List<MicroBatchStats> batches) {
    var events = MicroBatchStats.latencyOf(batches);
    return new CompareResults.Latency(
        known(events.p50Millis()),
        known(events.p95Millis()),
        known(events.p99Millis()),
        batches.size(),
        events.sampleEvents());
  }

  private static Double known(double millis) {
    return Double.isNaN(millis) ? null : millis;
  }

  /** The code modules an architecture needs: its own and the shared ones. */
  private static int modules(String architecture) {
    return (int)
        CodeMetrics.MODULES.values().stream()
            .filter(serves -> serves.equals(architecture) || serves.equals("both"))
            .count();
  }

  /** How many of the stores an architecture wrote received something (bytes or rows). */
  private static int nonEmpty(long... sizes) {
    return (int) java.util.Arrays.stream(sizes).filter(size -> size > 0).count();
  }

  private Map<String, Long> lambdaStorage() {
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put("master dataset", DataFiles.size(harness.workspace().master()));
    bytes.put("batch views", DataFiles.size(harness.workspace().batchViews()));
    bytes.put("checkpoints", DataFiles.size(harness.workspace().speedCheckpoints()));
    bytes.put("view store (shared)", DataFiles.size(DataPath.of(harness.workspace().store())));
    return bytes;
  }

  private Map<String, Long> kappaStorage() {
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put("checkpoints", DataFiles.size(harness.workspace().kappaCheckpoints()));
    bytes.put("view store (shared)", DataFiles.size(DataPath.of(harness.workspace().store())));
    return bytes;
  }

  private static CompareResults.Cost cost(
      ResourceMeter.Usage usage, double liveTaskCpuSeconds, Map<String, Long> storage) {
    return new CompareResults.Cost(
        usage.cpuSeconds(), liveTaskCpuSeconds, usage.peakHeapBytes(), storage);
  }

  private void step(String format, Object... args) {
    out.printf("▸ " + format + "%n", args);
    out.flush();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
