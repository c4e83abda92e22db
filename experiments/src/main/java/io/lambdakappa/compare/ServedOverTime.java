package io.lambdakappa.compare;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.speed.SpeedLayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The comparison's correctness over wall time: every second, how many events each architecture
 * serves and how many records the live generator has sent. Afterwards the oracle says how many
 * unique events those records hold ({@link SqlOracle#uniqueWithin}); the difference is what each
 * architecture was missing at that moment (a stream's lag, its late drops, until a correction).
 *
 * <p>What is served is read from the store's totals, not window by window, so a sample costs a few
 * milliseconds beside the streams it watches: Lambda serves its batch view's counted events plus
 * the served speed generation's (the seam keeps them disjoint), Kappa its served version's.
 */
final class ServedOverTime {

  /** One sample, {@code seconds} after sampling began. */
  record Sample(double seconds, long recordsSent, long lambdaServed, long kappaServed) {}

  private final ViewStore store;
  private final BatchViewCatalog catalog;
  private final AtomicLong sent;
  private final long startedAt = System.nanoTime();
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService clock =
      Executors.newSingleThreadScheduledExecutor(
          run -> {
            Thread thread = new Thread(run, "lk-served-over-time");
            thread.setDaemon(true);
            return thread;
          });

  private ServedOverTime(ViewStore store, BatchViewCatalog catalog, AtomicLong sent) {
    this.store = store;
    this.catalog = catalog;
    this.sent = sent;
  }

  /** Samples every {@code every} from now on, {@code sent} being the live records sent so far. */
  static ServedOverTime start(
      ViewStore store, BatchViewCatalog catalog, AtomicLong sent, Duration every) {
    ServedOverTime timeline = new ServedOverTime(store, catalog, sent);
    timeline.clock.scheduleAtFixedRate(
        timeline::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return timeline;
  }

  /** The samples taken so far, in order; sampling goes on. */
  List<Sample> samplesSoFar() {
    return List.copyOf(samples);
  }

  /** Stops sampling, takes one last sample, and returns them all in order. */
  List<Sample> stop() throws InterruptedException {
    clock.shutdown();
    if (!clock.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a sample of the served answers did not end within 30 s");
    }
    sample();
    return List.copyOf(samples);
  }

  private void sample() {
    try {
      // What is served first, then what was sent: the records sent are never fewer than those
      // the answers read could hold.
      long lambda = lambdaServed();
      long kappa = kappaServed();
      long records = sent.get();
      samples.add(new Sample((System.nanoTime() - startedAt) / 1e9, records, lambda, kappa));
    } catch (RuntimeException switchedMeanwhile) {
      // A switch dropped the generation whose number was read a moment before: no sample this
      // second; the next one reads the new generation.
    }
  }

  private long lambdaServed() {
    long generation = store.servedGeneration(SpeedLayer.REALTIME_VIEW).orElse(0L);
    long batch =
        generation == 0
            ? 0
            : catalog.version(generation).map(BatchViewManifest::counted).orElseThrow();
    return batch + store.size(SpeedLayer.REALTIME_VIEW, generation).events();
  }

  private long kappaServed() {
    return store
        .servedGeneration(KappaServing.VIEW)
        .map(version -> store.size(KappaServing.VIEW, version).events())
        .orElse(0L);
  }
}
