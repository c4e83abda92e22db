package io.lambdakappa.generate;

import io.lambdakappa.logic.RejectReason;
import java.time.Instant;

/**
 * One record of a generated dataset: its JSON text, what the generator made it to be, and when it
 * "arrives" (the moment a paced publisher sends it, relative to the dataset's start).
 *
 * @param malformation the kind of bad record, for {@link Kind#MALFORMED} only, otherwise null
 */
public record GeneratedRecord(String json, Kind kind, RejectReason malformation, Instant arrival) {

  /** What a record is, as the truth summary counts it. */
  public enum Kind {
    /** A new event, on time (within the jitter). */
    EVENT,
    /** A new event whose event time is {@code lateBy} behind its arrival. */
    LATE_EVENT,
    /** An exact copy of an earlier event, as a retrying producer would send. */
    DUPLICATE,
    /** A record the validation must quarantine. */
    MALFORMED
  }
}
