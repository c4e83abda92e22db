package io.lambdakappa.mergeboundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.WindowMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

class MergesTest {

  private static final Instant TEN = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant TEN_01 = TEN.plusSeconds(60);
  private static final Instant TEN_02 = TEN.plusSeconds(120);

  @Test
  void theOffsetSplitAddsBothSidesOfEveryWindow() {
    Map<String, WindowMetrics> merged =
        Merges.offsetSplit(
            List.of(row(TEN, 3, "6"), row(TEN_01, 2, "4")),
            List.of(row(TEN_01, 1, "5"), row(TEN_02, 4, "8")));

    assertThat(merged).hasSize(3);
    assertThat(merged.get("k@" + TEN).events()).isEqualTo(3);
    assertThat(merged.get("k@" + TEN_01).events()).isEqualTo(3);
    assertThat(merged.get("k@" + TEN_01).valueSum()).isEqualByComparingTo("9");
    assertThat(merged.get("k@" + TEN_02).events()).isEqualTo(4);
  }

  @Test
  void theTimeSplitTakesEachWindowFromOneSideAndDropsTheOthersRow() {
    List<WindowMetrics> batch = List.of(row(TEN, 3, "6"), row(TEN_01, 2, "4"));
    Instant boundary = Merges.timeBoundary(batch).orElseThrow();
    assertThat(boundary).isEqualTo(TEN_02); // the end of the batch's latest window

    // A straggler for 10:01 reached the realtime view after the horizon: the batch side serves
    // 10:01.
    Map<String, WindowMetrics> split =
        Merges.timeSplit(batch, List.of(row(TEN_01, 1, "5"), row(TEN_02, 4, "8")), boundary);

    assertThat(split.get("k@" + TEN_01).events()).isEqualTo(2);
    assertThat(split.get("k@" + TEN_02).events()).isEqualTo(4);
    assertThat(split).hasSize(3);
  }

  @Test
  void anEmptyBatchViewHasNoBoundary() {
    assertThat(Merges.timeBoundary(List.of())).isEmpty();
  }

  private static WindowMetrics row(Instant start, long events, String sum) {
    return new WindowMetrics(
        "k",
        start,
        start.plusSeconds(60),
        events,
        new BigDecimal(sum),
        BigDecimal.ONE,
        new BigDecimal(sum),
        new HllSketch(12).toUpdatableByteArray());
  }
}
