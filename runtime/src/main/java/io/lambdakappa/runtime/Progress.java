package io.lambdakappa.runtime;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long phases, from the progressbar library. Short runs (below {@link
 * #THRESHOLD}) show none, to keep test and CI output readable.
 */
public final class Progress implements AutoCloseable, LongConsumer {

  public static final long THRESHOLD = 200_000;

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  public static Progress of(String task, long total, boolean paced) {
    if (total < THRESHOLD && !paced) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" rec", 1)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build());
  }

  /**
   * A bar with no end for work that does not report how far it is (a Spark batch job over {@code
   * records}): it shows that it is running and for how long.
   */
  public static Progress elapsed(String task, long records) {
    if (records < THRESHOLD) {
      return new Progress(null);
    }
    return new Progress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(-1)
            .setStyle(ProgressBarStyle.ASCII)
            .hideEta()
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build());
  }

  @Override
  public void accept(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  /** A new total, for work that grows while it is done (a replay of a topic still written to). */
  public void maxHint(long total) {
    if (bar != null) {
      bar.maxHint(total);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
