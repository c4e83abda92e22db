package io.lambdakappa.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart as PNG files beside the report and embedded in the
 * HTML as data URIs, so the page needs no network and no other file.
 */
public final class Charts {

  static final Color LAMBDA = new Color(0x1f77b4);
  static final Color KAPPA = new Color(0xff7f0e);
  static final Color LAMBDA_BATCH = new Color(0x9ecae1);
  private static final int WIDTH = 720;
  private static final int HEIGHT = 340;

  /** A chart written to its file, and the same PNG as a data URI for the HTML. */
  public record Chart(String file, String dataUri) {}

  private Charts() {}

  /** Every chart of the report, by name. */
  static Map<String, Chart> draw(CompareResults results, Path folder) {
    Map<String, Chart> charts = new LinkedHashMap<>();
    charts.put("accuracy", write(folder, "accuracy.png", accuracy(results)));
    if (results.servedOverTime() != null && !results.servedOverTime().isEmpty()) {
      charts.put("overTime", write(folder, "missing-over-time.png", missingOverTime(results)));
    }
    charts.put("latency", write(folder, "latency.png", latency(results)));
    charts.put("throughput", write(folder, "throughput.png", throughput(results)));
    if (!results.watermarkSweep().isEmpty()) {
      charts.put("sweep", write(folder, "watermark-sweep.png", sweep(results)));
    }
    if (results.code() != null) {
      charts.put("code", write(folder, "code.png", code(results)));
    }
    return charts;
  }

  private static JFreeChart accuracy(CompareResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Accuracy point : results.timeline()) {
      data.addValue(point.missingEvents(), point.architecture(), point.label());
    }
    return bars(
        "Events missing from the served answer, against the oracle", "events missing", data);
  }

  /** Events missing from each architecture's answer, every second of the live phase and after. */
  private static JFreeChart missingOverTime(CompareResults results) {
    XYSeries lambda = new XYSeries("lambda");
    XYSeries kappa = new XYSeries("kappa");
    for (CompareResults.ServedPoint point : results.servedOverTime()) {
      lambda.add(point.seconds(), point.lambdaMissing());
      kappa.add(point.seconds(), point.kappaMissing());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(lambda);
    data.addSeries(kappa);
    long liveRecords = results.dataset().liveRecords();
    List<Moment> moments =
        results.servedOverTime().stream()
            .filter(point -> point.recordsSent() == liveRecords)
            .findFirst()
            .map(point -> List.of(new Moment(point.seconds(), "all live records sent", "both")))
            .orElse(List.of());
    return steps(
        "Events missing from the served answer, over the live phase and the correction",
        "seconds since the live phase began",
        "events missing",
        data,
        moments);
  }

  private static JFreeChart latency(CompareResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    CompareResults.Latency lambda = results.lambda().latency();
    CompareResults.Latency kappa = results.kappa().latency();
    add(data, lambda.streamP50Millis(), "lambda: speed layer", "p50");
    add(data, lambda.streamP95Millis(), "lambda: speed layer", "p95");
    add(data, lambda.streamP99Millis(), "lambda: speed layer", "p99");
    add(data, kappa.streamP50Millis(), "kappa", "p50");
    add(data, kappa.streamP95Millis(), "kappa", "p95");
    add(data, kappa.streamP99Millis(), "kappa", "p99");
    return bars("Event-to-visible latency (seconds)", "seconds", scaled(data, 1000));
  }

  private static JFreeChart throughput(CompareResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    data.addValue(
        results.lambda().throughput().historySeconds(), "lambda", "history: recompute / replay");
    data.addValue(
        results.kappa().throughput().historySeconds(), "kappa", "history: recompute / replay");
    data.addValue(
        results.lambda().throughput().correctionSeconds(),
        "lambda",
        "correction: batch run / reprocess");
    data.addValue(
        results.kappa().throughput().correctionSeconds(),
        "kappa",
        "correction: batch run / reprocess");
    return bars("Time to a corrected view on the same events (seconds)", "seconds", data);
  }

  private static JFreeChart sweep(CompareResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (CompareResults.SweepPoint point : results.watermarkSweep()) {
      String delay = format(point.watermark());
      data.addValue(point.droppedLate(), "dropped as late", delay);
      data.addValue(point.stateRows(), "state rows (peak)", delay);
    }
    return bars("Kappa replay per watermark delay", "count", data);
  }

  private static JFreeChart code(CompareResults results) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (CodeMetrics.Module module : results.code().modules()) {
      data.addValue(module.mainLines(), module.role(), module.name());
    }
    return bars("Lines of code per part, by what it serves (main code)", "lines", data);
  }

  private static void add(
      DefaultCategoryDataset data, Double value, String series, String category) {
    if (value != null) {
      data.addValue(value, series, category);
    }
  }

  private static DefaultCategoryDataset scaled(DefaultCategoryDataset data, double divisor) {
    DefaultCategoryDataset scaled = new DefaultCategoryDataset();
    for (Object row : data.getRowKeys()) {
      for (Object column : data.getColumnKeys()) {
        Number value = data.getValue((Comparable<?>) row, (Comparable<?>) column);
        if (value != null) {
          scaled.addValue(
              value.doubleValue() / divisor, (Comparable<?>) row, (Comparable<?>) column);
        }
      }
    }
    return scaled;
  }

  /** A bar chart in the report's style: Lambda's series in blue, Kappa's in orange. */
  public static JFreeChart bars(String title, String axis, DefaultCategoryDataset data) {
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, axis, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int series = 0; series < data.getRowCount(); series++) {
      renderer.setSeriesPaint(series, color(data.getRowKey(series).toString(), series));
    }
    return chart;
  }

  /**
   * A timeline in the report's style: each series a step line over wall time (a value holds until
   * the next measurement), Lambda in blue and Kappa in orange.
   */
  /** A moment marked on a timeline: a dashed vertical line, in its series' colour, labelled. */
  public record Moment(double at, String label, String series) {}

  public static JFreeChart steps(
      String title, String timeAxis, String axis, XYSeriesCollection data, List<Moment> moments) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, timeAxis, axis, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYStepRenderer renderer = new XYStepRenderer();
    for (int series = 0; series < data.getSeriesCount(); series++) {
      renderer.setSeriesPaint(series, color(data.getSeriesKey(series).toString(), series));
      renderer.setSeriesStroke(series, new BasicStroke(2f));
      renderer.setSeriesShapesVisible(series, true);
    }
    plot.setRenderer(renderer);
    for (Moment moment : moments) {
      ValueMarker marker =
          new ValueMarker(
              moment.at(),
              color(moment.series(), 0),
              new BasicStroke(
                  1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
      marker.setLabel(moment.label());
      marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(marker);
    }
    return chart;
  }

  /** Lambda in blues, Kappa in orange, what both share in grey; other series by position. */
  private static Color color(String series, int index) {
    if (series.startsWith("kappa")) {
      return KAPPA;
    }
    if (series.startsWith("lambda: batch")) {
      return LAMBDA_BATCH;
    }
    if (series.startsWith("lambda")) {
      return LAMBDA;
    }
    if (series.equals("both")) {
      return Color.GRAY;
    }
    return index == 0 ? LAMBDA : KAPPA;
  }

  /** Writes {@code chart} to {@code folder/file} as PNG, and returns it as a data URI too. */
  public static Chart write(Path folder, String file, JFreeChart chart) {
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
      Files.write(folder.resolve(file), png.toByteArray());
      return new Chart(
          file, "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw " + file, e);
    }
  }

  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return "0s";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
