package io.lambdakappa.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's sentence on whose cost the throughput is, chosen from the measured ratios. */
class AgainstBaselineTextTest {

  @Test
  void allNearTheEngineSaysTheDifferenceIsTheArchitectures() {
    String text = ReportWriter.againstBaselineText(lambda(4.0, 3.8), kappa(5.0, 4.6));

    assertThat(text)
        .contains("Lambda's recompute at 0.95 (4.0 s; the job 3.8 s)")
        .contains("Kappa's replay at 0.92 (5.0 s; the job 4.6 s)")
        .contains("the difference between them is the architectures'")
        .doesNotContain("overhead");
  }

  @Test
  void onePipelineBelowTheEngineSaysPartOfTheTimeIsOurs() {
    String text = ReportWriter.againstBaselineText(lambda(4.0, 3.8), kappa(10.0, 5.0));

    assertThat(text)
        .contains("Kappa's replay at 0.50 (10.0 s; the job 5.0 s)")
        .contains("Kappa's replay is below 0.9: part of its time is this implementation's")
        .doesNotContain("Lambda's recompute is below")
        .doesNotContain("the difference between them is the architectures'");
  }

  @Test
  void theHistorysColdRatiosAreShownButDoNotDecide() {
    CompareResults.AgainstBaseline cold =
        CompareResults.AgainstBaseline.of("recompute", 10.0, "the batch job", 3.0);
    CompareResults.AgainstBaseline warm =
        CompareResults.AgainstBaseline.of("recompute", 4.0, "the batch job", 3.8);
    CompareResults.Throughput lambda =
        new CompareResults.Throughput(5, 40_000, 6, 40_000, 9_000, cold, warm);

    String text = ReportWriter.againstBaselineText(lambda, kappa(5.0, 4.6));

    assertThat(text)
        .contains("so those ratios (0.30 and 0.92) also carry the JVM's and Spark's warm-up")
        .contains("Both run near the engine's speed");
  }

  private static CompareResults.Throughput lambda(double pipeline, double baseline) {
    CompareResults.AgainstBaseline against =
        CompareResults.AgainstBaseline.of("recompute", pipeline, "the batch job", baseline);
    return new CompareResults.Throughput(5, 40_000, 6, 40_000, 9_000, against, against);
  }

  private static CompareResults.Throughput kappa(double pipeline, double baseline) {
    CompareResults.AgainstBaseline against =
        CompareResults.AgainstBaseline.of("replay", pipeline, "the batch job", baseline);
    return new CompareResults.Throughput(5, 40_000, 6, 40_000, 9_000, against, against);
  }
}
