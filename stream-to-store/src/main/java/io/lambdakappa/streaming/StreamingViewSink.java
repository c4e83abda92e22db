package io.lambdakappa.streaming;

import io.lambdakappa.logic.WindowMetrics;
import java.util.List;

/** Where a streaming view's micro-batches are written: the one write a stream makes. */
public interface StreamingViewSink {

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

  /** Deletes a streaming view's rows, batch records and rejected records. */
  void dropGeneration(String view, long generation);
}
