package io.lambdakappa.serving;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of a metrics query, parsed and checked. Every problem names the parameter and says
 * what is accepted, for the API's 400 answers and the CLI's usage errors alike.
 */
public record QueryParameters(String key, Instant from, Instant to) {

  /** A parameter that is missing or wrong. */
  public static final class BadParameter extends IllegalArgumentException {
    private final String parameter;

    BadParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }

  /**
   * The calendar a query may ask about: four-digit years. The view store and Java's calendar types
   * overflow long before {@link Instant}'s own limits (year ±1,000,000,000), so a wilder time is a
   * bad parameter, not an internal error.
   */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** The longest range one query may ask for: a guard against scanning everything by mistake. */
  static final java.time.Duration MAX_RANGE = java.time.Duration.ofDays(31);

  public static QueryParameters parse(String key, String from, String to) {
    if (key == null || key.isBlank()) {
      throw new BadParameter("key", "parameter 'key' is required, e.g. key=k0");
    }
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (!start.isBefore(end)) {
      throw new BadParameter("to", "'to' (" + end + ") must be after 'from' (" + start + ")");
    }
    if (java.time.Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      throw new BadParameter("to", "the range from 'from' to 'to' may not exceed 31 days");
    }
    return new QueryParameters(key, start, end);
  }

  /** Parses a URL query string ({@code key=k0&from=...}). */
  public static QueryParameters fromQueryString(String query) {
    Map<String, String> values = values(query);
    return parse(values.get("key"), values.get("from"), values.get("to"));
  }

  /**
   * The {@code limit} of a quarantine query: a whole number within [1, {@link
   * QuarantineAnswer#MAX_LIMIT}], {@link QuarantineAnswer#DEFAULT_LIMIT} when absent.
   */
  public static int limit(String query) {
    String text = values(query).get("limit");
    if (text == null) {
      return QuarantineAnswer.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= QuarantineAnswer.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new BadParameter(
        "limit",
        "parameter 'limit' is '"
            + text
            + "', not a whole number from 1 to "
            + QuarantineAnswer.MAX_LIMIT);
  }

  private static Map<String, String> values(String query) {
    Map<String, String> values = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        String decodedName = decoded(name, name);
        values.put(decodedName, decoded(decodedName, value));
      }
    }
    return values;
  }

  /** {@code %zz} or a lone {@code %} is the client's mistake: a 400 naming it, never a 500. */
  private static String decoded(String parameter, String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadParameter(
          parameter, "'" + text + "' in parameter '" + parameter + "' is not valid %-encoding");
    }
  }

  private static Instant instant(String name, String text) {
    if (text == null || text.isBlank()) {
      throw new BadParameter(
          name,
          "parameter '"
              + name
              + "' is required: an ISO-8601 UTC time such as 2026-01-01T00:00:00Z");
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameter(
          name,
          "parameter '"
              + name
              + "' is '"
              + text
              + "', not an ISO-8601 UTC time such as 2026-01-01T00:00:00Z");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new BadParameter(
          name,
          "parameter '"
              + name
              + "' is "
              + text
              + ", outside the years this API answers for ("
              + EARLIEST
              + " to "
              + LATEST
              + ")");
    }
    return instant;
  }
}
