package io.lambdakappa.mergeboundary;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.harness.ExperimentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one merge-boundary experiment measured: what its {@code results.json} holds and its report
 * is drawn from (docs/experiments.md documents the fields).
 *
 * @param points one per measurement: after a slice of the log, on the batch view then served
 */
public record MergeBoundaryResults(
    int schemaVersion,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Settings settings,
    List<Point> points)
    implements ExperimentResults {

  public static final int SCHEMA_VERSION = 1;

  /** The three merges, as the report names them. */
  public static final String LAMBDA = "offset split, with the horizon seam (Lambda here)";

  public static final String NO_SEAM = "offset split, without the seam";
  public static final String TIME = "time split at the batch's last window";

  public record Settings(
      long seed,
      long records,
      int batchSwitches,
      double duplicateFraction,
      double lateFraction,
      Duration lateBy,
      Duration window,
      Duration watermark,
      int partitions) {}

  /**
   * @param label what was published and which batch view serves
   * @param batchVersion the batch view (and speed generation) served
   * @param horizon the batch view's horizon: per partition, the first offset it does not hold
   * @param timeBoundary where the time split cuts: the end of the batch view's latest window
   * @param recordsPublished records in the topic so far
   * @param lambda Lambda's own answer (its serving layer)
   * @param noSeam the batch view merged with a realtime view from the same horizon, without the
   *     seam
   * @param time the batch view before the boundary, Lambda's realtime view after it
   */
  public record Point(
      String label,
      long batchVersion,
      java.util.Map<Integer, Long> horizon,
      Instant timeBoundary,
      long recordsPublished,
      Accuracy lambda,
      Accuracy noSeam,
      Accuracy time) {}

  /** The last point, where every batch switch has happened. */
  public Point last() {
    return points.get(points.size() - 1);
  }

  public long maxExtra(java.util.function.Function<Point, Accuracy> merge) {
    return points.stream().mapToLong(p -> merge.apply(p).extraEvents()).max().orElse(0);
  }

  public long maxMissing(java.util.function.Function<Point, Accuracy> merge) {
    return points.stream().mapToLong(p -> merge.apply(p).missingEvents()).max().orElse(0);
  }

  /** Lambda's merge exact at every point; the others never off in the other direction. */
  @Override
  public boolean holds() {
    return points.stream().allMatch(p -> p.lambda().exact())
        && points.stream().allMatch(p -> p.noSeam().missingEvents() == 0)
        && points.stream().allMatch(p -> p.time().extraEvents() == 0);
  }

  /** The run in one paragraph, chosen by its numbers. */
  @Override
  public String story() {
    StringBuilder story = new StringBuilder();
    boolean lambdaExact = points.stream().allMatch(p -> p.lambda().exact());
    story.append(
        String.format(
            "Over %d batch switches on one continuous stream with %.1f%% duplicates and %.1f%%"
                + " events %s late, ",
            settings.batchSwitches(),
            100 * settings.duplicateFraction(),
            100 * settings.lateFraction(),
            settings.lateBy().toMinutes() + " minutes"));
    story.append(
        lambdaExact
            ? String.format(
                "Lambda's offset split with its horizon seam was exact at all %d points.",
                points.size())
            : "Lambda's offset split was NOT exact at every point: this is a bug.");
    long twice = maxExtra(MergeBoundaryResults.Point::noSeam);
    story.append(
        twice == 0
            ? " Without the seam, nothing was counted twice this time: no duplicate straddled a"
                + " horizon."
            : String.format(
                " The same split without the seam counted up to %,d events twice: a duplicate"
                    + " whose first copy the batch view had and whose retry came after the horizon.",
                twice));
    long missed = maxMissing(MergeBoundaryResults.Point::time);
    story.append(
        missed == 0
            ? " The time split missed nothing: no event reached the realtime view for a window"
                + " the batch view already served."
            : String.format(
                " The time split missed up to %,d events (%,d windows wrong at the worst point):"
                    + " events that arrived after the batch's horizon for a window the batch view"
                    + " serves, late ones and the stragglers of its last window, invisible until"
                    + " the next batch run.",
                missed,
                points.stream()
                    .mapToLong(p -> p.time().windows() - p.time().exactWindows())
                    .max()
                    .orElse(0)));
    return story.toString();
  }
}
