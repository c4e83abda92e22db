package io.lambdakappa.generate;

import java.math.BigDecimal;

/**
 * The fields of one generated event before it becomes text. JSON is written by hand here, not by a
 * JSON library, because every string is one the generator made itself (ids, keys, ISO times:
 * nothing to escape) and because the malformed variants need to break the format on purpose.
 *
 * @param eventTime an ISO-8601 string or epoch millis (a {@code Long}), the two accepted forms
 */
record EventFields(
    String eventId, Object eventTime, String userId, String key, String eventType, Object value) {

  EventFields withValue(Object newValue) {
    return new EventFields(eventId, eventTime, userId, key, eventType, newValue);
  }

  EventFields withEventTime(Object newTime) {
    return new EventFields(eventId, newTime, userId, key, eventType, value);
  }

  String toJson() {
    return toJsonWithout(null);
  }

  /** The JSON object, leaving out the named field (for the missing-field malformation). */
  String toJsonWithout(String omitted) {
    StringBuilder json = new StringBuilder(160).append('{');
    field(json, "event_id", eventId, omitted);
    field(json, "event_time", eventTime, omitted);
    field(json, "user_id", userId, omitted);
    field(json, "key", key, omitted);
    field(json, "event_type", eventType, omitted);
    field(json, "value", value, omitted);
    return json.append('}').toString();
  }

  private static void field(StringBuilder json, String name, Object fieldValue, String omitted) {
    if (name.equals(omitted)) {
      return;
    }
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":");
    if (fieldValue instanceof String text) {
      json.append('"').append(text).append('"');
    } else if (fieldValue instanceof BigDecimal decimal) {
      json.append(decimal.toPlainString());
    } else {
      json.append(fieldValue);
    }
  }
}
