package io.lambdakappa.importer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/** Reads an event time in one of the import formats and returns it as an instant. */
final class EventTimeParser {

  private final String format;
  private final ZoneId zone;
  private final DateTimeFormatter pattern;

  private EventTimeParser(String format, ZoneId zone, DateTimeFormatter pattern) {
    this.format = format;
    this.zone = zone;
    this.pattern = pattern;
  }

  static EventTimeParser of(String format, ZoneId zone) {
    return switch (format) {
      case "iso", "epoch-millis", "epoch-seconds" -> new EventTimeParser(format, zone, null);
      default -> {
        try {
          yield new EventTimeParser("pattern", zone, DateTimeFormatter.ofPattern(format));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "time format '"
                  + format
                  + "' is not iso, epoch-millis, epoch-seconds or a valid date-time pattern: "
                  + e.getMessage(),
              e);
        }
      }
    };
  }

  /** The instant, or empty when the text is not a time in this format. */
  Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    try {
      return Optional.of(
          switch (format) {
            case "iso" -> iso(trimmed);
            case "epoch-millis" -> Instant.ofEpochMilli(Long.parseLong(trimmed));
            case "epoch-seconds" ->
                Instant.ofEpochMilli(new BigDecimal(trimmed).movePointRight(3).longValueExact());
            default -> withPattern(trimmed);
          });
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Instant iso(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException noOffset) {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    }
  }

  private Instant withPattern(String text) {
    TemporalAccessor parsed = pattern.parse(text);
    if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(parsed).toInstant();
    }
    if (!parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
      return LocalDate.from(parsed).atStartOfDay(zone).toInstant();
    }
    return LocalDateTime.from(parsed).atZone(zone).toInstant();
  }
}
