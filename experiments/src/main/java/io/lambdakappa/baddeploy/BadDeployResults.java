package io.lambdakappa.baddeploy;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.harness.ExperimentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one bad-deploy experiment measured: what its {@code results.json} holds and its report is
 * drawn from (docs/experiments.md documents the fields).
 *
 * @param timeline what each architecture served, judged against the oracle, at every step and about
 *     once a second while a deploy was going on
 * @param architectures Lambda and Kappa: what the bug and the fix did to each
 * @param eventsTheBugRefuses unique events of the whole stream with a value above the bad cap: what
 *     a view computed from all of it under the bug misses, counted by the oracle over the raw
 *     records with and without them
 * @param kappaServedTheBugExactly whether Kappa's view under the bad release equals the oracle over
 *     the records with every value above the cap left out: the bug is the one described, no other
 */
public record BadDeployResults(
    int schemaVersion,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Settings settings,
    List<Moment> timeline,
    List<Architecture> architectures,
    long eventsTheBugRefuses,
    boolean kappaServedTheBugExactly)
    implements ExperimentResults {

  public static final int SCHEMA_VERSION = 2;

  /**
   * @param sliceRecords the records of each slice of the one stream: before the deploy (two), while
   *     the bug is live, after the fix
   * @param badMaxValue the bad release's cap on {@code value}
   * @param goodMaxValue the cap before the bad release and after the fix
   */
  public record Settings(
      long seed,
      long records,
      List<Long> sliceRecords,
      double badMaxValue,
      double goodMaxValue,
      Duration window,
      Duration watermark,
      int partitions) {}

  /** What both served at one moment, {@code seconds} after the run started. */
  public record Moment(double seconds, String label, Accuracy lambda, Accuracy kappa) {

    Accuracy of(String architecture) {
      return architecture.equals("lambda") ? lambda : kappa;
    }
  }

  /**
   * @param name lambda or kappa
   * @param deployCommands what the operator ran to put the bad release live
   * @param fixCommands what the operator ran to deploy the fix and correct the views
   * @param deployedAtSeconds when the bad release went live, after the run started
   * @param fixedAtSeconds when the fix was deployed
   * @param fixSeconds wall time from deploying the fix to the end of the correction it needs
   * @param fixCpuSeconds the process's CPU time over the same interval
   * @param afterFix the view when the correction ended
   * @param end the view after more traffic, at the end of the run
   * @param rebuiltFrom what the fix read the whole history from (Lambda: its master dataset; Kappa:
   *     its log)
   * @param rebuiltFromBytes the bytes that store held when the fix ran: what had to be kept, raw,
   *     for the fix to be possible
   */
  public record Architecture(
      String name,
      List<String> deployCommands,
      List<String> fixCommands,
      double deployedAtSeconds,
      double fixedAtSeconds,
      double fixSeconds,
      double fixCpuSeconds,
      Accuracy afterFix,
      Accuracy end,
      String rebuiltFrom,
      long rebuiltFromBytes) {}

  public Architecture architecture(String name) {
    return architectures.stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no architecture " + name));
  }

  /** The most windows the architecture served wrong at any moment. */
  public long peakWrongWindows(String name) {
    return timeline.stream().mapToLong(m -> wrongWindows(m.of(name))).max().orElse(0);
  }

  /** The most events missing from what the architecture served at any moment. */
  public long peakMissingEvents(String name) {
    return timeline.stream().mapToLong(m -> m.of(name).missingEvents()).max().orElse(0);
  }

  /**
   * Wrong answers served over time: each moment's wrong windows held until the next moment, summed,
   * in window-minutes (one wrong window served for a minute is one).
   */
  public double wrongWindowMinutes(String name) {
    return wrongWindowMinutes(name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /**
   * The same, counted only between {@code fromSeconds} and {@code toSeconds} of the run: each
   * moment's wrong windows held until the next moment, the part of that interval inside the range.
   */
  double wrongWindowMinutes(String name, double fromSeconds, double toSeconds) {
    double sum = 0;
    for (int i = 0; i + 1 < timeline.size(); i++) {
      Moment now = timeline.get(i);
      double start = Math.max(now.seconds(), fromSeconds);
      double end = Math.min(timeline.get(i + 1).seconds(), toSeconds);
      if (end > start) {
        sum += wrongWindows(now.of(name)) * (end - start);
      }
    }
    return sum / 60;
  }

  /**
   * Kappa's wrong window-minutes while Lambda's fix ran: the experiment deploys the fixes one after
   * the other, Lambda's first, so that each one's CPU is its own, and Kappa waits with the bug.
   */
  public double kappaWaitingForLambdasFix() {
    return wrongWindowMinutes(
        "kappa", architecture("lambda").fixedAtSeconds(), architecture("kappa").fixedAtSeconds());
  }

  static long wrongWindows(Accuracy accuracy) {
    return accuracy.windows() - accuracy.exactWindows() + accuracy.unexpectedWindows();
  }

  /**
   * The run is consistent: the bug is the one described (Kappa served exactly the capped oracle),
   * and each fix restored the exact view: both architectures keep their input raw, so both can.
   */
  @Override
  public boolean holds() {
    return kappaServedTheBugExactly
        && architecture("lambda").end().exact()
        && architecture("kappa").end().exact();
  }

  /** The run in one paragraph, chosen by its numbers. */
  @Override
  public String story() {
    Architecture lambda = architecture("lambda");
    Architecture kappa = architecture("kappa");
    StringBuilder story = new StringBuilder();
    story.append(
        String.format(
            "A release capping value at %s (the cap in the wrong unit) went live in both"
                + " architectures. At its worst, Lambda served %,d windows wrong (%,d events"
                + " missing) and Kappa %,d (%,d); wrong answers served over the run: %,.0f"
                + " window-minutes by Lambda, %,.0f by Kappa.",
            plain(settings.badMaxValue()),
            peakWrongWindows("lambda"),
            peakMissingEvents("lambda"),
            peakWrongWindows("kappa"),
            peakMissingEvents("kappa"),
            wrongWindowMinutes("lambda"),
            wrongWindowMinutes("kappa")));
    story.append(whileLive());
    story.append(fixed("Kappa", "one reprocess", kappa));
    story.append(fixed("Lambda", "a restart and a batch run", lambda));
    if (lambda.afterFix().exact() && kappa.afterFix().exact()) {
      story.append(
          String.format(
              " Each fix read its whole history again, raw: Lambda its master dataset (%s, a copy"
                  + " of its own, kept whatever the log's retention), Kappa its log (%s, which the"
                  + " topic must retain for as long as a bug can go unnoticed).",
              megabytes(lambda.rebuiltFromBytes()), megabytes(kappa.rebuiltFromBytes())));
    }
    if (!holds()) {
      story.append(" The run does NOT add up (see the checks below the timeline): this is a bug.");
    }
    return story.toString();
  }

  /** Which one served fewer wrong answers while the bug was live, and why, from the figures. */
  private String whileLive() {
    long lambda = Math.round(wrongWindowMinutes("lambda"));
    long kappa = Math.round(wrongWindowMinutes("kappa"));
    long waiting = Math.round(kappaWaitingForLambdasFix());
    String wait =
        waiting > 0
            ? String.format(
                " %,d of Kappa's window-minutes are its wait while Lambda's fix ran first (the"
                    + " experiment deploys the fixes one after the other).",
                waiting)
            : "";
    if (lambda < kappa - waiting) {
      return " Lambda served fewer wrong answers: its batch view, computed before the release,"
          + " stayed right until its next batch run recomputed with the bug, while Kappa's"
          + " reprocess put the bug into all of its history at once."
          + wait;
    }
    if (lambda > kappa - waiting) {
      return " Without its wait for Lambda's fix, Kappa served fewer wrong answers than Lambda in"
          + " this run."
          + wait;
    }
    return wait;
  }

  private static String megabytes(long bytes) {
    return String.format("%,.1f MB", bytes / 1e6);
  }

  private static String fixed(String name, String how, Architecture architecture) {
    Accuracy after = architecture.afterFix();
    return after.exact()
        ? String.format(
            " %s's fix (%s) took %.1f s and %.1f CPU-seconds, and its view was exact again.",
            name, how, architecture.fixSeconds(), architecture.fixCpuSeconds())
        : String.format(
            " %s's fix (%s) took %.1f s and %.1f CPU-seconds, and left %,d of %,d windows wrong.",
            name,
            how,
            architecture.fixSeconds(),
            architecture.fixCpuSeconds(),
            wrongWindows(after),
            after.windows());
  }

  /** A cap as a person writes it: 250, not 250.0. */
  static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format("%,d", (long) value)
        : Double.toString(value);
  }
}
