package io.lambdakappa.serving;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchLedger;
import io.lambdakappa.streaming.QuarantinedRecords;
import io.lambdakappa.streaming.ServedGenerations;
import io.lambdakappa.streaming.StreamStore;
import io.lambdakappa.streaming.StreamingViewSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where views live and are read from, one store with four roles: the views' rows (this interface's
 * own methods), the micro-batch ledger ({@link MicroBatchLedger}), the served-version pointer
 * ({@link ServedGenerations}) and the quarantine ({@link QuarantinedRecords}); streams write
 * through {@link StreamingViewSink}. Streaming views (Lambda's realtime views, Kappa's versioned
 * views) are tables of window metrics that micro-batches upsert into, addressed by a view name and
 * a generation (Lambda) or version (Kappa), so one store serves both architectures. (Batch views
 * are Parquet folders that Lambda reads in place: {@link ParquetViews}.) Two implementations, one
 * class: {@link SqlViewStore} on DuckDB or PostgreSQL ({@link StoreLocation}).
 */
public interface ViewStore
    extends StreamStore, ServedGenerations, QuarantinedRecords, AutoCloseable {

  /**
   * The served generation of a view with its rows for one query, read together.
   *
   * @param freshness when the generation last committed a micro-batch, or null
   */
  record ServedRows(long generation, Instant freshness, List<WindowMetrics> rows) {}

  /**
   * How much one generation of a streaming view holds: its rows, their bytes (estimated from the
   * columns) and the events they count.
   */
  record ViewSize(long rows, long bytes, long events) {}

  /** Rows of a streaming view for one key, windows starting within {@code [from, to)}. */
  List<WindowMetrics> streamingRows(
      String view, long generation, String key, Instant from, Instant to);

  /**
   * The served generation of {@code view} and its rows for one key, windows starting within {@code
   * [from, to)}, from one consistent snapshot: a reader never sees the rows of one generation under
   * the number of another. Empty before the first switch.
   */
  Optional<ServedRows> servedRows(String view, String key, Instant from, Instant to);

  /** Rows and estimated bytes of one generation of a streaming view. */
  ViewSize size(String view, long generation);

  @Override
  void close();
}
