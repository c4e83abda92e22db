package io.lambdakappa.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds back record {@code n} until {@code n / rate} seconds after the first, so a generator can
 * imitate a live stream at a steady rate. Pacing by an absolute schedule (not by sleeping a fixed
 * gap after each record) keeps the average rate exact even when a send is slow.
 */
final class RatePacer {

  private final double ratePerSecond;
  private long startNanos = -1;

  RatePacer(double ratePerSecond) {
    if (ratePerSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0, got " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
  }

  void awaitSlot(long recordIndex) {
    if (ratePerSecond == 0) {
      return;
    }
    if (startNanos < 0) {
      startNanos = System.nanoTime();
    }
    long due = startNanos + (long) (recordIndex * (TimeUnit.SECONDS.toNanos(1) / ratePerSecond));
    long wait;
    while ((wait = due - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(wait);
    }
  }
}
