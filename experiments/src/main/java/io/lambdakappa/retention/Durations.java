package io.lambdakappa.retention;

import java.time.Duration;

/** How the retention report writes durations and sizes. */
final class Durations {

  private Durations() {}

  static String text(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "-hour";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "-minute";
    }
    return seconds + "-second";
  }

  static String bytes(long bytes) {
    if (bytes >= 1 << 30) {
      return String.format("%.1f GiB", bytes / (double) (1 << 30));
    }
    return String.format("%.1f MiB", bytes / (double) (1 << 20));
  }
}
