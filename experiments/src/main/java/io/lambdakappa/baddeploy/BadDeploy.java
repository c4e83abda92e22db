package io.lambdakappa.baddeploy;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.Await;
import io.lambdakappa.harness.ResourceMeter;
import io.lambdakappa.harness.ServedAnswers;
import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
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
 * A bad deploy, then the fix: human error, measured. One continuous stream is published in four
 * slices, and both architectures run side by side on it, each deployed the way its commands deploy
 * new logic:
 *
 * <ol>
 *   <li>two slices under the good logic;
 *   <li>a release with a bug goes live: a cap on {@code value} in the wrong unit, so every larger
 *       value is quarantined. Lambda restarts (its speed layer resumes with the new code), Kappa
 *       reprocesses into a new version and switches;
 *   <li>a third slice under the bug, then Lambda's scheduled batch run, with the bug too;
 *   <li>the fix: Lambda restarts and runs a batch at once, Kappa reprocesses again;
 *   <li>a fourth slice, to see the fixed views go on.
 * </ol>
 *
 * What each serves is judged against the oracle at every step, and about once a second while a
 * deploy is under way: that is the timeline. The oracle follows the good contract throughout.
 */
public final class BadDeploy {

  /**
   * @param data the one stream, published in four slices (40%, 20%, 20%, 20%)
   * @param badMaxValue the bad release's cap on {@code value}
   */
  public record Options(GeneratorOptions data, double badMaxValue, int partitions) {

    /**
     * A watermark longer than the data's span: no event is ever late, so every difference from the
     * oracle is the bug's.
     */
    LogicConfig good() {
      return LogicConfig.defaults()
          .withWatermarkDelay(data.span().plus(data.lateBy()).plus(data.jitter()));
    }

    LogicConfig bad() {
      return good().withMaxValue(badMaxValue);
    }
  }

  private static final Duration DEADLINE = Duration.ofMinutes(15);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final ArchitectureHarness harness;
  private final Options options;
  private final PrintWriter out;
  private final List<Path> slices = new ArrayList<>();
  private final List<BadDeployResults.Moment> timeline = new ArrayList<>();
  private Instant started;
  private long lastSample;

  public BadDeploy(ArchitectureHarness harness, Options options, PrintWriter out) {
    this.harness = harness;
    this.options = options;
    this.out = out;
  }

  /** What one architecture's deploys did, as they happen. */
  private record Deploys(double deployedAt, double fixedAt, double fixSeconds, double fixCpu) {}

