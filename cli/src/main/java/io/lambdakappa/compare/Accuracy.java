package io.lambdakappa.compare;

import io.lambdakappa.logic.WindowMetrics;
import java.util.Map;

/**
 * How far what an architecture serves is from the oracle, window by window: the numbers of the
 * correctness timeline.
 *
 * @param windows windows the oracle expects
 * @param exactWindows windows served with exactly the expected count, sum, min and max
 * @param missingEvents expected events not served (dropped as late, or not processed yet)
 * @param extraEvents served events the oracle does not expect (counted twice: should be 0)
 * @param meanAbsoluteErrorPercent the mean over windows of |served − expected| / expected counts
 */
public record Accuracy(
    String label,
    String architecture,
    long windows,
    long exactWindows,
    long missingEvents,
    long extraEvents,
    double meanAbsoluteErrorPercent) {

  /** Compares served windows ({@code key@windowStart} → metrics) with the oracle's. */
  public static Accuracy of(
      String label,
      String architecture,
      Map<String, WindowMetrics> served,
      Map<String, SqlOracle.Expected> expected) {
    long exact = 0;
    long missing = 0;
    long extra = 0;
    double errorSum = 0;
    for (Map.Entry<String, SqlOracle.Expected> cell : expected.entrySet()) {
      SqlOracle.Expected want = cell.getValue();
      WindowMetrics got = served.get(cell.getKey());
      long events = got == null ? 0 : got.events();
      missing += Math.max(0, want.events() - events);
      extra += Math.max(0, events - want.events());
      errorSum += Math.abs(events - want.events()) / (double) want.events();
      if (got != null
          && events == want.events()
          && got.valueSum().compareTo(want.sum()) == 0
          && got.valueMin().compareTo(want.min()) == 0
          && got.valueMax().compareTo(want.max()) == 0) {
        exact++;
      }
    }
    for (Map.Entry<String, WindowMetrics> cell : served.entrySet()) {
      if (!expected.containsKey(cell.getKey())) {
        extra += cell.getValue().events();
      }
    }
    return new Accuracy(
        label,
        architecture,
        expected.size(),
        exact,
        missing,
        extra,
        expected.isEmpty() ? 0 : 100 * errorSum / expected.size());
  }
}
