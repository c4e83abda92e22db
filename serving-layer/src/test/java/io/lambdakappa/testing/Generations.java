package io.lambdakappa.testing;

import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;

/**
 * Rows that tell a whole answer from half a switch: generation {@code g} is three one-minute
 * windows of {@code g} events each, so an answer is whole exactly when its events are three times
 * its generation.
 */
public final class Generations {

  /** A sketch of one user, as Spark's {@code hll_sketch_agg} writes it (lgK 12). */
  private static final byte[] ONE_USER = oneUser();

  private Generations() {}

  private static byte[] oneUser() {
    HllSketch sketch = new HllSketch(12);
    sketch.update("alice");
    return sketch.toCompactByteArray();
  }

  /** Generation {@code g}'s rows for key {@code home}, windows from {@code start}. */
  public static List<WindowMetrics> rows(long g, Instant start) {
    List<WindowMetrics> rows = new ArrayList<>();
    for (int minute = 0; minute < 3; minute++) {
      Instant window = start.plus(Duration.ofMinutes(minute));
      rows.add(
          new WindowMetrics(
              "home",
              window,
              window.plus(Duration.ofMinutes(1)),
              g,
              BigDecimal.valueOf(g),
              BigDecimal.ONE,
              BigDecimal.ONE,
              ONE_USER));
    }
    return rows;
  }
}
