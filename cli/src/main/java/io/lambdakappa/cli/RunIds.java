package io.lambdakappa.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The id of one run of {@code lk compare} or {@code lk bench}: its UTC start, to the second. */
final class RunIds {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {}

  static String of(Instant start) {
    return FORMAT.format(start);
  }
}
