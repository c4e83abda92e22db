package io.lambdakappa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.Assertions;

/**
 * An independent answer to "what should the metrics be": plain Java over the generator's records,
 * using what the generator says each record is (so no Spark, no JSON validation code, nothing the
 * pipelines share). Pipelines are judged against it, never against each other.
 */
public final class Oracle {

  /** The expected metrics of one window; distinct users are exact here. */
  public record Expected(long events, BigDecimal sum, BigDecimal min, BigDecimal max, long users) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Oracle() {}

  /**
   * Expected metrics per {@code key@windowStart} of the first {@code upTo} records, leaving out the
   * records at the positions in {@code excluded} (those a stream dropped as late).
   */
  public static Map<String, Expected> of(
      List<GeneratedRecord> records, int upTo, Duration window, Set<Integer> excluded) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal[]> values = new HashMap<>();
    Map<String, Set<String>> users = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (int position = 0; position < upTo; position++) {
      GeneratedRecord record = records.get(position);
      if (record.kind() == GeneratedRecord.Kind.MALFORMED || excluded.contains(position)) {
        continue;
      }
      JsonNode event = read(record.json());
      if (!seen.add(event.get("event_id").asText())) {
        continue;
      }
      Instant at = eventTime(record);
      long windowMillis = window.toMillis();
      Instant start =
          Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), windowMillis) * windowMillis);
      String cell = event.get("key").asText() + "@" + start;
      BigDecimal value = event.get("value").decimalValue();
      counts.computeIfAbsent(cell, c -> new long[1])[0]++;
      values.merge(
          cell,
          new BigDecimal[] {value, value, value},
          (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].min(b[1]), a[2].max(b[2])});
      users.computeIfAbsent(cell, c -> new HashSet<>()).add(event.get("user_id").asText());
    }
    Map<String, Expected> expected = new TreeMap<>();
    counts.forEach(
        (cell, count) -> {
          BigDecimal[] v = values.get(cell);
          expected.put(cell, new Expected(count[0], v[0], v[1], v[2], users.get(cell).size()));
        });
    return expected;
  }

  /** The event time of a valid generated record. */
  public static Instant eventTime(GeneratedRecord record) {
    JsonNode time = read(record.json()).get("event_time");
    return time.isNumber() ? Instant.ofEpochMilli(time.asLong()) : Instant.parse(time.asText());
  }

  /** Metrics as the oracle keys them. */
  public static Map<String, WindowMetrics> byCell(List<WindowMetrics> metrics) {
    Map<String, WindowMetrics> cells = new TreeMap<>();
    metrics.forEach(m -> cells.put(m.key() + "@" + m.windowStart(), m));
    return cells;
  }

  /** Whether served metrics equal the oracle: exactly, but for the sketch's estimate (3%). */
  public static boolean matches(WindowMetrics actual, Expected expected) {
    return actual.events() == expected.events()
        && actual.valueSum().compareTo(expected.sum()) == 0
        && actual.valueMin().compareTo(expected.min()) == 0
        && actual.valueMax().compareTo(expected.max()) == 0
        && Math.abs(actual.distinctUsers() - expected.users()) <= 0.03 * expected.users() + 1;
  }

  /** Asserts that the served windows are exactly the oracle's: the same cells, each matching. */
  public static void assertServes(
      Map<String, WindowMetrics> served, Map<String, Expected> expected) {
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(served.keySet());
    Set<String> extra = new TreeSet<>(served.keySet());
    extra.removeAll(expected.keySet());
    Assertions.assertThat(missing.size() + extra.size())
        .as(
            "windows served: %d missing (first: %s), %d not expected (first: %s)",
            missing.size(),
            missing.stream().limit(5).toList(),
            extra.size(),
            extra.stream().limit(5).toList())
        .isZero();
    expected.forEach(
        (cell, want) ->
            Assertions.assertThat(matches(served.get(cell), want))
                .as("%s: served %s, expected %s", cell, served.get(cell), want)
                .isTrue());
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
