package io.lambdakappa.exactlyonce;

import io.lambdakappa.compare.Charts;
import io.lambdakappa.compare.ExperimentReports;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes the experiment's folder: {@code results.json}, {@code report.md}, a self-contained {@code
 * report.html} (templates in {@code /experiment}) and its two charts. Every number in the report is
 * read from the results.
 */
public final class ExactlyOnceReport {

  private ExactlyOnceReport() {}

  public static Path write(ExactlyOnceResults results, Path folder) {
    Map<String, Object> model = ExperimentReports.begin(folder, results);
    model.put("killsLanded", results.killsLanded());
    model.put("eventsWrittenTwice", results.appended().eventsWrittenTwice());
    model.put("sinks", Map.of("upsert", results.upsert(), "append", results.append()));
    model.put("doubled", Charts.write(folder, "counted-twice.png", countedTwice(results)));
    model.put("perKill", Charts.write(folder, "per-kill.png", perKill(results)));
    return ExperimentReports.render("exactly-once", model, folder);
  }

  private static org.jfree.chart.JFreeChart countedTwice(ExactlyOnceResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String after = results.killsLanded() + " kills";
    data.addValue(results.upsert().extraEvents(), "idempotent upsert", after);
    data.addValue(results.append().extraEvents(), "naive append", after);
    return Charts.bars("Events counted twice, against the oracle", "events", data);
  }

  private static org.jfree.chart.JFreeChart perKill(ExactlyOnceResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (ExactlyOnceResults.Kill kill : results.kills()) {
      data.addValue(kill.eventsAppendedAgain(), "naive append", "kill " + kill.number());
    }
    return Charts.bars(
        "Events the naive sink wrote again after each kill", "events written twice", data);
  }
}
