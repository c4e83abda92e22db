package io.lambdakappa.baddeploy;

import io.lambdakappa.compare.Accuracy;
import io.lambdakappa.compare.Charts;
import io.lambdakappa.compare.ExperimentReports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes the experiment's folder: {@code results.json}, {@code report.md}, a self-contained {@code
 * report.html} (templates in {@code /experiment}) and its charts. Every number in the report is
 * read from the results.
 */
public final class BadDeployReport {

  private BadDeployReport() {}

  /** One moment of the timeline, a line of the report's table. */
  record Line(
      String seconds,
      String label,
      long lambdaWrong,
      long lambdaMissing,
      long kappaWrong,
      long kappaMissing,
      long windows) {}

  /** One architecture, a line of the summary table. */
  record Summary(
      String name,
      String deploy,
      String fix,
      long peakWrongWindows,
      String wrongWindowMinutes,
      String fixSeconds,
      String fixCpuSeconds,
      String rebuiltFrom,
      String afterFix,
      long missingAtTheEnd) {}

  public static Path write(BadDeployResults results, Path folder) {
    Map<String, Object> model = ExperimentReports.begin(folder, results);
    model.put("badCap", BadDeployResults.plain(results.settings().badMaxValue()));
    List<Line> lines = new ArrayList<>();
    for (BadDeployResults.Moment moment : results.timeline()) {
      lines.add(
          new Line(
              String.format("%.1f", moment.seconds()),
              moment.label(),
              BadDeployResults.wrongWindows(moment.lambda()),
              moment.lambda().missingEvents(),
              BadDeployResults.wrongWindows(moment.kappa()),
              moment.kappa().missingEvents(),
              moment.lambda().windows()));
    }
    model.put("lines", lines);
    List<Summary> summaries = new ArrayList<>();
    for (BadDeployResults.Architecture architecture : results.architectures()) {
      Accuracy after = architecture.afterFix();
      summaries.add(
          new Summary(
              architecture.name(),
              String.join("; ", architecture.deployCommands()),
              String.join("; ", architecture.fixCommands()),
              results.peakWrongWindows(architecture.name()),
              String.format("%,.0f", results.wrongWindowMinutes(architecture.name())),
              String.format("%.1f", architecture.fixSeconds()),
              String.format("%.1f", architecture.fixCpuSeconds()),
              String.format(
                  "its %s, %,.1f MB",
                  architecture.rebuiltFrom(), architecture.rebuiltFromBytes() / 1e6),
              after.exact()
                  ? "exact"
                  : String.format(
                      "%,d of %,d windows wrong",
                      BadDeployResults.wrongWindows(after), after.windows()),
              architecture.end().missingEvents()));
    }
    model.put("summaries", summaries);
    model.put(
        "wrong",
        Charts.write(
            folder,
            "wrong-windows.png",
            timeline(
                results,
                BadDeployResults::wrongWindows,
                "Windows served wrong, against the oracle",
                "windows wrong")));
    model.put(
        "missing",
        Charts.write(
            folder,
            "missing-events.png",
            timeline(
                results,
                Accuracy::missingEvents,
                "Events missing from the served answer",
                "events missing")));
    return ExperimentReports.render("bad-deploy", model, folder);
  }

  private static JFreeChart timeline(
      BadDeployResults results, ToLongFunction<Accuracy> figure, String title, String axis) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (String name : List.of("lambda", "kappa")) {
      XYSeries series = new XYSeries(name);
      for (BadDeployResults.Moment moment : results.timeline()) {
        series.add(moment.seconds(), figure.applyAsLong(moment.of(name)));
      }
      data.addSeries(series);
    }
    List<Charts.Moment> moments = new ArrayList<>();
    for (BadDeployResults.Architecture architecture : results.architectures()) {
      String name = architecture.name();
      moments.add(new Charts.Moment(architecture.deployedAtSeconds(), name + ": bug", name));
      moments.add(new Charts.Moment(architecture.fixedAtSeconds(), name + ": fix", name));
    }
    return Charts.steps(title, "seconds since the run started", axis, data, moments);
  }
}
