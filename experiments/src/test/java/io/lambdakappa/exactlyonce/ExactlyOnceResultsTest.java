package io.lambdakappa.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.compare.Accuracy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's verdict and its paragraph follow the numbers, whatever they are. */
class ExactlyOnceResultsTest {

  private static final Accuracy EXACT = accuracy(100, 100, 0, 0);

  @Test
  void aKillBetweenTheAppendAndTheCommitIsToldWithItsCounts() {
    ExactlyOnceResults results =
        results(
            EXACT,
            accuracy(100, 93, 0, 4_471),
            new ExactlyOnceResults.Appended(104_471, 100_000, 21, 1),
            0,
            4_471);

    assertThat(results.holds()).isTrue();
    assertThat(results.killsThatDoubled()).isEqualTo(1);
    assertThat(results.story())
        .startsWith("The worker was killed with SIGKILL 2 times at random moments (3 requested).")
        .contains("The idempotent upsert served all 100 windows exactly")
        .contains("wrote 1 micro-batch twice (1 kill landed between its write and Spark's commit)")
        .contains("4,471 events counted twice, 7 of 100 windows wrong.");
  }

  @Test
  void noDoubleIsToldAsLuckNotAsSafety() {
    ExactlyOnceResults results =
        results(EXACT, EXACT, new ExactlyOnceResults.Appended(100_000, 100_000, 20, 0), 0, 0);

    assertThat(results.holds()).isTrue();
    assertThat(results.story())
        .contains("The naive append sink was lucky this time")
        .doesNotContain("counted twice,");
  }

  @Test
  void anUpsertOffTheOracleOrAnAppendOffByMoreThanItWroteTwiceDoesNotHold() {
    ExactlyOnceResults upsertWrong =
        results(accuracy(100, 99, 3, 0), EXACT, new ExactlyOnceResults.Appended(1, 1, 1, 0), 0, 0);
    assertThat(upsertWrong.holds()).isFalse();
    assertThat(upsertWrong.story())
        .contains("The idempotent upsert was NOT exact: 99 of 100 windows, 3 events missing");

    ExactlyOnceResults appendMissing =
        results(
            EXACT, accuracy(100, 99, 5, 0), new ExactlyOnceResults.Appended(95, 95, 20, 0), 0, 0);
    assertThat(appendMissing.holds()).isFalse();

    ExactlyOnceResults extraUnexplained =
        results(
            EXACT, accuracy(100, 99, 0, 7), new ExactlyOnceResults.Appended(100, 100, 20, 0), 0, 0);
    assertThat(extraUnexplained.holds()).isFalse();
  }

  @Test
  void aRunWithNothingLeftAfterTheKillsDoesNotHold() {
    ExactlyOnceResults results =
        new ExactlyOnceResults(
            1,
            "run",
            Instant.EPOCH,
            Duration.ofSeconds(60),
            settings(),
            new ExactlyOnceResults.Dataset(100, 100, 100, 100),
            List.of(kill(1, 0)),
            new ExactlyOnceResults.Committed(0, 0),
            EXACT,
            EXACT,
            new ExactlyOnceResults.Appended(100, 100, 20, 0));
    assertThat(results.holds()).isFalse();
  }

  @Test
  void theWorkerPrintsOneLinePerCommittedBatchAndSink() {
    String output =
        String.join(
            "\n",
            "14:00:01 WARN something",
            ExactlyOnceWorker.COMMITTED + " append 0",
            ExactlyOnceWorker.COMMITTED + " upsert 0",
            ExactlyOnceWorker.COMMITTED + " append 1",
            ExactlyOnceWorker.CAUGHT_UP);

    assertThat(ExactlyOnce.committed(output)).isEqualTo(new ExactlyOnceResults.Committed(1, 2));
  }

  private static ExactlyOnceResults results(
      Accuracy upsert,
      Accuracy append,
      ExactlyOnceResults.Appended appended,
      long againAfterFirst,
      long againAfterSecond) {
    return new ExactlyOnceResults(
        1,
        "run",
        Instant.EPOCH,
        Duration.ofSeconds(60),
        settings(),
        new ExactlyOnceResults.Dataset(100_000, 100_000, 100_000, 100),
        List.of(kill(1, againAfterFirst), kill(2, againAfterSecond)),
        new ExactlyOnceResults.Committed(5, 5),
        upsert,
        append,
        appended);
  }

  private static ExactlyOnceResults.Settings settings() {
    return new ExactlyOnceResults.Settings(
        42,
        100_000,
        5_000,
        3,
        Duration.ZERO,
        Duration.ofSeconds(3),
        Duration.ofMinutes(1),
        Duration.ofMinutes(71),
        2);
  }

  private static ExactlyOnceResults.Kill kill(int number, long again) {
    return new ExactlyOnceResults.Kill(
        number, Duration.ofSeconds(1), true, new ExactlyOnceResults.Committed(1, 1), again);
  }

  private static Accuracy accuracy(long windows, long exact, long missing, long extra) {
    return new Accuracy("after the kills", "sink", windows, exact, missing, extra, 0, 0, List.of());
  }
}
