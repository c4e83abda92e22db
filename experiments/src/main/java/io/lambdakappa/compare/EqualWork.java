package io.lambdakappa.compare;

import io.lambdakappa.baseline.RawBaseline;
import io.lambdakappa.batch.BatchViewManifest;
import io.lambdakappa.batch.MasterDataset;
import io.lambdakappa.harness.ArchitectureHarness;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import java.time.Duration;

/**
 * Whose cost is it? Right after each architecture turns the log into a view, the hand-written Spark
 * job that does the same work ({@link RawBaseline}: parse, the contract's checks, each event once,
 * the windows, and nothing else) runs on the same input in the same process, so each throughput
 * figure of the report carries its ratio to what the engine does alone on this machine at this
 * moment. A ratio near 1 says the time is the engine's and the work's; what is below it is what the
 * pipeline adds (its quarantine, its accounting, its view store, its state).
 *
 * <ul>
 *   <li>Lambda's recompute against the job over the master dataset's files (the archive that comes
 *       before it is the architecture's own cost, reported beside it);
 *   <li>Kappa's replay against the job over the topic, read as one bounded batch.
 * </ul>
 *
 * Both jobs must count what the batch view counts, or the ratio would compare unequal work and the
 * run stops. They run once each, after the pipelines have warmed the JVM: {@code lk bench} is the
 * place for medians over repeated runs.
 */
final class EqualWork {

  private final ArchitectureHarness harness;
  private final RawBaseline baseline;

  EqualWork(ArchitectureHarness harness, Duration window) {
    this.harness = harness;
    this.baseline = new RawBaseline(harness.spark(), window);
  }

  /** Both baselines over everything published so far, whose batch view is {@code view}. */
  Times measure(BatchViewManifest view) {
    RawBaseline.Totals counted = baseline.totals(view.path());
    DataPath output = harness.workspace().baselines();

    long began = System.nanoTime();
    MasterDataset master = new MasterDataset(harness.workspace().master());
    RawBaseline.Totals files =
        baseline.aggregateParquet(master.logged(harness.spark()), output.resolve("batch"));
    double filesSeconds = (System.nanoTime() - began) / 1e9;
    files.requireEqualTo(counted, "the batch job over the master dataset");

    began = System.nanoTime();
    RawBaseline.Totals topic =
        baseline.aggregateKafka(
            harness.bootstrapServers(), harness.topic(), output.resolve("kafka"));
    double topicSeconds = (System.nanoTime() - began) / 1e9;
    topic.requireEqualTo(counted, "the batch job over the topic");

    DataFiles.deleteRecursively(output);
    return new Times(filesSeconds, topicSeconds);
  }

  /**
   * The baselines' times.
   *
   * @param masterDatasetSeconds the job over the master dataset's files: Lambda's recompute's equal
   *     work
   * @param topicSeconds the job over the topic: Kappa's replay's equal work
   */
  record Times(double masterDatasetSeconds, double topicSeconds) {}
}
