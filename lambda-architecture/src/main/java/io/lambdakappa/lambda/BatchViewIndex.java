package io.lambdakappa.lambda;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.ViewStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The batch view being served, in memory, by key and window. A batch view never changes once
 * published, so the serving layer reads its Parquet files once per version instead of once per
 * query (about 10 ms a query, which capped the API far below 500 requests/s); a query is then a
 * lookup. Only the newest version asked for is kept: a new one replaces it when it is served.
 */
final class BatchViewIndex {

  /** One loaded version. */
  record Loaded(BatchViewManifest view, Map<String, NavigableMap<Instant, WindowMetrics>> byKey) {

    /** The rows of {@code key} with windows starting within {@code [from, to)}, in time order. */
    List<WindowMetrics> rows(String key, Instant from, Instant to) {
      NavigableMap<Instant, WindowMetrics> windows = byKey.get(key);
      return windows == null
          ? List.of()
          : List.copyOf(windows.subMap(from, true, to, false).values());
    }
  }

  private final ViewStore store;
  private final BatchViewCatalog catalog;
  private volatile Loaded loaded;

  BatchViewIndex(ViewStore store, BatchViewCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  /** Batch view {@code version}, loading it if it is not the one held; empty if unpublished. */
  Optional<Loaded> version(long version) {
    Loaded current = loaded;
    if (current != null && current.view().version() == version) {
      return Optional.of(current);
    }
    return catalog.version(version).map(this::load);
  }

  private synchronized Loaded load(BatchViewManifest view) {
    Loaded current = loaded;
    if (current != null && current.view().version() == view.version()) {
      return current; // another thread loaded it while this one waited
    }
    Map<String, NavigableMap<Instant, WindowMetrics>> byKey = new HashMap<>();
    for (WindowMetrics row : ParquetViews.read(DataPath.parse(view.path()))) {
      byKey.computeIfAbsent(row.key(), k -> new TreeMap<>()).put(row.windowStart(), row);
    }
    loaded = new Loaded(view, byKey);
    return loaded;
  }
}
