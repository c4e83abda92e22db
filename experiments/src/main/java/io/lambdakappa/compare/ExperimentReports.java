package io.lambdakappa.compare;

import io.lambdakappa.harness.ExperimentResults;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What every experiment's report folder has: its {@code results.json}, a model with the results,
 * the paragraph and the verdict, and a {@code report.md} and a self-contained {@code report.html}
 * rendered from the experiment's two templates.
 */
public final class ExperimentReports {

  private ExperimentReports() {}

  /**
   * Creates {@code folder}, writes {@code results.json}, and returns the model every template
   * reads: {@code results}, {@code story}, {@code holds} and {@code wallSeconds}.
   */
  public static Map<String, Object> begin(Path folder, ExperimentResults results) {
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
    return model;
  }

  /** Renders {@code experiment/NAME.md.mustache} and {@code .html.mustache} into the folder. */
  public static Path render(String name, Map<String, Object> model, Path folder) {
    ReportWriter.render("experiment/" + name + ".md.mustache", model, folder.resolve("report.md"));
    ReportWriter.render(
        "experiment/" + name + ".html.mustache", model, folder.resolve("report.html"));
    return folder;
  }
}
