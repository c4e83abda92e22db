package io.lambdakappa.retention;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.harness.ExperimentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one retention-cliff experiment measured: what its {@code results.json} holds and its report
 * is drawn from (docs/experiments.md documents the fields).
 *
 * @param log what the topic held and what retention deleted from it
 * @param architectures Lambda, Kappa and Kappa+, each after the logic change
 * @param eventsOnlyInDeletedSegments unique valid events that no record the topic still holds
 *     carries: counted by the oracle on all records and on the retained ones, not by any pipeline
 * @param kappaMatchesTheRetainedLog whether Kappa's rebuilt view equals the oracle over exactly the
 *     records the topic still holds
 */
public record RetentionCliffResults(
    int schemaVersion,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Settings settings,
    Log log,
    List<Architecture> architectures,
    long eventsOnlyInDeletedSegments,
    boolean kappaMatchesTheRetainedLog)
    implements ExperimentResults {

  public static final int SCHEMA_VERSION = 1;

  /** The knobs of the run. */
  public record Settings(
      long seed,
      long historyRecords,
      long liveRecords,
      double retainedFraction,
      long retentionBytes,
      int segmentBytes,
      Duration oldWindow,
      Duration newWindow,
      int partitions) {}

  /**
   * @param recordsPublished every record published to the topic, before and after the cliff
   * @param recordsDeleted records below the log start offsets when the logic changed
   * @param logStartOffsets the first offset each partition still holds
   * @param uniqueEvents unique valid events in all records (the oracle)
   */
  public record Log(
      long recordsPublished,
      long recordsDeleted,
      Map<Integer, Long> logStartOffsets,
      long uniqueEvents) {}

  /**
   * @param name lambda, kappa or kappa+
   * @param howItCorrects what the operator runs
   * @param correctionSeconds wall time from the logic change to the corrected view
   * @param storageBytes what it keeps to be able to correct, by part
   * @param accuracy the corrected view against the oracle over all records
   */
  public record Architecture(
      String name,
      String howItCorrects,
      double correctionSeconds,
      Map<String, Long> storageBytes,
      Accuracy accuracy) {

    public long storageTotal() {
      return storageBytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Architecture architecture(String name) {
    return architectures.stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no architecture " + name));
  }

  /**
   * The experiment holds when Lambda and Kappa+ are exact, and Kappa lost exactly the events only
   * the deleted segments held (nothing more, nothing counted twice) and rebuilt exactly what the
   * log still holds.
   */
  @Override
  public boolean holds() {
    Accuracy kappa = architecture("kappa").accuracy();
    return architecture("lambda").accuracy().exact()
        && architecture("kappa+").accuracy().exact()
        && kappa.missingEvents() == eventsOnlyInDeletedSegments
        && kappa.extraEvents() == 0
        && kappaMatchesTheRetainedLog;
  }

  /** The run in one paragraph, chosen by its numbers. */
  @Override
  public String story() {
    Accuracy kappa = architecture("kappa").accuracy();
    StringBuilder story = new StringBuilder();
    story.append(
        String.format(
            "Retention had deleted %,d of the %,d records published to the topic (%.0f%%) when the"
                + " logic changed (%s windows to %s).",
            log.recordsDeleted(),
            log.recordsPublished(),
            100.0 * log.recordsDeleted() / Math.max(1, log.recordsPublished()),
            Durations.text(settings.oldWindow()),
            Durations.text(settings.newWindow())));
    if (kappa.missingEvents() == 0) {
      story.append(" Kappa's replay lost nothing: no event was held only by the deleted segments.");
    } else {
      story.append(
          String.format(
              " Kappa's replay rebuilt only what the log still holds: %,d events lost (%.1f%% of"
                  + " all events), %,d of %,d windows wrong%s, and Spark raised no error: a"
                  + " replay from the start of a log reads from wherever the log now starts.",
              kappa.missingEvents(),
              100.0 * kappa.missingEvents() / Math.max(1, log.uniqueEvents()),
              kappa.windows() - kappa.exactWindows(),
              kappa.windows(),
              kappa.missingEvents() == eventsOnlyInDeletedSegments
                  ? ", exactly the events only the deleted segments held"
                  : String.format(
                      " (the deleted segments alone held %,d: a difference to explain)",
                      eventsOnlyInDeletedSegments)));
    }
    for (String name : List.of("lambda", "kappa+")) {
      Architecture architecture = architecture(name);
      Accuracy accuracy = architecture.accuracy();
      story.append(
          accuracy.exact()
              ? String.format(
                  " %s lost nothing (%s, %.0f s), keeping %s.",
                  name.equals("lambda") ? "Lambda" : "Kappa+",
                  architecture.howItCorrects(),
                  architecture.correctionSeconds(),
                  Durations.bytes(architecture.storageTotal()))
              : String.format(
                  " %s was NOT exact: %,d events missing, %,d extra; this is a bug.",
                  name.equals("lambda") ? "Lambda" : "Kappa+",
                  accuracy.missingEvents(),
                  accuracy.extraEvents()));
    }
    return story.toString();
  }
}
