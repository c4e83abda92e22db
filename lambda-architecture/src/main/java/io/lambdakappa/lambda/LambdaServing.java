package io.lambdakappa.lambda;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.serving.AnswerJson;
import io.lambdakappa.serving.ArchitectureServing;
import io.lambdakappa.serving.ParquetViews;
import io.lambdakappa.serving.QuarantineAnswer;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.RejectedRecord;
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
public final class LambdaServing implements ArchitectureServing {

  /** Where one window's numbers come from. */
  public record Provenance(boolean batch, boolean realtime) {

    /** {@code batch}, {@code realtime} or {@code batch+realtime}. */
    public String label() {
      if (batch && realtime) {
        return "batch+realtime";
      }
      return batch ? "batch" : "realtime";
    }
  }

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
        .servedGeneration(SpeedLayer.REALTIME_VIEW)
        .orElseGet(() -> catalog.latest().map(BatchViewManifest::version).orElse(0L));
  }

  /**
   * What the served generation {@code g} refused: the newest records its realtime view refused,
   * then those batch view {@code g}'s recompute refused (its quarantine, an output of the recompute
   * like the view itself), at most {@code limit} in all.
   */
  @Override
  public QuarantineAnswer quarantine(int limit) {
    long generation = servedGeneration();
    List<RejectedRecord> records =
        new ArrayList<>(store.quarantine(SpeedLayer.REALTIME_VIEW, generation, limit));
    if (records.size() < limit && generation > 0) {
      catalog
          .version(generation)
          .filter(view -> view.quarantinePath() != null) // none before views had one
          .ifPresent(
              view ->
                  records.addAll(
                      ParquetViews.quarantine(
                          DataPath.parse(view.quarantinePath()), limit - records.size())));
    }
    return new QuarantineAnswer("lambda", generation, records);
  }

  @Override
  public String name() {
    return "lambda";
  }

  /** The answer as the API and {@code lk query} write it: each window says where it came from. */
  @Override
  public AnswerJson metrics(String key, Instant from, Instant to) {
    Answer answer = query(key, from, to);
    return new AnswerJson(
        "lambda",
        answer.key(),
        answer.from(),
        answer.to(),
        answer.generation(),
        answer.batchVersion(),
        answer.horizon(),
        answer.freshness(),
        answer.windows().stream()
            .map(window -> AnswerJson.WindowJson.of(window.metrics(), window.provenance().label()))
            .toList());
  }

  /**
   * Before any speed layer has pinned a generation: the newest batch view alone (no realtime rows
   * can exist for it yet), or generation 0's rows when there is no batch view.
   */
  private ViewStore.ServedRows beforeAnySwitch(String key, Instant from, Instant to) {
    long generation = catalog.latest().map(BatchViewManifest::version).orElse(0L);
    return new ViewStore.ServedRows(
        generation,
        store.freshness(SpeedLayer.REALTIME_VIEW, generation).orElse(null),
        store.streamingRows(SpeedLayer.REALTIME_VIEW, generation, key, from, to));
  }

  /**
   * One whole answer. The served generation, its realtime rows and its freshness come from one
   * snapshot of the store ({@link ViewStore#servedRows}), so a switch to {@code g+1}, and the drop
   * of {@code g} that follows it, can never leave a reader with batch view {@code g} and no
   * realtime rows, or with the rows of one generation under the number of another. The batch view
   * needs no snapshot: a published view is immutable, and retention never deletes the served one.
   */
  public Answer query(String key, Instant from, Instant to) {
    ViewStore.ServedRows realtime =
        store
            .servedRows(SpeedLayer.REALTIME_VIEW, key, from, to)
            .orElseGet(() -> beforeAnySwitch(key, from, to));
    long generation = realtime.generation();
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
    for (WindowMetrics row : realtime.rows()) {
      windows.merge(
          row.windowStart(),
          new Window(row, new Provenance(false, true)),
          (fromBatch, fromRealtime) ->
              new Window(
                  fromBatch.metrics().merge(fromRealtime.metrics()), new Provenance(true, true)));
    }
    Instant freshness = realtime.freshness();
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
