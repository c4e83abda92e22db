package io.lambdakappa.serving;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** Per-partition offsets as the store keeps them: {@code {"0":12,"1":40}}. */
final class OffsetsJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OffsetsJson() {}

  static String write(Map<Integer, Long> offsets) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(offsets));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<Integer, Long> read(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<Integer, Long>>() {}));
    } catch (Exception e) {
      throw new IllegalStateException("unreadable offsets in the store: " + json, e);
    }
  }
}
