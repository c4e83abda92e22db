package io.lambdakappa.importer;

import java.time.ZoneId;

/**
 * How the columns of someone's dataset map onto the event contract (docs/data-contract.md). Only
 * the event time, the key and the user are required; a missing value counts each row as 1, a
 * missing type becomes {@code "event"}, and a missing id is derived from the row's content.
 *
 * @param timeFormat {@code iso}, {@code epoch-millis}, {@code epoch-seconds}, or a {@link
 *     java.time.format.DateTimeFormatter} pattern such as {@code yyyy-MM-dd HH:mm:ss}
 * @param zone the time zone of times that carry none
 * @param valueColumn the column of the measured amount, or null
 * @param idColumn the column of a unique event id, or null
 * @param typeColumn the column of the event type, or null
 */
public record ImportMapping(
    String timeColumn,
    String timeFormat,
    ZoneId zone,
    String keyColumn,
    String userColumn,
    String valueColumn,
    String idColumn,
    String typeColumn) {

  public ImportMapping {
    requireColumn("time", timeColumn);
    requireColumn("key", keyColumn);
    requireColumn("user", userColumn);
    EventTimeParser.of(timeFormat, zone); // fails early on a bad pattern
  }

  private static void requireColumn(String what, String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("the " + what + " column must be named");
    }
  }
}
