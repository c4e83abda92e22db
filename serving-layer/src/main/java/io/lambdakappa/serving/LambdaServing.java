package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lambda's answer to a query: batch view {@code g} ⊕ realtime view {@code g}, for the generation
 * {@code g} being served.
 *
 * <p>Why it is exact: batch view {@code g} holds every event before its horizon offsets, and
 * realtime generation {@code g} reads from exactly those offsets on. The two sides split the log at
 * an offset, not at a time, so no event is on both sides and none falls between them. The merge of
 * a window present on both sides is the metrics monoid ({@link WindowMetrics#merge}). Generation 0
 * is the speed layer before any batch view exists: it reads the log from the start.
 */
public final class LambdaServing {

  /** The view name of Lambda's realtime views in the store. */
  public static final String REALTIME_VIEW = "lambda_realtime";

  /** Where one window's numbers come from. */
  public record Provenance(boolean batch, boolean realtime) {}

  /** One window of an answer. */
  public record Window(WindowMetrics metrics, Provenance provenance) {}

  /**
   * @param batchVersion the batch view merged in, or null before the first one
   * @param horizon the offsets where the batch view ends and the realtime view begins
   * @param freshness when the realtime view last committed a micro-batch, or null
   */
  public record Answer(
      String key,
      Instant from,
      Instant to,
      long generation,
      Long batchVersion,
      Map<Integer, Long> horizon,
      Instant freshness,
      List<Window> windows) {}

  private final ViewStore store;
  private final BatchViewCatalog catalog;
  private final BatchViewIndex batchViews;

  public LambdaServing(ViewStore store, BatchViewCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
    this.batchViews = new BatchViewIndex(store, catalog);
  }

  /**
   * The generation served now: the last one a speed layer switched to. Before any speed layer has
   * run, the newest batch view alone (its realtime view is empty), or 0 when there is none.
   */
  public long servedGeneration() {
    return store
        .servedGeneration(REALTIME_VIEW)
        .orElseGet(() -> catalog.latest().map(BatchViewManifest::version).orElse(0L));
  }

  public Answer query(String key, Instant from, Instant to) {
    long generation = servedGeneration();
    Optional<BatchViewIndex.Loaded> batch =
        generation == 0 ? Optional.empty() : batchViews.version(generation);
    Optional<BatchViewManifest> batchView = batch.map(BatchViewIndex.Loaded::view);
    Map<Instant, Window> windows = new TreeMap<>();
    batch.ifPresent(
        view -> {
          for (WindowMetrics row : view.rows(key, from, to)) {
            windows.put(row.windowStart(), new Window(row, new Provenance(true, false)));
          }
        });
    for (WindowMetrics row : store.streamingRows(REALTIME_VIEW, generation, key, from, to)) {
      windows.merge(
          row.windowStart(),
          new Window(row, new Provenance(false, true)),
          (fromBatch, fromRealtime) ->
              new Window(
                  fromBatch.metrics().merge(fromRealtime.metrics()), new Provenance(true, true)));
    }
    Instant freshness = store.freshness(REALTIME_VIEW, generation).orElse(null);
    return new Answer(
        key,
        from,
        to,
        generation,
        batchView.map(BatchViewManifest::version).orElse(null),
        batchView.map(BatchViewManifest::horizon).orElse(Map.of()),
        freshness,
        new ArrayList<>(windows.values()));
  }
}
