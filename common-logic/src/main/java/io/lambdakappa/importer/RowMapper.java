package io.lambdakappa.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Maps one row of a foreign dataset (column name to text) onto an event's JSON, as {@link
 * ImportMapping} says, with every time normalised to ISO-8601 UTC, so no later parser can read it
 * in another zone. A row that cannot be mapped (no time it can read in the given format and zone, a
 * required column missing, a value that is not a number) is not guessed at: the import keeps it
 * aside with its line and the reason ({@link ImportReject}).
 */
final class RowMapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One row: its event JSON, or why it has none.
   *
   * @param problem null when the row mapped; else one of {@link ImportReject}'s reasons
   */
  record Mapped(String json, String problem, String message) {}

  private final ImportMapping mapping;
  private final EventTimeParser times;

  RowMapper(ImportMapping mapping) {
    this.mapping = mapping;
    this.times = EventTimeParser.of(mapping.timeFormat(), mapping.zone());
  }

  Mapped map(Map<String, String> row) {
    String id = mapping.idColumn() == null ? derivedId(row) : row.get(mapping.idColumn());
    String timeText = row.get(mapping.timeColumn());
    for (String required :
        new String[] {mapping.timeColumn(), mapping.keyColumn(), mapping.userColumn()}) {
      if (row.get(required) == null) {
        return new Mapped(null, "MISSING_FIELD", "column " + required + " is missing");
      }
    }
    if (id == null) {
      return new Mapped(null, "MISSING_FIELD", "column " + mapping.idColumn() + " is missing");
    }
    Optional<Instant> time = times.parse(timeText);
    if (time.isEmpty()) {
      return new Mapped(
          null,
          "TIME_UNREADABLE",
          "column "
              + mapping.timeColumn()
              + ": '"
              + timeText
              + "' is not a time in the format "
              + mapping.timeFormat()
              + " (zone "
              + mapping.zone()
              + ")");
    }
    String valueText = mapping.valueColumn() == null ? "1" : row.get(mapping.valueColumn());
    BigDecimal value;
    try {
      value = new BigDecimal(valueText.trim());
    } catch (NumberFormatException | NullPointerException notANumber) {
      return new Mapped(
          null,
          "BAD_VALUE",
          "column " + mapping.valueColumn() + ": '" + valueText + "' is not a number");
    }
    ObjectNode event = JSON.createObjectNode();
    event.put("event_id", id);
    event.put("event_time", time.get().toString());
    event.put("user_id", row.get(mapping.userColumn()));
    event.put("key", row.get(mapping.keyColumn()));
    event.put("event_type", mapping.typeColumn() == null ? "event" : row.get(mapping.typeColumn()));
    event.put("value", value);
    return new Mapped(event.toString(), null, null);
  }

  /**
   * An id made from the row's content, so that importing the same file twice gives the same ids.
   * Two identical rows get the same id and are treated as one event sent twice.
   */
  private static String derivedId(Map<String, String> row) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> cell : new java.util.TreeMap<>(row).entrySet()) {
        sha.update(cell.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(String.valueOf(cell.getValue()).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
      }
      return "imp-" + HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
