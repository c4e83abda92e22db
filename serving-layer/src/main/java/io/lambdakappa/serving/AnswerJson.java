package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a metrics answer, shared by the HTTP API and {@code lk query}: each window with
 * its numbers and where they came from, and the answer's provenance (which versions, which horizon,
 * how fresh). For Kappa, {@code generation} is the served version and there is no batch view or
 * horizon.
 */
public record AnswerJson(
    String architecture,
    String key,
    Instant from,
    Instant to,
    long generation,
    Long batchVersion,
    Map<Integer, Long> horizon,
    Instant freshness,
    List<WindowJson> windows) {

  /** One window: the metrics, with distinct users estimated from the sketch. */
  public record WindowJson(
      Instant windowStart,
      Instant windowEnd,
      long events,
      BigDecimal valueSum,
      BigDecimal valueMin,
      BigDecimal valueMax,
      long distinctUsers,
      String source) {

    public static WindowJson of(WindowMetrics metrics, String source) {
      return new WindowJson(
          metrics.windowStart(),
          metrics.windowEnd(),
          metrics.events(),
          metrics.valueSum(),
          metrics.valueMin(),
          metrics.valueMax(),
          Math.round(metrics.distinctUsers()),
          source);
    }
  }
}
