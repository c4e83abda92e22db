package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsByKeyTest {

  private static final Instant TEN = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void rowsAreAKeysWindowsStartingWithinTheRangeInTimeOrder() {
    WindowsByKey windows =
        WindowsByKey.of(List.of(row("home", 2, 1), row("home", 0, 1), row("cart", 1, 1)));

    assertThat(windows.rows("home", TEN, TEN.plus(Duration.ofMinutes(3))))
        .extracting(WindowMetrics::windowStart)
        .containsExactly(TEN, TEN.plus(Duration.ofMinutes(2)));
    assertThat(windows.rows("home", TEN.plusSeconds(1), TEN.plus(Duration.ofMinutes(2))))
        .isEmpty(); // [from, to): the window at 10:02 starts at `to`
    assertThat(windows.rows("nobody", TEN, TEN.plusSeconds(3600))).isEmpty();
    assertThat(windows.rows("home", TEN.plusSeconds(3600), TEN)).isEmpty(); // no range at all
  }

  @Test
  void withReturnsANewIndexAndLeavesTheOneAReaderHoldsAsItWas() {
    WindowsByKey before = WindowsByKey.of(List.of(row("home", 0, 1), row("cart", 0, 1)));

    WindowsByKey after = before.with(List.of(row("home", 0, 5), row("home", 1, 2)));

    assertThat(after.rows("home", TEN, TEN.plusSeconds(3600)))
        .extracting(WindowMetrics::events)
        .containsExactly(5L, 2L);
    assertThat(before.rows("home", TEN, TEN.plusSeconds(3600)))
        .extracting(WindowMetrics::events)
        .containsExactly(1L);
    assertThat(after.rows("cart", TEN, TEN.plusSeconds(3600))).hasSize(1);
    assertThat(before.with(List.of())).isSameAs(before);
  }

  private static WindowMetrics row(String key, int minute, long events) {
    Instant start = TEN.plus(Duration.ofMinutes(minute));
    return new WindowMetrics(
        key,
        start,
        start.plus(Duration.ofMinutes(1)),
        events,
        BigDecimal.ONE,
        BigDecimal.ONE,
        BigDecimal.ONE,
        new byte[0]);
  }
}
