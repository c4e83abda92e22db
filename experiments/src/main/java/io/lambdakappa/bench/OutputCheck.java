package io.lambdakappa.bench;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.logic.WindowMetrics;
import java.util.Map;

/**
 * The check every timed output of the benchmark passes before its time becomes a figure: a fast
 * answer that is wrong must never produce one. The output is compared with the oracle (SQL over the
 * records as published, sharing no code with the pipelines) window by window.
 *
 * <p>A stream drops the records that arrive behind its watermark, and counts them. So an output is
 * right when it serves no window and no event the oracle does not expect, misses no more events
 * than it says it dropped as late, and, when it dropped none, matches every window's count, sum,
 * minimum and maximum. (No more, rather than as many: each copy of a late event is dropped and
 * counted, where the oracle counts the event once.)
 */
final class OutputCheck {

  private OutputCheck() {}

  /**
   * Fails, naming the worst windows, unless {@code served} is the oracle's {@code expected} answer
   * less at most the {@code droppedLate} records the output says it dropped as late.
   */
  static Accuracy require(
      String output,
      Map<String, WindowMetrics> served,
      Map<String, SqlOracle.Expected> expected,
      long droppedLate) {
    Accuracy accuracy = Accuracy.of(output, output, served, expected);
    boolean right =
        accuracy.extraEvents() == 0
            && accuracy.unexpectedWindows() == 0
            && accuracy.missingEvents() <= droppedLate
            && (droppedLate > 0 || accuracy.exact());
    if (!right) {
      throw new IllegalStateException(
          String.format(
              "%s is not the oracle's answer, so its time is no figure: %,d of %,d windows exact,"
                  + " %,d events missing where it says it dropped %,d records as late, %,d extra, %,d"
                  + " windows the oracle does not know; worst: %s",
              output,
              accuracy.exactWindows(),
              accuracy.windows(),
              accuracy.missingEvents(),
              droppedLate,
              accuracy.extraEvents(),
              accuracy.unexpectedWindows(),
              String.join("; ", accuracy.worstWindows())));
    }
    return accuracy;
  }
}