  public BadDeployResults run(String runId) throws Exception {
    started = Instant.now();
    harness.ensureTopic(options.partitions());
    LogicConfig good = options.good();
    LogicConfig bad = options.bad();
    EventGenerator stream = new EventGenerator(options.data());
    long[] sizes = sliceSizes(options.data().records());
    String capFlag =
        " --max-value " + BadDeployResults.plain(options.badMaxValue()).replace(",", "");
    try (ViewStore store = harness.openStore();
        KappaPipeline kappa = harness.kappa(store, Trigger.ProcessingTime(0), 0)) {
      LambdaPipeline lambda = harness.lambda(store, good, 3);
      try {
        publish(stream, sizes[0]);
        step("both run the good logic: Lambda's first batch run, Kappa's first version");
        BatchLayer.Run first = lambda.runBatch();
        store.serve(SpeedLayer.REALTIME_VIEW, first.view().version());
        lambda.startSpeedLayer();
        kappa.start(good);
        Judge judge = caughtUp(store, lambda, kappa, "history, good logic");
        publish(stream, sizes[1]);
        judge = caughtUp(store, lambda, kappa, "more traffic, good logic");

        step("the bad release goes live: value capped at %,.0f", options.badMaxValue());
        double lambdaDeployed = now();
        lambda.close();
        lambda = harness.lambda(store, bad, 3);
        lambda.startSpeedLayer();
        judge.moment("Lambda restarted with the bug");
        double kappaDeployed = now();
        kappa.reprocess(bad);
        awaitKappaSwitch(kappa, judge, "Kappa reprocessing with the bug");
        judge.moment("Kappa switched to the bug");
        boolean kappaServedTheBug = servesTheCappedOracle(store, judge.keys);

        publish(stream, sizes[2]);
        judge = caughtUp(store, lambda, kappa, "more traffic, under the bug");
        step("Lambda's scheduled batch run, with the bug");
        lambda.runBatch();
        awaitLambdaSwitch(lambda, judge, "Lambda switching to the buggy batch view");
        judge.moment("Lambda's batch view, with the bug");

        step("the fix goes live in Lambda: a restart, then a batch run at once");
        double lambdaFixed = now();
        ResourceMeter meter = ResourceMeter.start();
        lambda.close();
        lambda = harness.lambda(store, good, 3);
        lambda.startSpeedLayer();
        lambda.runBatch();
        awaitLambdaSwitch(lambda, judge, "Lambda switching to the fixed batch view");
        Deploys lambdaDeploys =
            new Deploys(
                lambdaDeployed, lambdaFixed, now() - lambdaFixed, meter.stop().cpuSeconds());
        Accuracy lambdaAfterFix = judge.moment("Lambda fixed").lambda();
        long masterBytes = DataFiles.size(harness.workspace().master());

        step("the fix goes live in Kappa: a reprocess");
        double kappaFixed = now();
        meter = ResourceMeter.start();
        kappa.reprocess(good);
        awaitKappaSwitch(kappa, judge, "Kappa reprocessing with the fix");
        Deploys kappaDeploys =
            new Deploys(kappaDeployed, kappaFixed, now() - kappaFixed, meter.stop().cpuSeconds());
        Accuracy kappaAfterFix = judge.moment("Kappa fixed").kappa();
        long logBytes =
            KafkaTopics.partitionBytes(harness.bootstrapServers(), harness.topic())
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();

        publish(stream, sizes[3]);
        judge = caughtUp(store, lambda, kappa, "more traffic, after the fix");
        BadDeployResults.Moment end = timeline.get(timeline.size() - 1);

        step("what the bug refuses of the whole stream, by the oracle");
        long refused;
        try (SqlOracle all = SqlOracle.of(slices);
            SqlOracle capped = SqlOracle.of(capped(slices, "capped-all"))) {
          refused = all.counts().unique() - capped.counts().unique();
        }
        return new BadDeployResults(
            BadDeployResults.SCHEMA_VERSION,
            runId,
            started,
            Duration.between(started, Instant.now()),
            new BadDeployResults.Settings(
                options.data().seed(),
                options.data().records(),
                java.util.Arrays.stream(sizes).boxed().toList(),
                options.badMaxValue(),
                good.maxValue(),
                good.window(),
                good.watermarkDelay(),
                options.partitions()),
            List.copyOf(timeline),
            List.of(
                new BadDeployResults.Architecture(
                    "lambda",
                    List.of("restart lk lambda run" + capFlag),
                    List.of("restart lk lambda run (the cap fixed)", "lk lambda batch"),
                    lambdaDeploys.deployedAt(),
                    lambdaDeploys.fixedAt(),
                    lambdaDeploys.fixSeconds(),
                    lambdaDeploys.fixCpu(),
                    lambdaAfterFix,
                    end.lambda(),
                    "master dataset",
                    masterBytes),
                new BadDeployResults.Architecture(
                    "kappa",
                    List.of("lk kappa reprocess" + capFlag),
                    List.of("lk kappa reprocess --max-value 1e12"),
                    kappaDeploys.deployedAt(),
                    kappaDeploys.fixedAt(),
                    kappaDeploys.fixSeconds(),
                    kappaDeploys.fixCpu(),
                    kappaAfterFix,
                    end.kappa(),
                    "log",
                    logBytes)),
            refused,
            kappaServedTheBug);
      } finally {
        lambda.close();
      }
    }
  }

  /** The history is 40% of the stream; the other three slices share the rest. */
  static long[] sliceSizes(long records) {
    long first = records * 2 / 5;
    long rest = records - first;
    return new long[] {first, rest / 3, rest / 3, rest - 2 * (rest / 3)};
  }

  /**
   * Judges both against the oracle over everything published so far, once both have committed all
   * of it, and remembers it as a moment of the timeline.
   */
  private Judge caughtUp(ViewStore store, LambdaPipeline lambda, KappaPipeline kappa, String label)
      throws InterruptedException {
    Map<Integer, Long> latest = KafkaOffsets.latest(harness.bootstrapServers(), harness.topic());
    Await.committed(lambda.served(), latest, "Lambda's speed layer", DEADLINE);
    Await.committed(kappa.served(), latest, "Kappa", DEADLINE);
    Judge judge = new Judge(store);
    judge.moment(label);
    return judge;
  }

