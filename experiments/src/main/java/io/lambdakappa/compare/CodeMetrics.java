package io.lambdakappa.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.sourceforge.pmd.cpd.CPDConfiguration;
import net.sourceforge.pmd.cpd.CpdAnalysis;
import net.sourceforge.pmd.cpd.Mark;
import net.sourceforge.pmd.cpd.Match;

/**
 * The "Lambda needs two codebases" row of the classic table, measured on this project's own
 * sources: lines of code per part (main code, tests apart), each counted where it serves, and the
 * duplication PMD's copy-paste detector (CPD) finds between modules.
 *
 * <p>A part is a module or a package of one. Each serves one role: {@value #LAMBDA} or {@value
 * #KAPPA} (what only that architecture needs), {@value #SHARED_LOGIC} (the business logic both run,
 * the one place a change of logic is made), {@value #SHARED_PLUMBING} (what both run on: Spark
 * sessions, the broker, sources and sinks, the store and the API), or {@value #TOOLING} (the
 * generator, the importer, the experiments and the command line, which neither architecture needs
 * to run).
 */
public final class CodeMetrics {

  public static final String LAMBDA = "lambda";
  public static final String KAPPA = "kappa";
  public static final String SHARED_LOGIC = "shared logic";
  public static final String SHARED_PLUMBING = "shared plumbing";
  public static final String TOOLING = "tooling";

  /** A module, or packages of one (relative to its {@code src/main/java/io/lambdakappa}). */
  record Part(String name, String role, String module, List<String> packages) {}

  /** The parts, in the order the report lists them. */
  static final List<Part> PARTS =
      List.of(
          new Part("common-logic: logic", SHARED_LOGIC, "common-logic", List.of("logic")),
          new Part("common-logic: engine", SHARED_PLUMBING, "common-logic", List.of("engine")),
          new Part("runtime", SHARED_PLUMBING, "runtime", List.of()),
          new Part("stream-to-store", SHARED_PLUMBING, "stream-to-store", List.of()),
          new Part("serving-layer", SHARED_PLUMBING, "serving-layer", List.of()),
          new Part("batch-layer", LAMBDA, "batch-layer", List.of()),
          new Part("speed-layer", LAMBDA, "speed-layer", List.of()),
          new Part("lambda-architecture", LAMBDA, "lambda-architecture", List.of()),
          new Part("kappa-pipeline", KAPPA, "kappa-pipeline", List.of()),
          new Part(
              "common-logic: generate, importer",
              TOOLING,
              "common-logic",
              List.of("generate", "importer")),
          new Part("experiments", TOOLING, "experiments", List.of()),
          new Part("cli", TOOLING, "cli", List.of()));

  /**
   * The modules each architecture needs to run, for the report's moving parts: its own, the shared
   * ones, and {@code cli}, the command an operator runs it with ("both" for the shared ones). The
   * experiments are not among them: neither architecture needs them to run.
   */
  public static final Map<String, String> MODULES =
      Map.of(
          "common-logic",
          "both",
          "runtime",
          "both",
          "stream-to-store",
          "both",
          "serving-layer",
          "both",
          "batch-layer",
          LAMBDA,
          "speed-layer",
          LAMBDA,
          "lambda-architecture",
          LAMBDA,
          "kappa-pipeline",
          KAPPA,
          "cli",
          "both");

  /** CPD's minimum duplicate size, in tokens (PMD's default is 100; smaller finds more). */
  static final int MINIMUM_TOKENS = 50;

  /**
   * One part's lines of code: non-blank lines that are not only a comment.
   *
   * @param role what it serves: one of the roles above
   */
  public record Module(String name, String role, long mainLines, long testLines) {}

  /** One duplicated fragment found by CPD, and the modules it appears in. */
  public record Duplicate(int lines, int tokens, Set<String> modules, List<String> places) {}

  /**
   * @param sharedLogicShare the shared logic's main lines over all main lines
   * @param duplicatedLines lines inside duplicated fragments (each copy after the first counted)
   * @param crossModule duplicates found in more than one module
   */
  public record Report(
      List<Module> modules,
      long mainLines,
      double sharedLogicShare,
      int minimumTokens,
      long duplicatedLines,
      double duplicatedShare,
      List<Duplicate> duplicates,
      List<Duplicate> crossModule) {}

