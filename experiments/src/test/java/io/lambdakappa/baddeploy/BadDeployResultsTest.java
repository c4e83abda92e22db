package io.lambdakappa.baddeploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.compare.Accuracy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's figures, verdict and paragraph follow the numbers, whatever they are. */
class BadDeployResultsTest {

  private static final Accuracy EXACT = accuracy(1_000, 1_000, 0);

  @Test
  void wrongAnswersOverTimeHoldEachMomentUntilTheNext() {
    BadDeployResults results =
        results(
            List.of(
                moment(0, EXACT, EXACT),
                moment(60, accuracy(1_000, 900, 400), accuracy(1_000, 700, 1_000)),
                moment(90, accuracy(1_000, 900, 400), EXACT),
                moment(120, EXACT, EXACT)),
            EXACT,
            EXACT,
            true);

    // Lambda: 100 wrong windows for 60 s; Kappa: 300 for 30 s.
    assertThat(results.wrongWindowMinutes("lambda")).isEqualTo(100.0);
    assertThat(results.wrongWindowMinutes("kappa")).isEqualTo(150.0);
    assertThat(results.peakWrongWindows("kappa")).isEqualTo(300);
    assertThat(results.peakMissingEvents("lambda")).isEqualTo(400);
  }

  @Test
  void bothExactAfterTheFixIsToldWithWhatEachFixRead() {
    BadDeployResults results = results(timeline(EXACT), EXACT, EXACT, true);

    assertThat(results.holds()).isTrue();
    assertThat(results.story())
        .startsWith("A release capping value at 250 (the cap in the wrong unit) went live")
        .contains(
            "Kappa's fix (one reprocess) took 4.3 s and 7.3 CPU-seconds, and its view was exact again.")
        .contains(
            "Lambda's fix (a restart and a batch run) took 3.4 s and 6.2 CPU-seconds, and its view was exact again.")
        .contains("Lambda its master dataset (12.5 MB,")
        .contains("Kappa its log (30.0 MB,")
        .doesNotContain("NOT add up");
  }

  @Test
  void whoServedFewerWrongAnswersIsChosenFromTheWindowMinutes() {
    // Lambda 300 wrong windows for 30 s = 150 window-minutes; Kappa 600 for 30 s = 300.
    assertThat(results(timeline(EXACT), EXACT, EXACT, true).story())
        .contains("Lambda served fewer wrong answers: its batch view, computed before the release")
        // Kappa's 600 wrong windows from Lambda's fix (40 s) to its own (45 s): 50 window-minutes.
        .contains("50 of Kappa's window-minutes are its wait while Lambda's fix ran first");
    List<BadDeployResults.Moment> kappaBetter =
        List.of(
            moment(0, EXACT, EXACT),
            moment(30, accuracy(1_000, 100, 9_000), accuracy(1_000, 900, 20_000)),
            moment(60, EXACT, EXACT));
    assertThat(results(kappaBetter, EXACT, EXACT, true).story())
        .contains("Without its wait for Lambda's fix, Kappa served fewer wrong answers than Lambda")
        .doesNotContain("Lambda served fewer");
  }

  @Test
  void kappasWaitForLambdasFixIsNotCountedAsTheArchitectures() {
    // Lambda 500 wrong windows for 30 s = 250 window-minutes; Kappa 540 for 30 s = 270, of which
    // 45 are its wait from Lambda's fix (40 s) to its own (45 s): 225 without it.
    List<BadDeployResults.Moment> closeRun =
        List.of(
            moment(0, EXACT, EXACT),
            moment(30, accuracy(1_000, 500, 9_000), accuracy(1_000, 460, 20_000)),
            moment(60, EXACT, EXACT));
    BadDeployResults results = results(closeRun, EXACT, EXACT, true);

    assertThat(results.kappaWaitingForLambdasFix()).isEqualTo(45.0);
    assertThat(results.story())
        .contains("Without its wait for Lambda's fix, Kappa served fewer wrong answers than Lambda")
        .contains("45 of Kappa's window-minutes are its wait")
        .doesNotContain("Lambda served fewer");
  }

  @Test
  void aLambdaNotExactAfterItsFixDoesNotHoldAndSaysSo() {
    Accuracy lambdaLeft = accuracy(1_000, 880, 4_894);
    BadDeployResults results = results(timeline(lambdaLeft), lambdaLeft, EXACT, true);

    assertThat(results.holds()).isFalse();
    assertThat(results.story())
        .contains("and left 120 of 1,000 windows wrong.")
        .contains("does NOT add up")
        .doesNotContain("Each fix read its whole history again");
  }

  @Test
  void aRunThatDoesNotAddUpDoesNotHold() {
    assertThat(results(timeline(EXACT), EXACT, EXACT, false).holds()).isFalse();
    assertThat(results(timeline(EXACT), EXACT, EXACT, false).story()).contains("does NOT add up");
    Accuracy kappaOff = accuracy(1_000, 999, 2);
    assertThat(results(timeline(EXACT), EXACT, kappaOff, true).holds()).isFalse();
  }

  private static List<BadDeployResults.Moment> timeline(Accuracy lambdaEnd) {
    return List.of(
        moment(0, EXACT, EXACT),
        moment(30, accuracy(1_000, 700, 9_000), accuracy(1_000, 400, 20_000)),
        moment(60, lambdaEnd, EXACT));
  }

  private static BadDeployResults results(
      List<BadDeployResults.Moment> timeline,
      Accuracy lambdaEnd,
      Accuracy kappaEnd,
      boolean kappaServedTheBug) {
    return new BadDeployResults(
        BadDeployResults.SCHEMA_VERSION,
        "run",
        Instant.parse("2026-11-29T12:00:00Z"),
        Duration.ofMinutes(2),
        new BadDeployResults.Settings(
            42,
            200_000,
            List.of(80_000L, 40_000L, 40_000L, 40_000L),
            250,
            1e12,
            Duration.ofMinutes(1),
            Duration.ofMinutes(70),
            3),
        timeline,
        List.of(
            new BadDeployResults.Architecture(
                "lambda",
                List.of("restart lk lambda run --max-value 250"),
                List.of("restart lk lambda run (the cap fixed)", "lk lambda batch"),
                20,
                40,
                3.4,
                6.2,
                lambdaEnd,
                lambdaEnd,
                "master dataset",
                12_500_000),
            new BadDeployResults.Architecture(
                "kappa",
                List.of("lk kappa reprocess --max-value 250"),
                List.of("lk kappa reprocess --max-value 1e12"),
                21,
                45,
                4.3,
                7.3,
                kappaEnd,
                kappaEnd,
                "log",
                30_000_000)),
        4_894,
        kappaServedTheBug);
  }

  private static BadDeployResults.Moment moment(double seconds, Accuracy lambda, Accuracy kappa) {
    return new BadDeployResults.Moment(seconds, "t" + seconds, lambda, kappa);
  }

  private static Accuracy accuracy(long windows, long exact, long missing) {
    return new Accuracy("t", "x", windows, exact, missing, 0, 0, 0, List.of());
  }
}
