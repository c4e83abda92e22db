package io.lambdakappa.bench;

import io.lambdakappa.generate.GeneratorOptions;
import java.time.Duration;

/**
 * A fixed, seeded benchmark workload: the same records on every machine and every run, so two
 * results differ only by the code and the machine.
 *
 * @param events history records, generated with {@link GeneratorOptions#defaults()}'s seed and
 *     shape (1% late, 1% duplicates, 0.5% malformed)
 * @param span the event-time span of the history
 * @param warmupRuns throughput runs done first and thrown away (JIT, caches, file system)
 * @param measuredRuns throughput runs measured; figures are their medians
 * @param liveRate records per second fed to the streaming paths for the latency figures
 * @param liveWarmup the first part of each live run, not measured
 * @param liveFor the measured part of each live run
 * @param servingRate requests per second to the HTTP API, over all clients
 * @param servingClients concurrent clients sending them
 * @param servingWarmup the first part of the serving run, not measured
 * @param servingFor the measured part of the serving run
 */
public record Workload(
    String name,
    long events,
    Duration span,
    int warmupRuns,
    int measuredRuns,
    double liveRate,
    Duration liveWarmup,
    Duration liveFor,
    double servingRate,
    int servingClients,
    Duration servingWarmup,
    Duration servingFor) {

  /** A few minutes on 2 cores: what CI runs after the tests. */
  public static final Workload CI =
      new Workload(
          "ci",
          300_000,
          Duration.ofHours(1),
          1,
          3,
          5_000,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          500,
          8,
          Duration.ofSeconds(5),
          Duration.ofSeconds(20));

  /** 10M events over a day: the figures the targets are about (about 20 minutes on 2 cores). */
  public static final Workload FULL =
      new Workload(
          "full",
          10_000_000,
          Duration.ofDays(1),
          1,
          3,
          5_000,
          Duration.ofSeconds(20),
          Duration.ofSeconds(60),
          500,
          16,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  /** The generated history. */
  public GeneratorOptions history() {
    GeneratorOptions shape = GeneratorOptions.defaults();
    return shape.resized(events, shape.start(), span);
  }
}
