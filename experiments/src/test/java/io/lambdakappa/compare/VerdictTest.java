package io.lambdakappa.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code lk compare}'s exit code: exact where the design promises it, or 1 naming the windows. */
class VerdictTest {

  private static final Instant TEN = Instant.parse("2026-11-24T10:00:00Z");
  private static final Map<String, SqlOracle.Expected> ORACLE =
      Map.of(
          "home@" + TEN, expected(3, "6"),
          "home@" + TEN.plusSeconds(60), expected(1, "2"));

  @Test
  void passesWhenHistoryAndCorrectionAreExactEvenIfLiveIsBehind() {
    Map<String, WindowMetrics> exact =
        served(window(TEN, 3, "6"), window(TEN.plusSeconds(60), 1, "2"));
    Map<String, WindowMetrics> behind = served(window(TEN, 2, "4")); // live: late events missing

    Verdict verdict =
        Verdict.of(
            List.of(
                Accuracy.of("history", "kappa", exact, ORACLE),
                Accuracy.of("live", "kappa", behind, ORACLE),
                Accuracy.of("corrected", "kappa", exact, ORACLE)));

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.exitCode()).isZero();
    assertThat(ReportWriter.verdictText(verdict))
        .startsWith("Verdict: both architectures are exact");
  }

  @Test
  void failsWithTheWorstWindowsWhenACorrectionMissesEvents() {
    Map<String, WindowMetrics> wrong =
        served(window(TEN, 3, "6"), window(TEN.plusSeconds(60), 0, "0"));

    Verdict verdict = Verdict.of(List.of(Accuracy.of("corrected", "lambda", wrong, ORACLE)));

    assertThat(verdict.exitCode()).isEqualTo(1);
    assertThat(verdict.failures()).hasSize(1);
    assertThat(verdict.failures().get(0).describe())
        .contains("lambda corrected is not exact: 1 of 2 windows exact, 1 events missing")
        .contains("home@2026-11-24T10:01:00Z: served 0 events, sum 0, expected 1 events, sum 2");
    assertThat(ReportWriter.verdictText(verdict)).startsWith("Verdict: NOT EXACT.");
  }

  @Test
  void aWindowTheOracleDoesNotKnowFailsTheHistory() {
    Map<String, WindowMetrics> withAStranger =
        served(
            window(TEN, 3, "6"),
            window(TEN.plusSeconds(60), 1, "2"),
            new WindowMetrics(
                "ghost",
                TEN,
                TEN.plusSeconds(60),
                1,
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.ONE,
                new byte[0]));

    Accuracy history = Accuracy.of("history", "kappa", withAStranger, ORACLE);
    Verdict verdict = Verdict.of(List.of(history));

    assertThat(history.exactWindows()).isEqualTo(2); // every expected window is right...
    assertThat(history.unexpectedWindows()).isEqualTo(1); // ...but one more is served
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.failures().get(0).describe())
        .contains("ghost@2026-11-24T10:00:00Z: served 1 events, the oracle knows no such window");
  }

  private static SqlOracle.Expected expected(long events, String sum) {
    return new SqlOracle.Expected(
        events, new BigDecimal(sum), BigDecimal.ZERO, new BigDecimal(sum), 1);
  }

  private static WindowMetrics window(Instant start, long events, String sum) {
    return new WindowMetrics(
        "home",
        start,
        start.plus(Duration.ofMinutes(1)),
        events,
        new BigDecimal(sum),
        BigDecimal.ZERO,
        new BigDecimal(sum),
        new byte[0]);
  }

  private static Map<String, WindowMetrics> served(WindowMetrics... windows) {
    Map<String, WindowMetrics> cells = new java.util.LinkedHashMap<>();
    for (WindowMetrics window : windows) {
      cells.put(window.key() + "@" + window.windowStart(), window);
    }
    return cells;
  }
}
