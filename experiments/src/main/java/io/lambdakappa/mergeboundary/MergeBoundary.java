package io.lambdakappa.mergeboundary;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.Await;
import io.lambdakappa.harness.ServedAnswers;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSpec;
import io.lambdakappa.streaming.StreamingViews;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The merge boundary, measured: Lambda running on one continuous stream across several batch
 * switches, and at each point three answers from the same stored views, judged against the oracle
 * over every record published so far: Lambda's own (the batch view and the realtime view split by
 * offset at the horizon, with the seam that keeps a duplicate straddling the horizon from being
 * counted on both sides), the same split without the seam (a realtime view started at the same
 * horizon by the plain shared logic), and the time split of hybrid OLAP stores ({@link Merges}).
 *
 * <p>The watermark is longer than the data's span and lateness, so the speed layer drops nothing as
 * late: every difference from the oracle is the merge's.
 */
public final class MergeBoundary {

  /**
   * @param data the one stream, published in {@code batchSwitches + 1} slices
   * @param batchSwitches batch runs after the first, each followed by a switch
   */
  public record Options(GeneratorOptions data, int batchSwitches, int partitions) {

    LogicConfig logic() {
      return LogicConfig.defaults()
          .withWatermarkDelay(data.span().plus(data.lateBy()).plus(data.jitter()));
    }
  }

  static final String NO_SEAM_VIEW = "lambda_realtime_no_seam";
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private final ArchitectureHarness harness;
  private final Options options;
  private final PrintWriter out;
  private final List<Path> slices = new ArrayList<>();

  public MergeBoundary(ArchitectureHarness harness, Options options, PrintWriter out) {
    this.harness = harness;
    this.options = options;
    this.out = out;
  }

  public MergeBoundaryResults run(String runId) throws Exception {
    Instant started = Instant.now();
    harness.ensureTopic(options.partitions());
    LogicConfig logic = options.logic();
    EventGenerator stream = new EventGenerator(options.data());
    long[] sizes = sliceSizes(options.data().records(), options.batchSwitches());
    List<MergeBoundaryResults.Point> points = new ArrayList<>();
    try (ViewStore store = harness.openStore();
        LambdaPipeline lambda = harness.lambda(store, logic, 3)) {
      StreamingViews views = harness.streamingViews(store);
      publish(stream, sizes[0]);
      step("batch run 1 over the first %,d records", sizes[0]);
      BatchLayer.Run run = lambda.runBatch();
      store.serve(SpeedLayer.REALTIME_VIEW, run.view().version());
      lambda.startSpeedLayer();
      StreamingViewQuery noSeam = startWithoutSeam(views, run, logic);
      for (int slice = 1; slice <= options.batchSwitches(); slice++) {
        publish(stream, sizes[slice]);
        Map<Integer, Long> latest =
            KafkaOffsets.latest(harness.bootstrapServers(), harness.topic());
        awaitCommitted(lambda.served(), latest, "the speed layer");
        awaitCommitted(noSeam, latest, "the realtime view without the seam");
        points.add(measure(store, run, "after slice " + (slice + 1), sum(latest)));
        step("batch run %d, then the switch", slice + 1);
        run = lambda.runBatch();
        awaitSwitch(lambda);
        views.drop(noSeam);
        noSeam = startWithoutSeam(views, run, logic);
      }
      views.drop(noSeam);
    }
    return new MergeBoundaryResults(
        MergeBoundaryResults.SCHEMA_VERSION,
        runId,
        started,
        Duration.between(started, Instant.now()),
        new MergeBoundaryResults.Settings(
            options.data().seed(),
            options.data().records(),
            options.batchSwitches(),
            options.data().duplicateFraction(),
            options.data().lateFraction(),
            options.data().lateBy(),
            logic.window(),
            logic.watermarkDelay(),
            options.partitions()),
        points);
  }

  /** The first slice is the history (40%); the rest is shared evenly by the switches. */
  static long[] sliceSizes(long records, int switches) {
    long[] sizes = new long[switches + 1];
    sizes[0] = records * 2 / 5;
    long rest = records - sizes[0];
    for (int i = 1; i <= switches; i++) {
      sizes[i] = rest / switches + (i <= rest % switches ? 1 : 0);
    }
    return sizes;
  }

  /** The next {@code records} of the one stream, to a folder of their own and to the topic. */
  private void publish(EventGenerator stream, long records) {
    Path folder = harness.workspace().data().resolve("slice-" + (slices.size() + 1));
    step("publish %,d more records of the same stream", records);
    harness.publishNext(stream, records, folder);
    slices.add(folder);
  }

  /** A realtime view from the batch view's horizon by the plain shared logic: no seam. */
  private StreamingViewQuery startWithoutSeam(
      StreamingViews views, BatchLayer.Run run, LogicConfig logic) throws Exception {
    long generation = run.view().version();
    return views.start(
        new StreamingViewSpec(
            NO_SEAM_VIEW,
            generation,
            new EventPipeline(logic),
            run.view().horizon(),
            harness.workspace().checkpoints().resolve("no-seam-" + generation),
            Trigger.ProcessingTime(0),
            0));
  }

  private MergeBoundaryResults.Point measure(
      ViewStore store, BatchLayer.Run run, String label, long published) {
    long generation = run.view().version();
    step("%s: three merges against the oracle", label);
    try (SqlOracle oracle = SqlOracle.of(slices)) {
      Map<String, SqlOracle.Expected> expected = oracle.expected(options.logic().window());
      Set<String> keys = ServedAnswers.keysOf(expected.keySet());
      BatchViewCatalog catalog = LambdaPipeline.catalog(harness.workspace());
      List<WindowMetrics> batch = ParquetViews.read(catalog.dataFolder(generation));
      List<WindowMetrics> realtime = rows(store, SpeedLayer.REALTIME_VIEW, generation, keys);
      List<WindowMetrics> withoutSeam = rows(store, NO_SEAM_VIEW, generation, keys);
      Instant boundary = Merges.timeBoundary(batch).orElse(Instant.EPOCH);
      return new MergeBoundaryResults.Point(
          label + ", batch view " + generation,
          generation,
          run.view().horizon(),
          boundary,
          published,
          Accuracy.of(
              label,
              "lambda",
              ServedAnswers.lambda(store, harness.workspace(), keys, options.logic()),
              expected),
          Accuracy.of(label, "no seam", Merges.offsetSplit(batch, withoutSeam), expected),
          Accuracy.of(label, "time", Merges.timeSplit(batch, realtime, boundary), expected));
    }
  }

  private List<WindowMetrics> rows(
      ViewStore store, String view, long generation, Set<String> keys) {
    LogicConfig logic = options.logic();
    List<WindowMetrics> rows = new ArrayList<>();
    for (String key : keys) {
      rows.addAll(
          store.streamingRows(
              view, generation, key, logic.earliestEventTime(), logic.latestEventTime()));
    }
    return rows;
  }

  private static void awaitCommitted(
      StreamingViewQuery query, Map<Integer, Long> offsets, String what)
      throws InterruptedException {
    Await.committed(query, offsets, what, DEADLINE);
  }

  private static void awaitSwitch(LambdaPipeline lambda) throws InterruptedException {
    Await.until(
        lambda::switchIfCaughtUp, "the new speed generation catching up", DEADLINE, () -> {});
  }

  private static long sum(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private void step(String format, Object... args) {
    out.printf("▸ " + format + "%n", args);
    out.flush();
  }
}
