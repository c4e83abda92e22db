package io.lambdakappa.generate;

import io.lambdakappa.logic.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the generator made, written beside the data ({@code truth.json}) so that tests and reports
 * can check a pipeline's accounting against it: every malformed record must be quarantined with the
 * reason it was made with, every duplicate removed, and the late events are the ones a watermark
 * shorter than {@code lateBy} must drop.
 *
 * @param records every record written
 * @param onTimeEvents new events within the jitter of their arrival
 * @param lateEvents new events {@code lateBy} behind their arrival
 * @param duplicates exact copies of earlier events
 * @param malformed bad records by the reason the validation must give
 */
public record TruthSummary(
    GeneratorOptions options,
    long records,
    long onTimeEvents,
    long lateEvents,
    long duplicates,
    Map<RejectReason, Long> malformed) {

  /** Records the validation must accept: every event and every duplicate. */
  public long valid() {
    return onTimeEvents + lateEvents + duplicates;
  }

  /** Distinct events, what a batch recompute over everything must count. */
  public long uniqueEvents() {
    return onTimeEvents + lateEvents;
  }

  public long malformedTotal() {
    return malformed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Counts records as the generator emits them. */
  static final class Counter {
    private long records;
    private long onTime;
    private long late;
    private long duplicates;
    private final Map<RejectReason, Long> malformed = new EnumMap<>(RejectReason.class);

    Counter() {
      for (RejectReason reason : RejectReason.values()) {
        malformed.put(reason, 0L);
      }
    }

    void count(GeneratedRecord record) {
      records++;
      switch (record.kind()) {
        case EVENT -> onTime++;
        case LATE_EVENT -> late++;
        case DUPLICATE -> duplicates++;
        case MALFORMED -> malformed.merge(record.malformation(), 1L, Long::sum);
      }
    }

    TruthSummary summary(GeneratorOptions options) {
      return new TruthSummary(options, records, onTime, late, duplicates, new EnumMap<>(malformed));
    }
  }
}
