package io.lambdakappa.streaming;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The record of every micro-batch a streaming view committed, written with its rows. */
public interface MicroBatchLedger {

  /** The recorded micro-batches of a streaming view, oldest first. */
  List<MicroBatchStats> microBatches(String view, long generation);

  /** When a streaming view last committed a micro-batch, if it has. */
  Optional<Instant> freshness(String view, long generation);

  /** The last committed batch id of a streaming view, if any. */
  Optional<Long> lastBatchId(String view, long generation);
}
