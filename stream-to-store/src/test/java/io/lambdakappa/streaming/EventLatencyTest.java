package io.lambdakappa.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Latency percentiles are quantiles over all events, whatever the sizes of their micro-batches. */
class EventLatencyTest {

  @Test
  void aBigFastBatchAndASmallSlowOneWeighByTheirEvents() {
    // 9,000 events seen in 100-200 ms, 1,000 events in 1-2 s, each spread evenly.
    EventLatency latency =
        EventLatency.of(
            List.of(
                new EventLatency.Batch(9_000, uniform(100, 200)),
                new EventLatency.Batch(1_000, uniform(1_000, 2_000))));

    // Half of all events: 0.5 = 0.9 × (x − 100) / 100, so x ≈ 155.6 ms. A median of the two
    // batches' medians would say 825 ms.
    assertThat(latency.p50Millis()).isCloseTo(155.6, within(0.5));
    // The slowest 5% and 1% are all in the small batch: its median and its 90th percentile.
    assertThat(latency.p95Millis()).isCloseTo(1_500, within(0.5));
    assertThat(latency.p99Millis()).isCloseTo(1_900, within(0.5));
    assertThat(latency.sampleEvents()).isEqualTo(10_000);
  }

  @Test
  void batchesWithoutAProfileAreLeftOutAndNothingGivesNone() {
    assertThat(EventLatency.of(List.of(new EventLatency.Batch(500, List.of()))))
        .isEqualTo(EventLatency.NONE);
    EventLatency one =
        EventLatency.of(
            List.of(
                new EventLatency.Batch(100, uniform(0, 1_000)),
                new EventLatency.Batch(0, List.of())));
    assertThat(one.p50Millis()).isCloseTo(500, within(0.5));
    assertThat(one.sampleEvents()).isEqualTo(100);
  }

  @Test
  void theProfileSurvivesTheStoreColumn() {
    List<Double> profile = uniform(100, 200);
    assertThat(ArrivalTimes.parse(ArrivalTimes.format(profile))).isEqualTo(profile);
    assertThat(ArrivalTimes.parse(null)).isEmpty();
  }

  /** A batch whose latencies are spread evenly over [from, to] milliseconds. */
  private static List<Double> uniform(double from, double to) {
    return ArrivalTimes.PROBABILITIES.stream()
        .map(p -> (double) Math.round(from + (to - from) * p))
        .toList();
  }
}
