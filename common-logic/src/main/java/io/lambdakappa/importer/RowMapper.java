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
 * ImportMapping} says. A row that cannot be mapped cleanly is still written, with the offending
 * text left as it was: the pipeline's validation then quarantines it with a reason, and nothing is
 * lost on the way in.
 */
final class RowMapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One mapped row and what was wrong with it, if anything. */
  record Mapped(String json, boolean timeUnreadable, boolean fieldMissing) {}

  private final ImportMapping mapping;
  private final EventTimeParser times;

  RowMapper(ImportMapping mapping) {
    this.mapping = mapping;
    this.times = EventTimeParser.of(mapping.timeFormat(), mapping.zone());
  }

  Mapped map(Map<String, String> row) {
    ObjectNode event = JSON.createObjectNode();
    String id = mapping.idColumn() == null ? derivedId(row) : row.get(mapping.idColumn());
    event.put("event_id", id);

    String timeText = row.get(mapping.timeColumn());
    Optional<Instant> time = times.parse(timeText);
    // An unreadable time stays as written: validation will name it in the quarantine.
    event.put("event_time", time.map(Instant::toString).orElse(timeText));
    event.put("user_id", row.get(mapping.userColumn()));
    event.put("key", row.get(mapping.keyColumn()));
    event.put("event_type", mapping.typeColumn() == null ? "event" : row.get(mapping.typeColumn()));
    putValue(event, mapping.valueColumn() == null ? "1" : row.get(mapping.valueColumn()));

    boolean missing =
        id == null
            || timeText == null
            || row.get(mapping.userColumn()) == null
            || row.get(mapping.keyColumn()) == null;
    return new Mapped(event.toString(), timeText != null && time.isEmpty(), missing);
  }

  /** A number stays a number; anything else stays text, for validation to judge. */
  private static void putValue(ObjectNode event, String text) {
    if (text == null) {
      event.putNull("value");
      return;
    }
    try {
      event.put("value", new BigDecimal(text.trim()));
    } catch (NumberFormatException notANumber) {
      event.put("value", text);
    }
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