  private CodeMetrics() {}

  /** The project's root (the folder with the parent pom), looking up from {@code start}. */
  public static Optional<Path> projectRoot(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("common-logic"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  public static Report measure(Path root) {
    List<Module> modules = new ArrayList<>();
    for (Part part : PARTS) {
      modules.add(
          new Module(
              part.name(),
              part.role(),
              linesOfCode(root, part, "main"),
              linesOfCode(root, part, "test")));
    }
    long main = modules.stream().mapToLong(Module::mainLines).sum();
    long common = lines(modules, SHARED_LOGIC);
    List<Duplicate> duplicates = duplicates(root);
    long duplicated =
        duplicates.stream().mapToLong(d -> (long) d.lines() * (d.places().size() - 1)).sum();
    return new Report(
        modules,
        main,
        main == 0 ? 0 : (double) common / main,
        MINIMUM_TOKENS,
        duplicated,
        main == 0 ? 0 : (double) duplicated / main,
        duplicates,
        duplicates.stream().filter(d -> d.modules().size() > 1).toList());
  }

  /** The main lines of the parts that serve {@code role}. */
  public static long lines(List<Module> modules, String role) {
    return modules.stream()
        .filter(module -> module.role().equals(role))
        .mapToLong(Module::mainLines)
        .sum();
  }

  /** A part's lines in {@code src/<kind>/java}: the whole module, or its packages. */
  private static long linesOfCode(Path root, Part part, String kind) {
    Path sources = root.resolve(part.module()).resolve("src").resolve(kind).resolve("java");
    if (part.packages().isEmpty()) {
      return linesOfCode(sources);
    }
    return part.packages().stream()
        .mapToLong(pkg -> linesOfCode(sources.resolve("io/lambdakappa").resolve(pkg)))
        .sum();
  }

  /** Runs CPD over every module's main Java code. */
  static List<Duplicate> duplicates(Path root) {
    CPDConfiguration config = new CPDConfiguration();
    config.setMinimumTileSize(MINIMUM_TOKENS);
    config.setOnlyRecognizeLanguage(config.getLanguageRegistry().getLanguageById("java"));
    config.setIgnoreAnnotations(true); // picocli options repeat by design
    config.setIgnoreUsings(true); // imports
    for (String module : PARTS.stream().map(Part::module).distinct().toList()) {
      Path sources = root.resolve(module).resolve("src/main/java");
      if (Files.isDirectory(sources)) {
        config.addInputPath(sources);
      }
    }
    List<Duplicate> found = new ArrayList<>();
    try (CpdAnalysis cpd = CpdAnalysis.create(config)) {
      cpd.performAnalysis(
          report -> {
            for (Match match : report.getMatches()) {
              Set<String> modules = new TreeSet<>();
              List<String> places = new ArrayList<>();
              for (Mark mark : match) {
                String path = mark.getLocation().getFileId().getAbsolutePath();
                String relative = root.relativize(Path.of(path)).toString();
                modules.add(relative.substring(0, relative.indexOf('/')));
                places.add(relative + ":" + mark.getLocation().getStartLine());
              }
              found.add(
                  new Duplicate(match.getLineCount(), match.getTokenCount(), modules, places));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("CPD failed", e);
    }
    return found;
  }

  /** Non-blank lines that are not only a comment, in every .java file under {@code dir}. */
  static long linesOfCode(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        total += linesOfCode(Files.readAllLines(file));
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  static long linesOfCode(List<String> lines) {
    long count = 0;
    boolean inBlockComment = false;
    for (String raw : lines) {
      String line = raw.strip();
      if (inBlockComment) {
        int end = line.indexOf("*/");
        if (end < 0) {
          continue;
        }
        inBlockComment = false;
        line = line.substring(end + 2).strip();
      }
      if (line.startsWith("/*")) {
        int end = line.indexOf("*/");
        if (end < 0) {
          inBlockComment = true;
          continue;
        }
        line = line.substring(end + 2).strip();
      }
      if (!line.isEmpty() && !line.startsWith("//")) {
        count++;
      }
    }
    return count;
  }
}
