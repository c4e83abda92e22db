package io.lambdakappa.mergeboundary;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.Charts;
import io.lambdakappa.compare.ExperimentReports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes the experiment's folder: {@code results.json}, {@code report.md}, a self-contained {@code
 * report.html} (templates in {@code /experiment}) and its charts. Every number in the report is
 * read from the results.
 */
public final class MergeBoundaryReport {

  private MergeBoundaryReport() {}

  /** One merge at one point, a line of the report's table. */
  record Line(
      String point, String merge, long windows, long exactWindows, long missing, long extra) {}

  private static final Map<String, Function<MergeBoundaryResults.Point, Accuracy>> MERGES =
      Map.of(
          MergeBoundaryResults.LAMBDA, MergeBoundaryResults.Point::lambda,
          MergeBoundaryResults.NO_SEAM, MergeBoundaryResults.Point::noSeam,
          MergeBoundaryResults.TIME, MergeBoundaryResults.Point::time);

  private static final List<String> ORDER =
      List.of(MergeBoundaryResults.LAMBDA, MergeBoundaryResults.NO_SEAM, MergeBoundaryResults.TIME);

  public static Path write(MergeBoundaryResults results, Path folder) {
    Map<String, Object> model = ExperimentReports.begin(folder, results);
    List<Line> lines = new ArrayList<>();
    for (MergeBoundaryResults.Point point : results.points()) {
      for (String merge : ORDER) {
        Accuracy accuracy = MERGES.get(merge).apply(point);
        lines.add(
            new Line(
                point.label(),
                merge,
                accuracy.windows(),
                accuracy.exactWindows(),
                accuracy.missingEvents(),
                accuracy.extraEvents()));
      }
    }
    model.put("lines", lines);
    model.put(
        "twice",
        Charts.write(
            folder,
            "counted-twice.png",
            chart(results, Accuracy::extraEvents, "Events counted twice, per point")));
    model.put(
        "missed",
        Charts.write(
            folder,
            "missed.png",
            chart(results, Accuracy::missingEvents, "Events missed, per point")));
    return ExperimentReports.render("merge-boundary", model, folder);
  }

  private static JFreeChart chart(
      MergeBoundaryResults results, ToLongFunction<Accuracy> figure, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (MergeBoundaryResults.Point point : results.points()) {
      for (String merge : ORDER) {
        data.addValue(figure.applyAsLong(MERGES.get(merge).apply(point)), merge, point.label());
      }
    }
    return Charts.bars(title, "events", data);
  }
}
