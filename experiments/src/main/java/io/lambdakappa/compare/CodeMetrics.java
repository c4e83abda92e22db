package io.lambdakappa.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * sources: lines of code per module (main code, tests apart), the share that lives in {@code
 * common-logic}, and the duplication PMD's copy-paste detector (CPD) finds between modules.
 */
public final class CodeMetrics {

  /** The modules, in the order the report lists them, with the architecture each serves. */
  public static final Map<String, String> MODULES = modules();

  private static Map<String, String> modules() {
    Map<String, String> modules = new LinkedHashMap<>();
    modules.put("common-logic", "both");
    modules.put("serving-layer", "both");
    modules.put("batch-layer", "lambda");
    modules.put("speed-layer", "lambda");
    modules.put("lambda-architecture", "lambda");
    modules.put("kappa-pipeline", "kappa");
    modules.put("experiments", "both");
    modules.put("cli", "both");
    return modules;
  }

  /** CPD's minimum duplicate size, in tokens (PMD's default is 100; smaller finds more). */
  static final int MINIMUM_TOKENS = 50;

  /** One module's lines of code: non-blank lines that are not only a comment. */
  public record Module(String name, String architecture, long mainLines, long testLines) {}

  /** One duplicated fragment found by CPD, and the modules it appears in. */
  public record Duplicate(int lines, int tokens, Set<String> modules, List<String> places) {}

  /**
   * @param commonLogicShare common-logic's main lines over all main lines
   * @param duplicatedLines lines inside duplicated fragments (each copy after the first counted)
   * @param crossModule duplicates found in more than one module
   */
  public record Report(
      List<Module> modules,
      long mainLines,
      double commonLogicShare,
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
    for (Map.Entry<String, String> module : MODULES.entrySet()) {
      Path dir = root.resolve(module.getKey()).resolve("src");
      modules.add(
          new Module(
              module.getKey(),
              module.getValue(),
              linesOfCode(dir.resolve("main/java")),
              linesOfCode(dir.resolve("test/java"))));
    }
    long main = modules.stream().mapToLong(Module::mainLines).sum();
    long common = modules.get(0).mainLines(); // common-logic comes first
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

  /** Runs CPD over every module's main Java code. */
  static List<Duplicate> duplicates(Path root) {
    CPDConfiguration config = new CPDConfiguration();
    config.setMinimumTileSize(MINIMUM_TOKENS);
    config.setOnlyRecognizeLanguage(config.getLanguageRegistry().getLanguageById("java"));
    config.setIgnoreAnnotations(true); // picocli options repeat by design
    config.setIgnoreUsings(true); // imports
    for (String module : MODULES.keySet()) {
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
