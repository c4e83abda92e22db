package io.lambdakappa.compare;

import io.lambdakappa.logic.WindowMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * @param unexpectedWindows windows served under a key or a window start the oracle does not know
 * @param worstWindows the windows furthest from the oracle, worst first (at most {@value
 *     #WORST_SHOWN}), each as {@code key@start: served vs expected}; empty when all are exact
 */
public record Accuracy(
    String label,
    String architecture,
    long windows,
    long exactWindows,
    long missingEvents,
    long extraEvents,
    double meanAbsoluteErrorPercent,
    long unexpectedWindows,
    List<String> worstWindows) {

  /** How many of the worst windows an accuracy names. */
  public static final int WORST_SHOWN = 5;

  /** Every expected window exact, nothing missing, nothing extra, nothing unknown served. */
  public boolean exact() {
    return exactWindows == windows
        && missingEvents == 0
        && extraEvents == 0
        && unexpectedWindows == 0;
  }

  /** One window that is not what the oracle says, and by how many events it is off. */
  private record Wrong(String description, long eventsOff) {}

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
    long unexpected = 0;
    List<Wrong> wrong = new ArrayList<>();
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
      } else {
        wrong.add(
            new Wrong(
                String.format(
                    "%s: served %s, expected %d events, sum %s",
                    cell.getKey(),
                    got == null ? "nothing" : got.events() + " events, sum " + got.valueSum(),
                    want.events(),
                    want.sum()),
                Math.abs(events - want.events())));
      }
    }
    for (Map.Entry<String, WindowMetrics> cell : served.entrySet()) {
      if (!expected.containsKey(cell.getKey())) {
        extra += cell.getValue().events();
        unexpected++;
        wrong.add(
            new Wrong(
                String.format(
                    "%s: served %d events, the oracle knows no such window",
                    cell.getKey(), cell.getValue().events()),
                cell.getValue().events()));
      }
    }
    List<String> worst =
        wrong.stream()
            .sorted(Comparator.comparingLong(Wrong::eventsOff).reversed())
            .limit(WORST_SHOWN)
            .map(Wrong::description)
            .toList();
    return new Accuracy(
        label,
        architecture,
        expected.size(),
        exact,
        missing,
        extra,
        expected.isEmpty() ? 0 : 100 * errorSum / expected.size(),
        unexpected,
        worst);
  }
}
