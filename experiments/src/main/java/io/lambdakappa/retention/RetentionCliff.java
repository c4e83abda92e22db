package io.lambdakappa.retention;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.ReplayProgress;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.generate.EventGenerator;
import io.lambdakappa.generate.GeneratorOptions;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.harness.Await;
import io.lambdakappa.harness.ServedAnswers;
import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.KafkaOffsets;
import io.lambdakappa.runtime.RawArchive;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.StreamingViewQuery;
import io.lambdakappa.streaming.StreamingViewSpec;
import io.lambdakappa.streaming.StreamingViews;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The retention cliff, measured: a topic whose retention is shorter than its history, a logic
 * change that needs all of it, and three ways to reprocess. Lambda recomputes from the master
 * dataset it archived while the log still held everything; Kappa replays the topic, which now
 * starts wherever retention left it; Kappa+ replays an archive of the topic and then the live
 * topic, through the same streaming code in one query. Each is judged against the oracle over all
 * records, and Kappa's loss against what the oracle finds only in the deleted segments.
 *
 * <p>Every replay here reads the log in one micro-batch, so the watermark drops nothing and every
 * difference from the oracle is the retention's.
 */
public final class RetentionCliff {

  /**
   * @param history the records published before retention applies
   * @param liveRecords records published after it (the log goes on), same shape, next seed
   * @param retainedFraction the share of each partition's bytes that retention keeps
   * @param segmentBytes the topic's segment size (retention deletes whole segments)
   * @param newWindow the logic change: the window length every view is recomputed with
   */
  public record Options(
      GeneratorOptions history,
      long liveRecords,
      double retainedFraction,
      int segmentBytes,
      Duration newWindow,
      int partitions) {

    LogicConfig oldLogic() {
      return LogicConfig.defaults();
    }

    LogicConfig newLogic() {
      return LogicConfig.defaults().withWindow(newWindow);
    }
  }

  static final String KAPPA_PLUS_VIEW = "kappa_plus";
  private static final Duration DELETION_DEADLINE = Duration.ofMinutes(7);
  private static final Duration REPLAY_DEADLINE = Duration.ofMinutes(30);

  private final ArchitectureHarness harness;
  private final Options options;
  private final PrintWriter out;

  public RetentionCliff(ArchitectureHarness harness, Options options, PrintWriter out) {
    this.harness = harness;
    this.options = options;
    this.out = out;
  }

