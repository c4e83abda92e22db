package io.lambdakappa.exactlyonce;

import io.lambdakappa.compare.Charts;
import io.lambdakappa.compare.ReportWriter;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    JsonFiles.write(folder.resolve("results.json"), results);
    Map<String, Object> model = new HashMap<>();
    model.put("results", results);
    model.put("story", results.story());
    model.put("holds", results.holds());
    model.put("wallSeconds", Math.round(results.wallTime().toMillis() / 1000.0));
    model.put("killsLanded", results.killsLanded());
    model.put("eventsWrittenTwice", results.appended().eventsWrittenTwice());
    model.put("sinks", Map.of("upsert", results.upsert(), "append", results.append()));
    model.put("doubled", Charts.write(folder, "counted-twice.png", countedTwice(results)));
    model.put("perKill", Charts.write(folder, "per-kill.png", perKill(results)));
    ReportWriter.render("experiment/exactly-once.md.mustache", model, folder.resolve("report.md"));
    ReportWriter.render(
        "experiment/exactly-once.html.mustache", model, folder.resolve("report.html"));
    return folder;
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
