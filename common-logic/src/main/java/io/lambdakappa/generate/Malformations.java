package io.lambdakappa.generate;

import io.lambdakappa.logic.RejectReason;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Breaks a good event in each of the ways the validation must catch, one per {@link RejectReason},
 * so that the quarantine counts of a pipeline can be checked against what was made.
 */
final class Malformations {

  private static final String[] FIELDS = {
    "event_id", "event_time", "user_id", "key", "event_type", "value"
  };

  /** Larger than the default 16 KiB record limit. */
  private static final int OVERSIZED_PADDING = 17 * 1024;

  private Malformations() {}

  static String make(RejectReason reason, EventFields event, SplittableRandom random) {
    return switch (reason) {
      case OVERSIZED -> event.withValue("x".repeat(OVERSIZED_PADDING)).toJson();
      case MALFORMED_JSON -> {
        String json = event.toJson();
        // Cut the text inside the object: a truncated write, the commonest real-world case.
        yield json.substring(0, 1 + random.nextInt(json.length() - 2));
      }
      case MISSING_FIELD -> event.toJsonWithout(FIELDS[random.nextInt(FIELDS.length)]);
      case WRONG_TYPE -> event.withValue("twelve").toJson();
      case NEGATIVE_VALUE -> event.withValue(new BigDecimal("-3.50")).toJson();
      case NAN_VALUE -> event.withValue("NaN").toJson();
      case VALUE_OVERFLOW -> event.withValue(1e300).toJson();
      case TIME_OUT_OF_RANGE -> event.withEventTime("1969-07-20T20:17:00Z").toJson();
      case EVENT_TIME_AHEAD ->
          throw new IllegalArgumentException("an event ahead of its arrival needs the log's clock");
    };
  }
}
