package io.lambdakappa.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a run with a committed baseline run. Only the gated figures count: the ratios of the
 * pipelines to the raw baseline measured in the same run, which stay put when the machine changes
 * and move when our code does. A figure regresses when it is worse than the baseline's by more than
 * the tolerance (a fraction: 0.25 lets a ratio fall from 0.80 to 0.60 before failing).
 */
public final class RegressionGate {

  /** One gated figure, then and now. */
  public record Check(
      String name, double baseline, double current, double change, boolean regressed) {}

  private RegressionGate() {}

  public static List<Check> check(BenchResults baseline, BenchResults current, double tolerance) {
    List<Check> checks = new ArrayList<>();
    for (BenchResults.Figure then : baseline.figures()) {
      if (!then.gated()) {
        continue;
      }
      Optional<BenchResults.Figure> now = current.figure(then.name());
      if (now.isEmpty()) {
        throw new IllegalArgumentException(
            "the baseline has " + then.name() + " but this run did not measure it");
      }
      double change = now.get().median() / then.median() - 1;
      boolean regressed = "higher".equals(then.better()) ? change < -tolerance : change > tolerance;
      checks.add(new Check(then.name(), then.median(), now.get().median(), change, regressed));
    }
    return checks;
  }
}
