package io.lambdakappa.retention;

import io.lambdakappa.compare.Charts;
import io.lambdakappa.compare.ExperimentReports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes the experiment's folder: {@code results.json}, {@code report.md}, a self-contained {@code
 * report.html} (templates in {@code /experiment}) and its charts. Every number in the report is
 * read from the results.
 */
public final class RetentionCliffReport {

  private RetentionCliffReport() {}

  /** One architecture's line of the report's table. */
  record Line(
      String name,
      String howItCorrects,
      String seconds,
      String storage,
      long missingEvents,
      long extraEvents,
      long windows,
      long exactWindows) {}

  public static Path write(RetentionCliffResults results, Path folder) {
    Map<String, Object> model = ExperimentReports.begin(folder, results);
    model.put(
        "deletedPercent",
        String.format(
            "%.0f",
            100.0
                * results.log().recordsDeleted()
                / Math.max(1, results.log().recordsPublished())));
    model.put("lines", lines(results.architectures()));
    model.put("lost", Charts.write(folder, "events-lost.png", lost(results)));
    model.put("storage", Charts.write(folder, "storage.png", storage(results)));
    return ExperimentReports.render("retention-cliff", model, folder);
  }

  private static List<Line> lines(List<RetentionCliffResults.Architecture> architectures) {
    return architectures.stream()
        .map(
            a ->
                new Line(
                    a.name(),
                    a.howItCorrects(),
                    String.format("%.1f", a.correctionSeconds()),
                    Durations.bytes(a.storageTotal()),
                    a.accuracy().missingEvents(),
                    a.accuracy().extraEvents(),
                    a.accuracy().windows(),
                    a.accuracy().exactWindows()))
        .toList();
  }

  private static JFreeChart lost(RetentionCliffResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RetentionCliffResults.Architecture a : results.architectures()) {
      data.addValue(a.accuracy().missingEvents(), a.name(), "events lost");
    }
    return Charts.bars("Events lost by the reprocess, against the oracle", "events", data);
  }

  private static JFreeChart storage(RetentionCliffResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RetentionCliffResults.Architecture a : results.architectures()) {
      a.storageBytes()
          .forEach((part, bytes) -> data.addValue(bytes / (double) (1 << 20), part, a.name()));
    }
    return Charts.bars("What each keeps to be able to reprocess (MiB)", "MiB", data);
  }
}
