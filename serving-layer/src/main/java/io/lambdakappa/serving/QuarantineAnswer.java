package io.lambdakappa.serving;

import io.lambdakappa.streaming.RejectedRecord;
import java.util.List;

/**
 * The records the served generation of a streaming view refused, newest micro-batch first: what
 * {@code GET /api/v1/{lambda|kappa}/quarantine} and {@code lk query --quarantine} show.
 */
public record QuarantineAnswer(String architecture, long generation, List<RejectedRecord> records) {

  /** How many records an answer holds unless asked otherwise, and at most. */
  public static final int DEFAULT_LIMIT = 100;

  public static final int MAX_LIMIT = 10_000;

  /** The served generation's rejects in {@code store}. */
  public static QuarantineAnswer of(
      ViewStore store, String architecture, String view, long generation, int limit) {
    return new QuarantineAnswer(
        architecture, generation, store.quarantine(view, generation, limit));
  }
}
