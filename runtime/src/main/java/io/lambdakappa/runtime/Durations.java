package io.lambdakappa.runtime;

import java.time.Duration;

/** Durations written as people write them ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1d}). */
public final class Durations {

  private Durations() {}

  /**
   * A duration as people write it, for summaries: the largest unit that divides the duration
   * exactly.
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0 && millis > 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
