package io.lambdakappa.compare;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's report folder: {@code results.json} (the numbers), {@code report.md} and a
 * self-contained {@code report.html} (Mustache templates from {@code /report}), and the charts.
 * Every number in the report is read from the results, so the two can be checked against each
 * other.
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** One row of the classic comparison table. */
  public record Row(String aspect, String lambda, String kappa) {}

  /**
   * An experiment of the debate run with this comparison ({@code lk compare --experiments}): its
   * paragraph, whether it held, and its own report, linked relatively so the folder can move.
   */
  public record ExperimentLink(String name, String story, boolean holds, String href) {}

  public static Path write(CompareResults results, Path folder) {
    return write(results, List.of(), folder);
  }

  public static Path write(CompareResults results, List<ExperimentLink> experiments, Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
    JsonFiles.write(folder.resolve("results.json"), results);
    Map<String, Object> model = model(results, Charts.draw(results, folder));
    // A list of one section or none, so the heading shows only with experiments to list.
    model.put(
        "debate", experiments.isEmpty() ? List.of() : List.of(Map.of("experiments", experiments)));
    render("report/report.md.mustache", model, folder.resolve("report.md"));
    render("report/report.html.mustache", model, folder.resolve("report.html"));
    return folder;
  }

  /** The classic table, filled with this run's numbers. */
  public static List<Row> classicTable(CompareResults r) {
    CompareResults.Architecture lambda = r.lambda();
    CompareResults.Architecture kappa = r.kappa();
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "Pipelines",
            String.format(
                "two: batch recompute and speed layer (this run: %s, one per generation, beside"
                    + " the batch runs)",
                queries(lambda.movingParts().streamingQueries())),
            String.format(
                "one streaming job (this run: %s; a second one runs only while reprocessing)",
                queries(kappa.movingParts().streamingQueries()))));
    if (r.code() != null) {
      long sharedLogic = CodeMetrics.lines(r.code().modules(), CodeMetrics.SHARED_LOGIC);
      long plumbing = CodeMetrics.lines(r.code().modules(), CodeMetrics.SHARED_PLUMBING);
      rows.add(
          new Row(
              "Code duplication",
              String.format(
                  "%,d lines of its own beyond the %,d of shared logic (batch layer, speed layer"
                      + " and their coordinator), on %,d lines of shared plumbing",
                  lines(r, CodeMetrics.LAMBDA), sharedLogic, plumbing),
              String.format(
                  "%,d lines of its own beyond the same shared logic and plumbing; CPD finds %,d"
                      + " duplicated lines across the project (%d fragments between modules)",
                  lines(r, CodeMetrics.KAPPA),
                  r.code().duplicatedLines(),
                  r.code().crossModule().size())));
    }
    rows.add(
        new Row(
            "Latency (event to visible, p50 / p95 / p99)",
            String.format(
                "speed layer %s / %s / %s; batch path: the next scheduled batch run, which took"
                    + " %.1f s",
                seconds(lambda.latency().streamP50Millis()),
                seconds(lambda.latency().streamP95Millis()),
                seconds(lambda.latency().streamP99Millis()),
                lambda.throughput().correctionSeconds()),
            String.format(
                "%s / %s / %s",
                seconds(kappa.latency().streamP50Millis()),
                seconds(kappa.latency().streamP95Millis()),
                seconds(kappa.latency().streamP99Millis()))));
    rows.add(
        new Row(
            "Accuracy with late data (events missing vs the oracle)",
            accuracy(r, "lambda"),
            accuracy(r, "kappa")));
    rows.add(
        new Row(
            "Reprocessing",
            String.format(
                "recompute from the master dataset: %.1f s (%,.0f events/s), the recompute at"
                    + " %.2f of the equal-work Spark job",
                lambda.throughput().correctionSeconds(),
                lambda.throughput().correctionEventsPerSecond(),
                lambda.throughput().correctionVsBaseline().ratio()),
            String.format(
                "replay the log into a new version: %.1f s (%,.0f events/s), at %.2f of the"
                    + " equal-work Spark job",
                kappa.throughput().correctionSeconds(),
                kappa.throughput().correctionEventsPerSecond(),
                kappa.throughput().correctionVsBaseline().ratio())));
    rows.add(new Row("Operational parts", parts(lambda.movingParts()), parts(kappa.movingParts())));
    rows.add(
        new Row(
            "Use case",
            "when the batch answer must be complete and exact whatever the lateness, and a"
                + " separate fast path is worth running",
            "when one code path and replay-to-fix are enough, and the log keeps the history"));
    return rows;
  }

  private static Map<String, Object> model(CompareResults r, Map<String, Charts.Chart> charts) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("results", r);
    model.put("classic", classicTable(r));
    model.put("charts", charts);
    model.put("timeline", r.timeline());
    model.put("sweep", r.watermarkSweep().stream().map(ReportWriter::sweepRow).toList());
    model.put("code", r.code());
    model.put("lambda", r.lambda());
    model.put("kappa", r.kappa());
    model.put("wallSeconds", String.format("%.0f", r.wallTime().toMillis() / 1000.0));
    model.put("window", Charts.format(r.settings().window()));
    model.put("watermark", Charts.format(r.settings().watermark()));
    model.put("verdictText", verdictText(Verdict.of(r.timeline())));
    model.put("accuracyText", accuracyText(r));
    model.put("overTimeText", overTimeText(r));
    model.put("latencyText", latencyText(r));
    model.put("throughputText", throughputText(r));
    model.put("sweepText", sweepText(r));
    model.put("costText", costText(r));
    return model;
  }

  /** The verdict in one sentence, chosen by the verdict itself. */
  static String verdictText(Verdict verdict) {
    if (verdict.passed()) {
      return "Verdict: both architectures are exact on the history and after their correction,"
          + " window for window against the oracle.";
    }
    return "Verdict: NOT EXACT. "
        + verdict.failures().stream()
            .map(failure -> failure.describe().replace(System.lineSeparator(), "; "))
            .collect(java.util.stream.Collectors.joining(" "));
  }

  private static Map<String, String> sweepRow(CompareResults.SweepPoint point) {
    return Map.ofEntries(
        Map.entry("watermark", Charts.format(point.watermark())),
        Map.entry("dropped", String.format("%,d", point.droppedLate())),
        Map.entry("missing", String.format("%.2f%%", point.missingEventsPercent())),
        Map.entry("stateRows", String.format("%,d", point.stateRows())),
        Map.entry("stateBytes", String.format("%,d", point.stateBytes())),
        Map.entry("seconds", String.format("%.1f", point.replaySeconds())),
        Map.entry("batchTime", seconds(point.microBatchMillisP50())),
        Map.entry("finalAfter", Charts.format(point.finalAfter())));
  }

  private static String costText(CompareResults r) {
    CompareResults.Cost lambda = r.lambda().cost();
    CompareResults.Cost kappa = r.kappa().cost();
    return String.format(
        "CPU in each architecture's own phases (history and correction, process CPU): Lambda"
            + " %.1f s, Kappa %.1f s. In the live phase, where both ran side by side, the CPU of"
            + " each one's Spark tasks: Lambda's speed layer %.1f s, Kappa %.1f s. Peak heap:"
            + " Lambda %s, Kappa %s. Storage: Lambda %s; Kappa %s.",
        lambda.cpuSeconds(),
        kappa.cpuSeconds(),
        lambda.liveTaskCpuSeconds(),
        kappa.liveTaskCpuSeconds(),
        mebibytes(lambda.peakHeapBytes()),
        mebibytes(kappa.peakHeapBytes()),
        storage(lambda.storageBytes()),
        storage(kappa.storageBytes()));
  }

  private static String storage(Map<String, Long> bytes) {
    List<String> parts = new ArrayList<>();
    bytes.forEach((store, size) -> parts.add(store + " " + mebibytes(size)));
    return String.join(", ", parts);
  }

  private static String mebibytes(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }

  private static String sweepText(CompareResults r) {
    List<CompareResults.SweepPoint> sweep = r.watermarkSweep();
    if (sweep.isEmpty()) {
      return "";
    }
    CompareResults.SweepPoint first = sweep.get(0);
    CompareResults.SweepPoint last = sweep.get(sweep.size() - 1);
    return String.format(
        "The same log replayed in micro-batches of the same size: with a %s watermark Kappa drops"
            + " %,d events as late (%.2f%%), with %s it drops %,d (%.2f%%). %s %s A window's"
            + " answer is final %s after the window starts, against %s.",
        Charts.format(first.watermark()),
        first.droppedLate(),
        first.missingEventsPercent(),
        Charts.format(last.watermark()),
        last.droppedLate(),
        last.missingEventsPercent(),
        more(
            "Waiting kept",
            last.stateRows(),
            first.stateRows(),
            "state rows at the peak",
            String.format("%,d against %,d", last.stateRows(), first.stateRows())),
        more(
            "The median micro-batch took",
            orNaN(last.microBatchMillisP50()),
            orNaN(first.microBatchMillisP50()),
            "time",
            millis(last.microBatchMillisP50()) + " against " + millis(first.microBatchMillisP50())),
        Charts.format(last.finalAfter()),
        Charts.format(first.finalAfter()));
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  /**
   * "more", "less" or "about as much", chosen from the two numbers (10% either way is the same).
   */
  static String more(String subject, double larger, double smaller, String what, String figures) {
    if (Double.isNaN(larger) || Double.isNaN(smaller)) {
      return subject + " " + what + ": not measured.";
    }
    String word =
        smaller == 0
            ? (larger == 0 ? "about as much" : "more")
            : larger / smaller >= 1.1 ? "more" : larger / smaller <= 0.9 ? "less" : "about as much";
    return String.format("%s %s %s (%s).", subject, word, what, figures);
  }

  private static String accuracyText(CompareResults r) {
    Accuracy lambdaLive = find(r, "lambda", "live");
    Accuracy kappaLive = find(r, "kappa", "live");
    Accuracy lambdaAfter = find(r, "lambda", "corrected");
    Accuracy kappaAfter = find(r, "kappa", "corrected");
    String live =
        lambdaLive.missingEvents() == 0 && kappaLive.missingEvents() == 0
            ? "Live, neither answer missed an event this run."
            : String.format(
                "Live, the streams drop events that arrive behind the watermark: Lambda's answer"
                    + " misses %,d events, Kappa's %,d.",
                lambdaLive.missingEvents(), kappaLive.missingEvents());
    return live
        + " "
        + correction("Lambda", "the next batch run", lambdaAfter)
        + " "
        + correction("Kappa", "a reprocess with a larger watermark", kappaAfter);
  }

  /** The correctness timeline in a sentence, from its samples: the worst moment and the last. */
  static String overTimeText(CompareResults r) {
    List<CompareResults.ServedPoint> points = r.servedOverTime();
    if (points == null || points.isEmpty()) {
      return "";
    }
    CompareResults.ServedPoint last = points.get(points.size() - 1);
    return String.format(
        "Sampled about once a second (%d samples over %.0f s, from the start of the live phase to"
            + " the end of the correction): Lambda's answer missed at most %,d events at a time and"
            + " Kappa's %,d, the events sent but not processed yet and those dropped as late. At"
            + " the last sample, Lambda missed %,d and Kappa %,d.",
        points.size(),
        last.seconds(),
        points.stream().mapToLong(CompareResults.ServedPoint::lambdaMissing).max().orElse(0),
        points.stream().mapToLong(CompareResults.ServedPoint::kappaMissing).max().orElse(0),
        last.lambdaMissing(),
        last.kappaMissing());
  }

  private static String correction(String architecture, String how, Accuracy after) {
    return after.exact()
        ? String.format("%s is exact again after %s.", architecture, how)
        : String.format(
            "%s is still not exact after %s: %,d events missing, %,d extra.",
            architecture, how, after.missingEvents(), after.extraEvents());
  }

  private static String latencyText(CompareResults r) {
    Double lambda = r.lambda().latency().streamP50Millis();
    Double kappa = r.kappa().latency().streamP50Millis();
    return String.format(
            "Event to visible at the median: Lambda's speed layer %s, Kappa %s; %s",
            seconds(lambda),
            seconds(kappa),
            compared(lambda, kappa, "Lambda's speed layer", "Kappa"))
        + String.format(
            " Lambda's batch path is not a stream: an event reaches the batch view at the next"
                + " scheduled batch run after it arrived, and a run took %.1f s here (lk lambda run"
                + " --batch-every sets the schedule).",
            r.lambda().throughput().correctionSeconds());
  }

  /**
   * A comparison of two latencies in words chosen from the numbers: within 10% of each other is
   * "about the same", otherwise which is faster and by how much.
   */
  static String compared(Double first, Double second, String firstName, String secondName) {
    if (first == null || second == null) {
      return "one of them was not measured.";
    }
    double ratio = first / second;
    if (ratio > 0.9 && ratio < 1.1) {
      return "about the same (within 10%): the same engine runs the same logic.";
    }
    return ratio < 1
        ? String.format("%s is faster, %.1fx.", firstName, 1 / ratio)
        : String.format("%s is faster, %.1fx.", secondName, ratio);
  }

  private static String throughputText(CompareResults r) {
    return String.format(
            "On the same %,d history records, Lambda's archive and recompute took %.1f s (%,.0f"
                + " events/s) and Kappa's replay %.1f s (%,.0f events/s). To correct the view after"
                + " the live phase, Lambda's batch run took %.1f s and Kappa's reprocess %.1f s.",
            r.settings().historyRecords(),
            r.lambda().throughput().historySeconds(),
            r.lambda().throughput().historyEventsPerSecond(),
            r.kappa().throughput().historySeconds(),
            r.kappa().throughput().historyEventsPerSecond(),
            r.lambda().throughput().correctionSeconds(),
            r.kappa().throughput().correctionSeconds())
        + " "
        + againstBaselineText(r.lambda().throughput(), r.kappa().throughput());
  }

  /**
   * Whose cost the throughput figures are: each against the hand-written Spark job doing the same
   * work on the same input in this run, and a sentence chosen from the ratios. The judgement uses
   * the correction's pair: by then every part of the JVM and of Spark has run, where on the history
   * the pipelines run first in a fresh JVM and the jobs after them. At {@link #NEAR_ENGINE} or
   * above, a pipeline runs at about the engine's speed and the difference between the two is the
   * architectures'; below, part of it is this implementation's own overhead.
   */
  static String againstBaselineText(
      CompareResults.Throughput lambda, CompareResults.Throughput kappa) {
    CompareResults.AgainstBaseline lambdaWarm = lambda.correctionVsBaseline();
    CompareResults.AgainstBaseline kappaWarm = kappa.correctionVsBaseline();
    String figures =
        String.format(
            "Against the hand-written Spark job that does the same work on the same input in this"
                + " run (1.00 is the engine's own speed here), on everything after the live phase:"
                + " Lambda's %s at %s, Kappa's %s at %s. On the history the pipelines ran first,"
                + " in a fresh JVM, and the jobs after them, so those ratios (%.2f and %.2f) also"
                + " carry the JVM's and Spark's warm-up.",
            lambdaWarm.measured(),
            ratio(lambdaWarm),
            kappaWarm.measured(),
            ratio(kappaWarm),
            lambda.historyVsBaseline().ratio(),
            kappa.historyVsBaseline().ratio());
    List<String> below = new ArrayList<>();
    if (lambdaWarm.ratio() < NEAR_ENGINE) {
      below.add("Lambda's " + lambdaWarm.measured());
    }
    if (kappaWarm.ratio() < NEAR_ENGINE) {
      below.add("Kappa's " + kappaWarm.measured());
    }
    if (below.isEmpty()) {
      return figures
          + " Both run near the engine's speed: the difference between them is the"
          + " architectures', not this implementation's.";
    }
    return figures
        + String.format(
            " %s %s below %.1f: part of %s time is this implementation's overhead (quarantine,"
                + " accounting, view store, state), not the architecture's; read the difference"
                + " between them with that in mind (docs/benchmark.md says where it goes).",
            String.join(" and ", below),
            below.size() == 1 ? "is" : "are",
            NEAR_ENGINE,
            below.size() == 1 ? "its" : "their");
  }

  /** A pipeline at this share of the equal-work job's speed or more runs at the engine's pace. */
  static final double NEAR_ENGINE = 0.9;

  private static String ratio(CompareResults.AgainstBaseline against) {
    return String.format(
        "%.2f (%.1f s; the job %.1f s)",
        against.ratio(), against.pipelineSeconds(), against.baselineSeconds());
  }

  private static Accuracy find(CompareResults r, String architecture, String labelStart) {
    return r.timeline().stream()
        .filter(a -> a.architecture().equals(architecture) && a.label().startsWith(labelStart))
        .findFirst()
        .orElseThrow();
  }

  private static String accuracy(CompareResults r, String architecture) {
    return String.format(
        "live %,d; after %s %,d",
        find(r, architecture, "live").missingEvents(),
        "lambda".equals(architecture) ? "the next batch run" : "a reprocess",
        find(r, architecture, "corrected").missingEvents());
  }

  private static long lines(CompareResults r, String role) {
    return CodeMetrics.lines(r.code().modules(), role);
  }

  private static String queries(long count) {
    return count(count, "streaming query", "streaming queries");
  }

  private static String parts(CompareResults.MovingParts parts) {
    return String.format(
        "this run started %s and %s; %s, %s written, %s; an operator runs: %s",
        queries(parts.streamingQueries()),
        count(parts.sparkJobs(), "Spark job", "Spark jobs"),
        count(parts.modules(), "module", "modules"),
        count(parts.stores(), "store", "stores"),
        count(parts.checkpoints(), "checkpoint folder", "checkpoint folders"),
        String.join(", ", parts.commands()));
  }

  private static String millis(Double millis) {
    return millis == null ? "–" : String.format("%,.0f ms", millis);
  }

  /** "1 store", "3 stores". */
  private static String count(long n, String one, String many) {
    return String.format("%,d %s", n, n == 1 ? one : many);
  }

  static String seconds(Double millis) {
    return millis == null ? "–" : String.format("%.1f s", millis / 1000);
  }

  /** Renders a Mustache template of this class path into {@code file}. */
  public static void render(String template, Map<String, Object> model, Path file) {
    MustacheFactory factory = new DefaultMustacheFactory();
    Mustache mustache = factory.compile(template);
    StringWriter text = new StringWriter();
    mustache.execute(text, model);
    try {
      Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
