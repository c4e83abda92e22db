package io.lambdakappa.kappa;

import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.StreamingViewSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /api/v1/status} says of Kappa: the served version and every version that exists (two
 * while a reprocess runs), each with its logic and its record counts and latency.
 *
 * @param servedVersion the served version, or null before the first start
 * @param lag records in the topic the served version has not committed yet, or null if unknown
 * @param watermark the served version's event-time watermark, or null if it has none yet
 */
public record KappaStatus(Long servedVersion, List<Version> versions, Long lag, Instant watermark) {

  /** One version: its view name, the knobs it runs with, and what its micro-batches did. */
  public record Version(
      String view,
      boolean served,
      Duration window,
      Duration watermark,
      StreamingViewSummary stream) {}

  public static KappaStatus of(
      ViewStore store, KappaVersions versions, Long lag, Instant watermark) {
    Long served = store.servedGeneration(KappaServing.VIEW).orElse(null);
    List<Version> all =
        versions.all().stream()
            .map(
                version ->
                    new Version(
                        KappaServing.tableName(version.version()),
                        served != null && served == version.version(),
                        version.logic().window(),
                        version.logic().watermarkDelay(),
                        StreamingViewSummary.of(store, KappaServing.VIEW, version.version())))
            .toList();
    return new KappaStatus(served, all, lag, watermark);
  }
}
