package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Window rows by key and window start, in memory: what an answer looks up instead of querying a
 * database (Lambda's batch view being served, the embedded store's served generations). Never
 * changed once built: {@link #with} returns a new one, so a reader holding one reads a consistent
 * whole while a writer builds the next.
 */
public final class WindowsByKey {

  public static final WindowsByKey EMPTY = new WindowsByKey(Map.of());

  private final Map<String, NavigableMap<Instant, WindowMetrics>> byKey;

  private WindowsByKey(Map<String, NavigableMap<Instant, WindowMetrics>> byKey) {
    this.byKey = byKey;
  }

  public static WindowsByKey of(Iterable<WindowMetrics> rows) {
    return EMPTY.with(rows);
  }

  /** The rows of {@code key} with windows starting within {@code [from, to)}, in time order. */
  public List<WindowMetrics> rows(String key, Instant from, Instant to) {
    NavigableMap<Instant, WindowMetrics> windows = byKey.get(key);
    return windows == null || !from.isBefore(to)
        ? List.of()
        : List.copyOf(windows.subMap(from, true, to, false).values());
  }

  /**
   * These windows with {@code rows} put in, each replacing the row of its key and start, as a new
   * index. Only the keys {@code rows} touch are copied; the others are shared, unchanged.
   */
  public WindowsByKey with(Iterable<WindowMetrics> rows) {
    Map<String, NavigableMap<Instant, WindowMetrics>> copied = new HashMap<>();
    for (WindowMetrics row : rows) {
      copied
          .computeIfAbsent(
              row.key(),
              key -> {
                NavigableMap<Instant, WindowMetrics> old = byKey.get(key);
                return old == null ? new TreeMap<>() : new TreeMap<>(old);
              })
          .put(row.windowStart(), row);
    }
    if (copied.isEmpty()) {
      return this;
    }
    Map<String, NavigableMap<Instant, WindowMetrics>> next = new HashMap<>(byKey);
    next.putAll(copied);
    return new WindowsByKey(Map.copyOf(next));
  }
}
