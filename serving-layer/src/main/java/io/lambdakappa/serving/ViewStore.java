package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where views live and are read from. Streaming views (Lambda's realtime views, Kappa's versioned
 * views) are tables of window metrics that micro-batches upsert into; batch views are Parquet
 * folders read in place. Both are addressed by a view name and a generation (Lambda) or version
 * (Kappa), so one store serves both architectures.
 */
public interface ViewStore extends AutoCloseable {

  /**
   * The served generation of a view with its rows for one query, read together.
   *
   * @param freshness when the generation last committed a micro-batch, or null
   */
  record ServedRows(long generation, Instant freshness, List<WindowMetrics> rows) {}

  /** How much one generation of a streaming view holds; bytes are estimated from the columns. */
  record ViewSize(long rows, long bytes) {}

  /**
   * Upserts the window rows a micro-batch produced, records the batch and the records it refused,
   * all in one transaction: after a crash the store holds a batch's rows and its figures, or
   * neither. The rows are full window aggregates, not increments, and the batch's record and
   * rejects are replaced by batch id, so replaying a batch id writes the same values again: a
   * re-run batch never counts twice.
   */
  void upsert(
      String view,
      long generation,
      List<WindowMetrics> rows,
      MicroBatchStats stats,
      List<RejectedRecord> rejected);

  /** The newest records a streaming view refused, at most {@code limit}, newest batch first. */
  List<RejectedRecord> quarantine(String view, long generation, int limit);

  /** Rows of a streaming view for one key, windows starting within {@code [from, to)}. */
  List<WindowMetrics> streamingRows(
      String view, long generation, String key, Instant from, Instant to);

  /** Rows of a batch view for one key, windows starting within {@code [from, to)}. */
  List<WindowMetrics> batchRows(BatchViewManifest view, String key, Instant from, Instant to);

  /** Every row of a batch view. */
  List<WindowMetrics> batchView(BatchViewManifest view);

  /** The recorded micro-batches of a streaming view, oldest first. */
  List<MicroBatchStats> microBatches(String view, long generation);

  /** When a streaming view last committed a micro-batch, if it has. */
  Optional<Instant> freshness(String view, long generation);

  /** The last committed batch id of a streaming view, if any. */
  Optional<Long> lastBatchId(String view, long generation);

  /** Deletes a streaming view's rows, batch records and rejected records. */
  void dropGeneration(String view, long generation);

  /** Which generation of a view is served; empty before the first switch. */
  Optional<Long> servedGeneration(String view);

  /**
   * The served generation of {@code view} and its rows for one key, windows starting within {@code
   * [from, to)}, from one consistent snapshot: a reader never sees the rows of one generation under
   * the number of another. Empty before the first switch.
   */
  Optional<ServedRows> servedRows(String view, String key, Instant from, Instant to);

  /** Rows and estimated bytes of one generation of a streaming view. */
  ViewSize size(String view, long generation);

  /** Atomically makes {@code generation} the served one. */
  void serve(String view, long generation);

  @Override
  void close();
}
