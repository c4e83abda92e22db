package io.lambdakappa.logic;

/**
 * Why a record went to the quarantine. The codes are stable: reports, the status API and the
 * generator's truth summary all count by them.
 */
public enum RejectReason {
  /** Longer than {@link LogicConfig#maxRecordBytes()}; checked first, before any parsing. */
  OVERSIZED,
  /** Not a JSON object at all. */
  MALFORMED_JSON,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field is present with a type that cannot be read as the contract says. */
  WRONG_TYPE,
  /** {@code value} is below zero. */
  NEGATIVE_VALUE,
  /** {@code value} is NaN. */
  NAN_VALUE,
  /** {@code value} is infinite or larger than {@link LogicConfig#maxValue()}. */
  VALUE_OVERFLOW,
  /** {@code event_time} is outside the sane range of the config. */
  TIME_OUT_OF_RANGE,
  /**
   * {@code event_time} is further ahead of the record's arrival in the log than {@link
   * LogicConfig#maxTimeAhead()}: a producer's wrong clock, which would poison the watermark.
   */
  EVENT_TIME_AHEAD
}
