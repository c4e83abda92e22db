package io.lambdakappa.mergeboundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.compare.Accuracy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The experiment's verdict and its paragraph follow the numbers, whatever they are. */
class MergeBoundaryResultsTest {

  private static final Accuracy EXACT = accuracy(100, 100, 0, 0);

  @Test
  void eachMergeIsToldWithItsWorstPoint() {
    MergeBoundaryResults results =
        results(
            point(EXACT, accuracy(100, 99, 0, 5), accuracy(100, 80, 1_864, 0)),
            point(EXACT, accuracy(100, 98, 0, 6), accuracy(100, 70, 1_842, 0)));

    assertThat(results.holds()).isTrue();
    assertThat(results.story())
        .startsWith(
            "Over 2 batch switches on one continuous stream with 1.0% duplicates and 1.0% events 10"
                + " minutes late, ")
        .contains("Lambda's offset split with its horizon seam was exact at all 2 points.")
        .contains("counted up to 6 events twice")
        .contains("The time split missed up to 1,864 events (30 windows wrong at the worst point)");
  }

  @Test
  void nothingStraddlingOrNothingLateIsToldAsSuch() {
    MergeBoundaryResults results = results(point(EXACT, EXACT, EXACT));

    assertThat(results.holds()).isTrue();
    assertThat(results.story())
        .contains("nothing was counted twice this time")
        .contains("The time split missed nothing");
  }

  @Test
  void lambdaOffAtAnyPointOrAMergeWrongTheOtherWayDoesNotHold() {
    MergeBoundaryResults lambdaOff =
        results(point(EXACT, EXACT, EXACT), point(accuracy(100, 99, 1, 0), EXACT, EXACT));
    assertThat(lambdaOff.holds()).isFalse();
    assertThat(lambdaOff.story()).contains("NOT exact at every point");

    assertThat(results(point(EXACT, accuracy(100, 99, 2, 0), EXACT)).holds()).isFalse();
    assertThat(results(point(EXACT, EXACT, accuracy(100, 99, 0, 2))).holds()).isFalse();
  }

  private static MergeBoundaryResults results(MergeBoundaryResults.Point... points) {
    return new MergeBoundaryResults(
        1,
        "run",
        Instant.EPOCH,
        Duration.ofMinutes(2),
        new MergeBoundaryResults.Settings(
            42,
            200_000,
            points.length,
            0.01,
            0.01,
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            Duration.ofMinutes(71),
            2),
        List.of(points));
  }

  private static MergeBoundaryResults.Point point(Accuracy lambda, Accuracy noSeam, Accuracy time) {
    return new MergeBoundaryResults.Point(
        "after slice 2, batch view 1",
        1,
        Map.of(0, 100L, 1, 100L),
        Instant.EPOCH,
        1_000,
        lambda,
        noSeam,
        time);
  }

  private static Accuracy accuracy(long windows, long exact, long missing, long extra) {
    return new Accuracy("point", "merge", windows, exact, missing, extra, 0, 0, List.of());
  }
}
