package io.lambdakappa.serving;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The store keeps times as UTC wall-clock timestamps; these convert them. */
final class UtcTimes {

  private UtcTimes() {}

  static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC);
  }
}
