package io.lambdakappa.compare;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code lk compare} run measured: what {@code results.json} holds and the report is
 * drawn from. The schema is documented in docs/report.md; fields are only ever added.
 */
public record CompareResults(
    int schemaVersion,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Settings settings,
    Dataset dataset,
    Architecture lambda,
    Architecture kappa,
    List<Accuracy> timeline,
    CodeMetrics.Report code,
    List<SweepPoint> watermarkSweep,
    List<ServedPoint> servedOverTime) {

  public static final int SCHEMA_VERSION = 3;

  /**
   * What both architectures served at one moment of the live phase and the correction, sampled
   * about once a second ({@link ServedOverTime}).
   *
   * @param seconds since the live phase began
   * @param recordsSent live records sent to the topic by then
   * @param expectedEvents unique valid events in the history and those live records (the oracle)
   * @param lambdaServedEvents events counted in everything Lambda serves (batch ⊕ realtime)
   * @param kappaServedEvents events counted in Kappa's served version
   */
  public record ServedPoint(
      double seconds,
      long recordsSent,
      long expectedEvents,
      long lambdaServedEvents,
      long kappaServedEvents) {

    public long lambdaMissing() {
      return expectedEvents - lambdaServedEvents;
    }

    public long kappaMissing() {
      return expectedEvents - kappaServedEvents;
    }
  }

  /** The knobs of the run. */
  public record Settings(
      long historyRecords,
      Duration window,
      Duration watermark,
      Duration reprocessWatermark,
      double liveRate,
      Duration liveFor,
      int partitions) {}

  /** The data both architectures read, and what the oracle makes of it. */
  public record Dataset(
      long historyRecords,
      long liveRecords,
      long oracleRead,
      long oracleValid,
      long oracleUniqueEvents,
      long oracleWindows) {}

  /** One architecture's figures, measured in the same run on the same data. */
  public record Architecture(
      String name,
      Throughput throughput,
      Latency latency,
      Accounting accounting,
      Cost cost,
      MovingParts movingParts) {}

  /**
   * @param historySeconds time to turn the history into a served view: Lambda's archive and
   *     recompute, Kappa's replay
   * @param historyEventsPerSecond history records over that time
   * @param correctionSeconds time to correct the view after the live phase: Lambda's second batch
   *     run, Kappa's reprocess (a replay of the whole log with the larger watermark)
   * @param streamEventsPerSecond records per second the streaming part processed live
   * @param historyVsBaseline the history's recompute or replay against the equal-work job
   * @param correctionVsBaseline the correction's recompute or replay against the equal-work job
   */
  public record Throughput(
      double historySeconds,
      double historyEventsPerSecond,
      double correctionSeconds,
      double correctionEventsPerSecond,
      double streamEventsPerSecond,
      AgainstBaseline historyVsBaseline,
      AgainstBaseline correctionVsBaseline) {}

  /**
   * A pipeline's time against the hand-written Spark job that does the same work on the same input
   * in the same run ({@code EqualWork}): what the engine does alone here and now.
   *
   * @param measured what was timed: Lambda's recompute (the archive before it is not in it), or
   *     Kappa's replay
   * @param baseline the job it is compared with
   * @param ratio {@code baselineSeconds / pipelineSeconds}: 1 runs at the engine's own speed, 0.5
   *     takes twice its time
   */
  public record AgainstBaseline(
      String measured,
      double pipelineSeconds,
      String baseline,
      double baselineSeconds,
      double ratio) {

    static AgainstBaseline of(
        String measured, double pipelineSeconds, String baseline, double baselineSeconds) {
      return new AgainstBaseline(
          measured, pipelineSeconds, baseline, baselineSeconds, baselineSeconds / pipelineSeconds);
    }
  }

  /**
   * Event-to-visible latency of the streaming path in the live phase, in milliseconds: quantiles
   * over all its events ({@code EventLatency}), from Kafka record time to the moment the
   * micro-batch that made the event visible hands its rows to the store (the store's own
   * transaction is not in it).
   *
   * @param sampleEvents how many events the quantiles are over
   */
  public record Latency(
      Double streamP50Millis,
      Double streamP95Millis,
      Double streamP99Millis,
      long microBatches,
      long sampleEvents) {}

  /**
   * The accounting identity: read = valid + quarantined, valid = counted + duplicates + dropped
   * late. Every figure is measured by the architecture itself.
   *
   * @param read Lambda: its batch run after the live phase; Kappa: its live version's stream
   * @param droppedLate Lambda: what its speed layer dropped behind the watermark in the live phase
   *     (the next batch run counts them); Kappa: what its live version dropped, history included
   * @param historyDroppedLate Lambda: what its history's batch view left uncounted (a batch run has
   *     no watermark: 0 unless events were lost); Kappa: what the replay of the history dropped
   */
  public record Accounting(
      long read,
      long quarantined,
      long duplicates,
      long droppedLate,
      long historyDroppedLate,
      boolean identityHolds) {}

  /**
   * What running it cost.
   *
   * @param cpuSeconds process CPU of the phases this architecture ran alone (history, correction)
   * @param liveTaskCpuSeconds CPU of the Spark tasks of its streaming query in the live phase,
   *     where both ran side by side (see {@code QueryCpu})
   */
  public record Cost(
      double cpuSeconds,
      double liveTaskCpuSeconds,
      long peakHeapBytes,
      Map<String, Long> storageBytes) {}

  /**
   * The operational parts, counted from the run itself except the commands.
   *
   * @param streamingQueries streaming queries the architecture started during the run
   * @param sparkJobs Spark jobs it ran (its queries' micro-batches and its batch runs)
   * @param modules code modules it needs: its own and the shared ones
   * @param stores stores it wrote during the run (master dataset, batch views, view tables)
   * @param checkpoints checkpoint folders it has at the end
   * @param commands what an operator runs to keep it going (the design, not a measurement)
   */
  public record MovingParts(
      long streamingQueries,
      long sparkJobs,
      int modules,
      int stores,
      int checkpoints,
      List<String> commands) {}

  /**
   * One watermark setting: what Kappa drops, what it keeps in state and how long its micro-batches
   * take, on the same log read in the same steps.
   *
   * @param microBatchMillisP50 the median processing time of a micro-batch: the floor of the
   *     event-to-visible latency, which the state a watermark keeps makes longer
   * @param finalAfter how long after a window starts its answer stops changing: window + delay
   */
  public record SweepPoint(
      Duration watermark,
      long droppedLate,
      long stateRows,
      long stateBytes,
      double replaySeconds,
      double missingEventsPercent,
      long microBatches,
      Double microBatchMillisP50,
      Duration finalAfter) {}
}
