package io.lambdakappa.cli;

import io.lambdakappa.batch.BatchLayer;
import io.lambdakappa.batch.MasterDataset;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.runtime.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lk lambda batch}: one run of the batch layer (archive, recompute, publish). */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Archives the topic's new records into the master dataset, recomputes a batch view from all",
      "of it and publishes it atomically. With --from-files, loads event files instead."
    })
final class LambdaBatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin KafkaOption kafkaOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;

  @Option(
      names = "--from-files",
      paramLabel = "DIR",
      description = "Load *.jsonl event files (generated or imported) into the master dataset.")
  Path fromFiles;

  int keep;

  @Option(
      names = "--keep",
      paramLabel = "N",
      defaultValue = "3",
      description = "Batch view versions to keep (default: ${DEFAULT-VALUE}).")
  void setKeep(int value) {
    keep = Ranges.atLeast(spec, "--keep", value, 2);
  }

  @Override
  public Integer call() {
    if (fromFiles != null && !Files.isDirectory(fromFiles)) {
      throw new ParameterException(spec.commandLine(), "--from-files: no such folder " + fromFiles);
    }
    Workspace workspace = workspaceOption.workspace();
    SparkSession spark = sparkOption.session("lk-lambda-batch");
    BatchLayer batchLayer =
        new BatchLayer(
            spark,
            new EventPipeline(logicOptions.config()),
            new MasterDataset(workspace.master()),
            LambdaPipeline.catalog(workspace),
            keep);
    BatchLayer.Run run;
    try (KafkaOption.Connection kafka = kafkaOption.connect(workspace)) {
      run =
          fromFiles != null
              ? batchLayer.bootstrapFromFiles(
                  fromFiles, kafka.bootstrapServers(), kafkaOption.topic, Set.of())
              : batchLayer.run(kafka.bootstrapServers(), kafkaOption.topic, Set.of());
    }
    run.printTo(spec.commandLine().getOut());
    return 0;
  }
}
