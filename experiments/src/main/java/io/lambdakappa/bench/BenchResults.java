package io.lambdakappa.bench;

import io.lambdakappa.streaming.StreamingViewSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code lk bench} run measured: the content of {@code bench-results.json}. The schema is
 * documented in docs/benchmark.md; fields are only ever added.
 */
public record BenchResults(
    int schemaVersion,
    String workload,
    String runId,
    Instant startedAt,
    Duration wallTime,
    Machine machine,
    Workload settings,
    List<Figure> figures) {

  public static final int SCHEMA_VERSION = 1;

  /** Where it ran: absolute figures only compare between runs on the same kind of machine. */
  public record Machine(int cores, long maxHeapBytes, String java, String os, String spark) {}

  /**
   * One measured figure.
   *
   * @param median the figure: the median of {@code runs}
   * @param runs every measured value (a single one for figures that are themselves percentiles of
   *     many samples, e.g. a latency p99)
   * @param better {@code higher} or {@code lower}
   * @param target the target on 2 cores, or null
   * @param meetsTarget whether the median meets it, or null without a target
   * @param gated whether {@code --baseline} checks it: only the ratios to the raw baseline, which
   *     compare across machines
   */
  public record Figure(
      String name,
      String unit,
      double median,
      List<Double> runs,
      String better,
      Double target,
      Boolean meetsTarget,
      boolean gated) {

    static Figure of(String name, String unit, List<Double> runs, String better, Double target) {
      Double middle =
          StreamingViewSummary.median(runs.stream().mapToDouble(Double::doubleValue).toArray());
      double median = middle == null ? Double.NaN : middle;
      Boolean meets =
          target == null ? null : "higher".equals(better) ? median >= target : median <= target;
      return new Figure(name, unit, median, List.copyOf(runs), better, target, meets, false);
    }

    Figure asGated() {
      return new Figure(name, unit, median, runs, better, target, meetsTarget, true);
    }
  }

  public Optional<Figure> figure(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
