package io.lambdakappa.mergeboundary;

import io.lambdakappa.logic.WindowMetrics;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Two ways to answer from a batch view and a realtime view, as pure functions of their rows, so the
 * experiment can put both beside Lambda's own serving on the same stored views.
 *
 * <ul>
 *   <li>{@link #offsetSplit}: every window is the batch row merged with the realtime row. Exact
 *       when the two views split the log by offset (the batch up to the horizon, the realtime view
 *       from it) and no event is counted on both sides: that is Lambda's merge here, and a realtime
 *       view that does not know the batch's events (no horizon seam) counts a duplicate straddling
 *       the horizon twice.
 *   <li>{@link #timeSplit}: a window starting before the time boundary comes from the batch view
 *       alone, any later one from the realtime view alone, as hybrid OLAP stores (Druid, Pinot)
 *       split a query between offline and realtime segments. An event that reaches the realtime
 *       view for a window before the boundary is never served until the next batch.
 * </ul>
 *
 * Cells are keyed {@code key@windowStart}, as the oracle keys them.
 */
final class Merges {

  private Merges() {}

  static Map<String, WindowMetrics> offsetSplit(
      Collection<WindowMetrics> batch, Collection<WindowMetrics> realtime) {
    Map<String, WindowMetrics> cells = new LinkedHashMap<>();
    batch.forEach(row -> cells.merge(cell(row), row, WindowMetrics::merge));
    realtime.forEach(row -> cells.merge(cell(row), row, WindowMetrics::merge));
    return cells;
  }

  static Map<String, WindowMetrics> timeSplit(
      Collection<WindowMetrics> batch, Collection<WindowMetrics> realtime, Instant boundary) {
    Map<String, WindowMetrics> cells = new LinkedHashMap<>();
    for (WindowMetrics row : batch) {
      if (row.windowStart().isBefore(boundary)) {
        cells.put(cell(row), row);
      }
    }
    for (WindowMetrics row : realtime) {
      if (!row.windowStart().isBefore(boundary)) {
        cells.put(cell(row), row);
      }
    }
    return cells;
  }

  /**
   * The batch view's time boundary: the end of its latest window, so the batch serves every window
   * it has any event of and the realtime view everything after.
   */
  static Optional<Instant> timeBoundary(Collection<WindowMetrics> batch) {
    return batch.stream().map(WindowMetrics::windowEnd).max(Instant::compareTo);
  }

  static String cell(WindowMetrics row) {
    return row.key() + "@" + row.windowStart();
  }
}
