package io.lambdakappa.exactlyonce;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.harness.ExperimentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one exactly-once experiment measured: what its {@code results.json} holds and its report is
 * drawn from (docs/experiments.md documents the fields).
 *
 * @param kills the kills, in order; a kill that found the worker already finished did not land
 * @param finalRun the micro-batches each sink committed in the last run, after every kill
 * @param upsert the idempotent sink's answer against the oracle
 * @param append the naive sink's answer against the oracle
 * @param appended what the naive sink wrote, counted from its own records (not from the oracle)
 */
public record ExactlyOnceResults(
    int schemaVersion,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Settings settings,
    Dataset dataset,
    List<Kill> kills,
    Committed finalRun,
    Accuracy upsert,
    Accuracy append,
    Appended appended)
    implements ExperimentResults {

  public static final int SCHEMA_VERSION = 1;

  /** The knobs of the run. */
  public record Settings(
      long seed,
      long records,
      long maxRecordsPerBatch,
      int killsRequested,
      Duration shortestPause,
      Duration longestPause,
      Duration window,
      Duration watermark,
      int partitions) {}

  /** The records both sinks read, and what the oracle makes of them. */
  public record Dataset(long read, long valid, long uniqueEvents, long windows) {}

  /** Micro-batches with records that each sink committed in one run of the worker. */
  public record Committed(long upsert, long append) {}

  /**
   * One {@code kill -9}.
   *
   * @param pause how long the worker ran after starting its queries
   * @param landed whether the worker was still running (false: it had caught up before)
   * @param committedBefore the micro-batches each sink committed in that run, before the kill
   * @param eventsAppendedAgain events the naive sink wrote a second time in the next run: the
   *     micro-batches this kill interrupted after their append and before Spark's commit
   */
  public record Kill(
      int number,
      Duration pause,
      boolean landed,
      Committed committedBefore,
      long eventsAppendedAgain) {

    /** The pause in seconds, for the report. */
    public String pauseSeconds() {
      return String.format("%.1f", pause.toMillis() / 1000.0);
    }
  }

  /**
   * The naive sink's own records.
   *
   * @param rows rows appended, one per counted event per write
   * @param distinctEvents distinct events among them
   * @param writes micro-batch writes (a batch id written twice counts twice)
   * @param batchesWrittenTwice batch ids written more than once
   */
  public record Appended(long rows, long distinctEvents, long writes, long batchesWrittenTwice) {
    /** Rows beyond the first of each event: the events the naive answer counts twice. */
    public long eventsWrittenTwice() {
      return rows - distinctEvents;
    }
  }

  /** The kills that hit a running worker. */
  public long killsLanded() {
    return kills.stream().filter(Kill::landed).count();
  }

  /** The kills after which the naive sink wrote something again. */
  public long killsThatDoubled() {
    return kills.stream().filter(kill -> kill.eventsAppendedAgain() > 0).count();
  }

  /**
   * The experiment holds when the upsert equals the oracle, the naive answer is off by exactly what
   * its own records say it wrote twice (nothing missing), and both sinks committed micro-batches
   * after the last kill.
   */
  @Override
  public boolean holds() {
    return upsert.exact()
        && append.missingEvents() == 0
        && append.extraEvents() == appended.eventsWrittenTwice()
        && finalRun.upsert() > 0
        && finalRun.append() > 0;
  }

  /** The run in one paragraph, chosen by its numbers. */
  @Override
  public String story() {
    String killed =
        String.format(
            "The worker was killed with SIGKILL %s at random moments (%d requested)",
            plural(killsLanded(), "time", "times"), settings.killsRequested());
    String upsertSentence =
        upsert.exact()
            ? String.format(
                " The idempotent upsert served all %,d windows exactly after the kills: it"
                    + " replaces a micro-batch's rows by batch id, so a micro-batch Spark runs"
                    + " again cannot count twice (how many it ran again is not counted here).",
                upsert.windows())
            : String.format(
                " The idempotent upsert was NOT exact: %,d of %,d windows, %,d events missing and"
                    + " %,d extra; this is a bug.",
                upsert.exactWindows(),
                upsert.windows(),
                upsert.missingEvents(),
                upsert.extraEvents());
    String appendSentence;
    if (appended.eventsWrittenTwice() == 0) {
      appendSentence =
          " The naive append sink was lucky this time: no kill landed between its write of a"
              + " micro-batch and Spark's commit of it, so nothing was written twice. It is still"
              + " at-least-once: more kills (--kills) make the gap show.";
    } else {
      appendSentence =
          String.format(
              " The naive append sink, killed at the same moments, wrote %s twice (%s landed"
                  + " between its write and Spark's commit): %,d events counted twice, %,d of %,d"
                  + " windows wrong.",
              plural(appended.batchesWrittenTwice(), "micro-batch", "micro-batches"),
              plural(killsThatDoubled(), "kill", "kills"),
              appended.eventsWrittenTwice(),
              append.windows() - append.exactWindows(),
              append.windows());
    }
    return killed + "." + upsertSentence + appendSentence;
  }

  private static String plural(long count, String one, String many) {
    return String.format("%,d %s", count, count == 1 ? one : many);
  }
}
