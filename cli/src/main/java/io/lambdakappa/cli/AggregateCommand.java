package io.lambdakappa.cli;

import static io.lambdakappa.logic.EventSchema.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import io.lambdakappa.generate.TruthSummary;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.RejectReason;
import io.lambdakappa.logic.WindowAggregation;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.Durations;
import io.lambdakappa.runtime.RawSources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lk aggregate}: the shared logic as a batch job over a folder of event files. It prints the
 * accounting identity, the quarantine by reason, a check against the generator's truth, and the
 * busiest windows.
 */
@Command(
    name = "aggregate",
    mixinStandardHelpOptions = true,
    description =
        "Runs the shared logic (validate, deduplicate, window) as a batch over event files.")
final class AggregateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin WorkspaceOption workspaceOption;
  @Mixin SparkOption sparkOption;
  @Mixin LogicOptions logicOptions;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Folder of *.jsonl files (default: <workdir>/data).")
  Path input;

  int top;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the busiest windows to show (default: ${DEFAULT-VALUE}).")
  void setTop(int value) {
    top = Ranges.check(spec, "--top", value, 0, Integer.MAX_VALUE);
  }

  @Override
  public Integer call() {
    Path folder = input != null ? input : workspaceOption.workspace().data();
    if (!Files.isDirectory(folder) || !hasJsonLines(folder)) {
      throw new ParameterException(
          spec.commandLine(),
          "no dataset at " + folder + "; run `lk generate` first, or pass --input DIR");
    }
    List<String> files = RawSources.listJsonLines(folder);
    PrintWriter out = spec.commandLine().getOut();
    long sparkStart = System.nanoTime();
    SparkSession spark = sparkOption.session("lk-aggregate");
    long began = System.nanoTime();
    Dataset<Row> raw = RawSources.jsonLinesFiles(spark, folder).cache();
    EventPipeline.Output output = new EventPipeline(logicOptions.config()).apply(raw);
    Dataset<Row> metrics = output.metrics().cache();

    long read = raw.count();
    Map<RejectReason, Long> quarantined = quarantineByReason(output.quarantined());
    long rejected = quarantined.values().stream().mapToLong(Long::longValue).sum();
    long valid = read - rejected;
    Row totals = metrics.agg(functions.sum(EVENTS), functions.count(functions.lit(1))).first();
    long counted = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long windows = totals.getLong(1);
    double seconds = (System.nanoTime() - began) / 1e9;

    out.printf(
        "read %,d records from %d file(s) in %s in %.1f s, %,.0f records/s"
            + " (Spark started in %.1f s before that)%n",
        read,
        files.size(),
        folder,
        seconds,
        read / Math.max(seconds, 1e-9),
        (began - sparkStart) / 1e9);
    out.printf("  read        %,12d = valid + quarantined = %,d + %,d%n", read, valid, rejected);
    out.printf(
        "  valid       %,12d = counted + duplicates = %,d + %,d (a batch drops nothing as late)%n",
        valid, counted, valid - counted);
    out.printf("  quarantined %,12d  %s%n", rejected, describe(quarantined));
    out.printf(
        "  %,d windows of %s over %d keys%n",
        windows, Durations.format(logicOptions.window), metrics.select(KEY).distinct().count());
    checkAgainstTruth(folder, counted, valid - counted, quarantined, out);

    out.printf("%nbusiest windows:%n");
    metrics
        .orderBy(desc(EVENTS), col(KEY), col(WINDOW_START))
        .select(
            col(KEY),
            col(WINDOW_START),
            col(EVENTS),
            col(VALUE_SUM),
            col(VALUE_MIN),
            col(VALUE_MAX),
            functions.round(WindowAggregation.distinctUsers()).cast("long").as("users"))
        .limit(top)
        .collectAsList()
        .forEach(
            row ->
                out.printf(
                    "  %-8s %s  %,8d events  sum %,14.2f  min %8.2f  max %9.2f  ~%,d users%n",
                    row.get(0),
                    row.getTimestamp(1).toInstant(),
                    row.getLong(2),
                    row.getDecimal(3),
                    row.getDecimal(4),
                    row.getDecimal(5),
                    row.getLong(6)));
    raw.unpersist();
    metrics.unpersist();
    return 0;
  }

  private static boolean hasJsonLines(Path folder) {
    try (var entries = Files.list(folder)) {
      return entries.anyMatch(path -> path.toString().endsWith(".jsonl"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static Map<RejectReason, Long> quarantineByReason(Dataset<Row> quarantined) {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      byReason.put(reason, 0L);
    }
    for (Row row : quarantined.groupBy(REASON).count().collectAsList()) {
      byReason.put(RejectReason.valueOf(row.getString(0)), row.getLong(1));
    }
    return byReason;
  }

  private static String describe(Map<RejectReason, Long> byReason) {
    StringBuilder text = new StringBuilder();
    byReason.forEach(
        (reason, count) -> {
          if (count > 0) {
            text.append(text.length() == 0 ? "" : ", ").append(reason).append(' ').append(count);
          }
        });
    return text.toString();
  }

  /**
   * When the data came from {@code lk generate}, says whether the pipeline accounted for it
   * exactly.
   */
  private static void checkAgainstTruth(
      Path folder,
      long counted,
      long duplicates,
      Map<RejectReason, Long> quarantined,
      PrintWriter out) {
    Path truthFile = folder.resolve(DatasetWriter.TRUTH_FILE);
    if (!Files.exists(truthFile)) {
      return;
    }
    TruthSummary truth = DatasetWriter.readTruth(truthFile);
    boolean matches =
        truth.uniqueEvents() == counted
            && truth.duplicates() == duplicates
            && truth.malformed().equals(quarantined);
    out.printf(
        "  against %s: %s%n",
        DatasetWriter.TRUTH_FILE,
        matches
            ? "every event, duplicate and bad record accounted for exactly"
            : String.format(
                "MISMATCH (truth: %,d unique, %,d duplicates, %s)",
                truth.uniqueEvents(), truth.duplicates(), truth.malformed()));
  }
}
