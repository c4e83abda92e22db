package io.lambdakappa.lambda;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.serving.WindowsByKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The batch view being served, in memory, by key and window. A batch view never changes once
 * published, so the serving layer reads its Parquet files once per version instead of once per
 * query (about 10 ms a query, which capped the API far below 500 requests/s); a query is then a
 * lookup. Only the newest version asked for is kept: a new one replaces it when it is served.
 */
final class BatchViewIndex {

  /** One loaded version. */
  record Loaded(BatchViewManifest view, WindowsByKey windows) {

    /** The rows of {@code key} with windows starting within {@code [from, to)}, in time order. */
    List<WindowMetrics> rows(String key, Instant from, Instant to) {
      return windows.rows(key, from, to);
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
    loaded = new Loaded(view, WindowsByKey.of(ParquetViews.read(DataPath.parse(view.path()))));
    return loaded;
  }
}
