package io.lambdakappa.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.compare.Accuracy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The experiment's verdict and its paragraph follow the numbers, whatever they are. */
class RetentionCliffResultsTest {

  private static final Accuracy EXACT = accuracy(1_000, 1_000, 0, 0);

  @Test
  void kappaLosingExactlyWhatOnlyTheDeletedSegmentsHeldIsToldAndHolds() {
    RetentionCliffResults results = results(accuracy(1_000, 400, 117_661, 0), 117_661, true);

    assertThat(results.holds()).isTrue();
    assertThat(results.story())
        .startsWith(
            "Retention had deleted 119,415 of the 220,000 records published to the topic (54%)"
                + " when the logic changed (1-minute windows to 5-minute).")
        .contains("117,661 events lost (54.3% of all events), 600 of 1,000 windows wrong,")
        .contains("exactly the events only the deleted segments held")
        .contains("Lambda lost nothing (recompute, 4 s), keeping 20.0 MiB.")
        .contains("Kappa+ lost nothing (replay the archive, 8 s), keeping 38.0 MiB.");
  }

  @Test
  void aKappaThatLostNothingIsToldSo() {
    RetentionCliffResults results = results(EXACT, 0, true);

    assertThat(results.holds()).isTrue();
    assertThat(results.story()).contains("Kappa's replay lost nothing");
  }

  @Test
  void aLossThatIsNotTheDeletedSegmentsDoesNotHoldAndSaysWhy() {
    RetentionCliffResults moreLost = results(accuracy(1_000, 400, 120_000, 0), 117_661, true);
    assertThat(moreLost.holds()).isFalse();
    assertThat(moreLost.story()).contains("(the deleted segments alone held 117,661: a difference");

    assertThat(results(accuracy(1_000, 400, 117_661, 3), 117_661, true).holds()).isFalse();
    assertThat(results(accuracy(1_000, 400, 117_661, 0), 117_661, false).holds()).isFalse();
  }

  @Test
  void aLambdaOrKappaPlusOffTheOracleDoesNotHold() {
    RetentionCliffResults results =
        results(
            List.of(
                architecture("lambda", accuracy(1_000, 999, 2, 0)),
                architecture("kappa", EXACT),
                architecture("kappa+", EXACT)),
            0,
            true);
    assertThat(results.holds()).isFalse();
    assertThat(results.story()).contains("Lambda was NOT exact: 2 events missing");
  }

  private static RetentionCliffResults results(
      Accuracy kappa, long onlyDeleted, boolean matchesRetained) {
    return results(
        List.of(
            architecture("lambda", EXACT),
            architecture("kappa", kappa),
            architecture("kappa+", EXACT)),
        onlyDeleted,
        matchesRetained);
  }

  private static RetentionCliffResults results(
      List<RetentionCliffResults.Architecture> architectures,
      long onlyDeleted,
      boolean matchesRetained) {
    return new RetentionCliffResults(
        1,
        "run",
        Instant.EPOCH,
        Duration.ofSeconds(60),
        settings(),
        log(),
        architectures,
        onlyDeleted,
        matchesRetained);
  }

  private static RetentionCliffResults.Architecture architecture(String name, Accuracy accuracy) {
    return switch (name) {
      case "lambda" ->
          new RetentionCliffResults.Architecture(
              name,
              "recompute",
              4.2,
              Map.of("master dataset", 5L << 20, "topic", 15L << 20),
              accuracy);
      case "kappa+" ->
          new RetentionCliffResults.Architecture(
              name,
              "replay the archive",
              8.1,
              Map.of("archive", 23L << 20, "topic", 15L << 20),
              accuracy);
      default ->
          new RetentionCliffResults.Architecture(
              name, "replay", 5.0, Map.of("topic", 15L << 20), accuracy);
    };
  }

  private static RetentionCliffResults.Settings settings() {
    return new RetentionCliffResults.Settings(
        42,
        200_000,
        20_000,
        0.5,
        7_727_803,
        262_144,
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        2);
  }

  private static RetentionCliffResults.Log log() {
    return new RetentionCliffResults.Log(220_000, 119_415, Map.of(0, 59_326L, 1, 60_089L), 216_732);
  }

  private static Accuracy accuracy(long windows, long exact, long missing, long extra) {
    return new Accuracy(
        "after the logic change", "x", windows, exact, missing, extra, 0, 0, List.of());
  }
}