  /**
   * Kappa's reprocess: waits for the new version to catch up and switch, sampling what both serve
   * meanwhile (the old version serves until the switch).
   */
  private void awaitKappaSwitch(KappaPipeline kappa, Judge judge, String label)
      throws InterruptedException {
    Await.until(
        () -> {
          if (kappa.pending().isPresent() && !kappa.pending().get().isActive()) {
            throw new IllegalStateException(label + ": the new version stopped before catching up");
          }
          return kappa.switchIfCaughtUp().isPresent();
        },
        label,
        DEADLINE,
        () -> judge.sample(label));
  }

  /** Lambda's new batch view: its speed generation catches up, then serving switches to both. */
  private void awaitLambdaSwitch(LambdaPipeline lambda, Judge judge, String label)
      throws InterruptedException {
    Await.until(lambda::switchIfCaughtUp, label, DEADLINE, () -> judge.sample(label));
  }

  /** Kappa under the bug against the oracle over the records with every larger value left out. */
  private boolean servesTheCappedOracle(ViewStore store, Set<String> keys) {
    try (SqlOracle oracle = SqlOracle.of(capped(slices, "capped"))) {
      Accuracy accuracy =
          Accuracy.of(
              "under the bug",
              "kappa",
              ServedAnswers.kappa(store, keys, options.good()),
              oracle.expected(options.good().window()));
      step(
          "Kappa under the bug against the capped oracle: %,d of %,d windows exact",
          accuracy.exactWindows(), accuracy.windows());
      return accuracy.exact();
    }
  }

  /** A copy of each folder's records without those whose value is above the bad cap. */
  private List<Path> capped(List<Path> folders, String name) {
    return ValueCap.copyEachWithin(
        folders, options.badMaxValue(), harness.workspace().data().resolve(name));
  }

  /** The next {@code records} of the one stream, to a folder of their own and to the topic. */
  private void publish(EventGenerator stream, long records) {
    Path folder = harness.workspace().data().resolve("slice-" + (slices.size() + 1));
    step("publish %,d more records of the same stream", records);
    harness.publishNext(stream, records, folder);
    slices.add(folder);
  }

  /**
   * Judges what both serve against the oracle over the records published so far (read once), and
   * adds each judgement to the timeline.
   */
  private final class Judge {
    private final ViewStore store;
    private final Map<String, SqlOracle.Expected> expected;
    private final Set<String> keys;

    Judge(ViewStore store) {
      this.store = store;
      try (SqlOracle oracle = SqlOracle.of(slices)) {
        this.expected = oracle.expected(options.good().window());
      }
      this.keys = ServedAnswers.keysOf(expected.keySet());
    }

    BadDeployResults.Moment moment(String label) {
      LogicConfig logic = options.good();
      BadDeployResults.Moment moment =
          new BadDeployResults.Moment(
              now(),
              label,
              Accuracy.of(
                  label,
                  "lambda",
                  ServedAnswers.lambda(store, harness.workspace(), keys, logic),
                  expected),
              Accuracy.of(label, "kappa", ServedAnswers.kappa(store, keys, logic), expected));
      timeline.add(moment);
      lastSample = System.nanoTime();
      out.printf(
          "  %-40s lambda %,d windows wrong, %,d events missing | kappa %,d, %,d%n",
          label,
          BadDeployResults.wrongWindows(moment.lambda()),
          moment.lambda().missingEvents(),
          BadDeployResults.wrongWindows(moment.kappa()),
          moment.kappa().missingEvents());
      out.flush();
      return moment;
    }

    /** A moment, if the last one is at least a second old. */
    void sample(String label) {
      if (System.nanoTime() - lastSample >= SAMPLE_EVERY.toNanos()) {
        moment(label);
      }
    }
  }

  private double now() {
    return Duration.between(started, Instant.now()).toMillis() / 1000.0;
  }

  private void step(String format, Object... args) {
    out.printf("▸ " + format + "%n", args);
    out.flush();
  }
}
