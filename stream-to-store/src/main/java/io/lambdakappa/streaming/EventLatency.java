package io.lambdakappa.streaming;

import java.util.List;

/**
 * The one definition of latency percentiles used everywhere (compare, bench, status): quantiles
 * over <b>all events'</b> event-to-visible latencies, with the number of events they are over.
 *
 * <p>Each micro-batch contributes its events with its latency profile ({@link ArrivalTimes}): the
 * batch's latency distribution known at a few probabilities, linear in between. The distribution of
 * all events is the mixture of the batches' distributions weighted by their events, and a quantile
 * of it is found by bisection. (A median of per-batch medians weighs a batch of 10 events like one
 * of 10,000, and a median of per-batch p99s is no p99 of anything.)
 *
 * @param sampleEvents how many events the quantiles are over
 */
public record EventLatency(
    double p50Millis, double p95Millis, double p99Millis, long sampleEvents) {

  /**
   * One micro-batch's share: its events and its latency profile at {@link
   * ArrivalTimes#PROBABILITIES}.
   */
  public record Batch(long events, List<Double> profileMillis) {}

  public static final EventLatency NONE = new EventLatency(Double.NaN, Double.NaN, Double.NaN, 0);

  /** The quantiles over every event of {@code batches}; batches without a profile are left out. */
  public static EventLatency of(List<Batch> batches) {
    List<Batch> measured =
        batches.stream()
            .filter(
                b ->
                    b.events() > 0 && b.profileMillis().size() == ArrivalTimes.PROBABILITIES.size())
            .toList();
    long events = measured.stream().mapToLong(Batch::events).sum();
    if (events == 0) {
      return NONE;
    }
    return new EventLatency(
        quantile(measured, events, 0.50),
        quantile(measured, events, 0.95),
        quantile(measured, events, 0.99),
        events);
  }

  /** The smallest latency x with at least {@code q} of all events at or below it. */
  private static double quantile(List<Batch> batches, long events, double q) {
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (Batch batch : batches) {
      low = Math.min(low, batch.profileMillis().get(0));
      high = Math.max(high, batch.profileMillis().get(batch.profileMillis().size() - 1));
    }
    for (int step = 0; step < 64; step++) {
      double middle = (low + high) / 2;
      if (fractionAtOrBelow(batches, events, middle) >= q) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return Math.round(high * 1000) / 1000.0; // to the microsecond: no more is measured
  }

  /** The mixture's distribution function at {@code latency}. */
  private static double fractionAtOrBelow(List<Batch> batches, long events, double latency) {
    double below = 0;
    for (Batch batch : batches) {
      below += batch.events() * fraction(batch.profileMillis(), latency);
    }
    return below / events;
  }

  /** One batch's distribution function at {@code latency}: linear between its profile's points. */
  private static double fraction(List<Double> profile, double latency) {
    List<Double> p = ArrivalTimes.PROBABILITIES;
    if (latency < profile.get(0)) {
      return 0;
    }
    for (int i = 1; i < profile.size(); i++) {
      if (latency < profile.get(i)) {
        double span = profile.get(i) - profile.get(i - 1);
        return p.get(i - 1) + (p.get(i) - p.get(i - 1)) * (latency - profile.get(i - 1)) / span;
      }
    }
    return 1;
  }
}
