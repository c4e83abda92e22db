package io.lambdakappa.cli;

import picocli.CommandLine.Option;

/** The options of Kappa's streaming query that are not business logic. */
final class KappaOptions {

  @Option(
      names = "--max-batch-records",
      paramLabel = "N",
      defaultValue = "250000",
      description = {
        "The most records one micro-batch reads while catching up, so a replay of history runs",
        "in bounded steps; 0 for no limit (default: ${DEFAULT-VALUE})."
      })
  long maxBatchRecords;
}
