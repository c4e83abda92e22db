package io.lambdakappa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A timed output becomes a figure only when it is the oracle's answer. */
class OutputCheckTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static final Map<String, SqlOracle.Expected> EXPECTED =
      Map.of(
          "a@" + T, expected(10, "25.5"),
          "b@" + T, expected(4, "4"));

  @Test
  void theOraclesAnswerPasses() {
    var accuracy =
        OutputCheck.require(
            "exact",
            Map.of("a@" + T, served("a", 10, "25.5"), "b@" + T, served("b", 4, "4")),
            EXPECTED,
            0);

    assertThat(accuracy.exact()).isTrue();
  }

  @Test
  void aWindowOffByOneEventFailsAndIsNamed() {
    assertThatThrownBy(
            () ->
                OutputCheck.require(
                    "the replay",
                    Map.of("a@" + T, served("a", 11, "26.5"), "b@" + T, served("b", 4, "4")),
                    EXPECTED,
                    0))
        .hasMessageContaining("the replay is not the oracle's answer")
        .hasMessageContaining("1 extra")
        .hasMessageContaining("a@" + T);
  }

  @Test
  void aSumThatIsWrongFailsEvenWithTheRightCount() {
    assertThatThrownBy(
            () ->
                OutputCheck.require(
                    "the view",
                    Map.of("a@" + T, served("a", 10, "25.4"), "b@" + T, served("b", 4, "4")),
                    EXPECTED,
                    0))
        .hasMessageContaining("1 of 2 windows exact");
  }

  @Test
  void eventsMissingAreExcusedOnlyUpToThoseDroppedAsLate() {
    Map<String, WindowMetrics> missingTwo =
        Map.of("a@" + T, served("a", 8, "20"), "b@" + T, served("b", 4, "4"));

    assertThat(OutputCheck.require("late", missingTwo, EXPECTED, 2).missingEvents()).isEqualTo(2);
    assertThat(OutputCheck.require("late", missingTwo, EXPECTED, 3).missingEvents()).isEqualTo(2);
    assertThatThrownBy(() -> OutputCheck.require("late", missingTwo, EXPECTED, 1))
        .hasMessageContaining("2 events missing where it says it dropped 1 records as late");
  }

  @Test
  void aWindowTheOracleDoesNotKnowFails() {
    Map<String, WindowMetrics> extraWindow =
        Map.of(
            "a@" + T, served("a", 10, "25.5"),
            "b@" + T, served("b", 4, "4"),
            "c@" + T, served("c", 1, "1"));

    assertThatThrownBy(() -> OutputCheck.require("v2", extraWindow, EXPECTED, 5))
        .hasMessageContaining("1 windows the oracle does not know");
  }

  private static SqlOracle.Expected expected(long events, String sum) {
    return new SqlOracle.Expected(events, new BigDecimal(sum), BigDecimal.ONE, BigDecimal.TEN, 1);
  }

  private static WindowMetrics served(String key, long events, String sum) {
    return new WindowMetrics(
        key,
        T,
        T.plusSeconds(60),
        events,
        new BigDecimal(sum),
        BigDecimal.ONE,
        BigDecimal.TEN,
        new byte[0]);
  }
}