  public RetentionCliffResults run(String runId) throws Exception {
    Instant started = Instant.now();
    String bootstrap = harness.bootstrapServers();
    String topic = harness.topic();
    RawArchive archive = new RawArchive(harness.workspace().archive());
    TopicRetention.create(bootstrap, topic, options.partitions(), options.segmentBytes());
    Path historyFiles = harness.workspace().data().resolve("history");
    step(
        "history: %,d records to %s and to topic %s",
        options.history().records(), historyFiles, topic);
    harness.publish(
        new EventGenerator(options.history()),
        historyFiles,
        0,
        "history",
        options.history().records());

    try (ViewStore store = harness.openStore();
        KappaPipeline kappa = harness.kappa(store, Trigger.ProcessingTime(0), 0)) {
      step("before the cliff: Lambda archives the topic, Kappa runs over it, Kappa+ archives it");
      try (LambdaPipeline lambda = harness.lambda(store, options.oldLogic(), 2)) {
        lambda.runBatch();
      }
      StreamingViewQuery v1 = kappa.start(options.oldLogic());
      Await.committed(
          v1, KafkaOffsets.latest(bootstrap, topic), "Kappa's first version", REPLAY_DEADLINE);
      archive.archiveTopic(harness.spark(), bootstrap, topic);
      Map<Integer, Long> archivedUpTo = archive.archivedUpTo();

      Map<Integer, Long> bytes = TopicRetention.partitionBytes(bootstrap, topic);
      // Of the smallest partition, so retention cuts every partition: the producer does not spread
      // records evenly, and a partition under the limit would lose nothing.
      long retentionBytes =
          (long)
              (options.retainedFraction()
                  * bytes.values().stream().mapToLong(b -> b).min().orElse(0));
      step("the cliff: retention.bytes=%,d per partition (of %s)", retentionBytes, bytes);
      TopicRetention.retainBytes(bootstrap, topic, retentionBytes);
      Map<Integer, Long> logStart =
          TopicRetention.awaitDeletion(bootstrap, topic, Duration.ofSeconds(3), DELETION_DEADLINE);
      step("Kafka deleted %,d records: the log now starts at %s", sum(logStart), logStart);

      Path liveFiles = harness.workspace().data().resolve("live");
      GeneratorOptions live =
          options.history().live(options.liveRecords(), Instant.now(), Duration.ofMinutes(1));
      step("after the cliff: %,d more records; the log goes on", options.liveRecords());
      harness.publish(new EventGenerator(live), liveFiles, 0, "live", options.liveRecords());
      // Retention goes on: the new records push more old segments over the limit.
      logStart =
          TopicRetention.awaitDeletion(bootstrap, topic, Duration.ofSeconds(3), DELETION_DEADLINE);
      Map<Integer, Long> end = KafkaOffsets.latest(bootstrap, topic);
      long retained = sum(end) - sum(logStart);
      step("when the logic changes, the log holds offsets %s to %s", logStart, end);

      step("the logic changes: %s windows; each architecture reprocesses", options.newWindow());
      RetentionCliffResults.Architecture lambdaResult;
      Instant lambdaStart = Instant.now();
      BatchLayer.Run recompute;
      try (LambdaPipeline lambda = harness.lambda(store, options.newLogic(), 2)) {
        recompute = lambda.runBatch();
      }
      double lambdaSeconds = seconds(lambdaStart);
      store.serve(SpeedLayer.REALTIME_VIEW, recompute.view().version());

      Instant kappaStart = Instant.now();
      kappa.reprocess(options.newLogic());
      ReplayProgress.awaitSwitch(kappa, retained);
      double kappaSeconds = seconds(kappaStart);

      Instant plusStart = Instant.now();
      StreamingViewQuery plus =
          new StreamingViews(
                  harness.spark(),
                  new ArchiveThenLog(bootstrap, archive, topic, archivedUpTo),
                  store)
              .start(
                  new StreamingViewSpec(
                      KAPPA_PLUS_VIEW,
                      1,
                      new EventPipeline(options.newLogic()),
                      Map.of(),
                      harness.workspace().checkpoints().resolve("kappa-plus"),
                      Trigger.AvailableNow(),
                      0));
      if (!plus.query().awaitTermination(REPLAY_DEADLINE.toMillis())) {
        throw new IllegalStateException("Kappa+ did not replay within " + REPLAY_DEADLINE);
      }
      double plusSeconds = seconds(plusStart);

      step("judge every view against the oracle");
      Path retainedFile = harness.workspace().data().resolve("retained").resolve("topic.jsonl");
      TopicLines.write(bootstrap, topic, retainedFile);
      long topicBytes = sum(TopicRetention.partitionBytes(bootstrap, topic));
      long archiveBytes = archive.bytes();
      try (SqlOracle all = SqlOracle.of(List.of(historyFiles, liveFiles));
          SqlOracle stillInTheLog = SqlOracle.of(List.of(retainedFile.getParent()))) {
        Map<String, SqlOracle.Expected> expected = all.expected(options.newWindow());
        Map<String, SqlOracle.Expected> rebuildable = stillInTheLog.expected(options.newWindow());
        Set<String> keys = ServedAnswers.keysOf(expected.keySet());
        Map<String, WindowMetrics> kappaAnswer = kappaAnswer(store, keys);
        long uniqueAll = all.counts().unique();
        List<RetentionCliffResults.Architecture> architectures =
            List.of(
                new RetentionCliffResults.Architecture(
                    "lambda",
                    "lk lambda batch: recompute from the master dataset",
                    lambdaSeconds,
                    Map.of(
                        "master dataset",
                        DataFiles.size(harness.workspace().master()),
                        "topic",
                        topicBytes),
                    Accuracy.of(
                        "after the logic change", "lambda", lambdaAnswer(store, keys), expected)),
                new RetentionCliffResults.Architecture(
                    "kappa",
                    "lk kappa reprocess: replay the topic into a new version",
                    kappaSeconds,
                    Map.of("topic", topicBytes),
                    Accuracy.of("after the logic change", "kappa", kappaAnswer, expected)),
                new RetentionCliffResults.Architecture(
                    "kappa+",
                    "replay the archive, then the topic, in one streaming query",
                    plusSeconds,
                    Map.of("archive", archiveBytes, "topic", topicBytes),
                    Accuracy.of(
                        "after the logic change", "kappa+", plusAnswer(store, keys), expected)));
        return new RetentionCliffResults(
            RetentionCliffResults.SCHEMA_VERSION,
            runId,
            started,
            Duration.between(started, Instant.now()),
            new RetentionCliffResults.Settings(
                options.history().seed(),
                options.history().records(),
                options.liveRecords(),
                options.retainedFraction(),
                retentionBytes,
                options.segmentBytes(),
                options.oldLogic().window(),
                options.newWindow(),
                options.partitions()),
            new RetentionCliffResults.Log(sum(end), sum(logStart), logStart, uniqueAll),
            architectures,
            uniqueAll - stillInTheLog.counts().unique(),
            Accuracy.of("rebuildable", "kappa", kappaAnswer, rebuildable).exact());
      }
    }
  }

  private Map<String, WindowMetrics> lambdaAnswer(ViewStore store, Set<String> keys) {
    return ServedAnswers.lambda(store, harness.workspace(), keys, options.newLogic());
  }

  private Map<String, WindowMetrics> kappaAnswer(ViewStore store, Set<String> keys) {
    return ServedAnswers.kappa(store, keys, options.newLogic());
  }

  private Map<String, WindowMetrics> plusAnswer(ViewStore store, Set<String> keys) {
    return ServedAnswers.streamingView(store, KAPPA_PLUS_VIEW, 1, keys, options.newLogic());
  }

  private static long sum(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static double seconds(Instant start) {
    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
  }

  private void step(String format, Object... args) {
    out.printf("▸ " + format + "%n", args);
    out.flush();
  }
}
