package io.lambdakappa.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report's code figure counts every line once, where it serves: the parts cover every main
 * source file of every module, a package counted apart is not also counted with its module, and
 * each role's figure is the sum of its parts.
 */
class CodeMetricsTest {

  private final Path root = CodeMetrics.projectRoot(Path.of("")).orElseThrow();

  @Test
  void everyMainLineOfEveryModuleIsCountedOnceInOnePart() throws IOException {
    CodeMetrics.Report report = CodeMetrics.measure(root);

    long everyModule = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path module :
          entries.filter(dir -> Files.isDirectory(dir.resolve("src/main/java"))).toList()) {
        if (!module.getFileName().toString().equals("microbench")) { // benchmarks, not the product
          everyModule += CodeMetrics.linesOfCode(module.resolve("src/main/java"));
        }
      }
    }
    assertThat(report.mainLines()).isEqualTo(everyModule);

    long common = CodeMetrics.linesOfCode(root.resolve("common-logic/src/main/java"));
    long commonParts =
        report.modules().stream()
            .filter(part -> part.name().startsWith("common-logic"))
            .mapToLong(CodeMetrics.Module::mainLines)
            .sum();
    assertThat(commonParts).isEqualTo(common);

    for (String role :
        List.of(
            CodeMetrics.LAMBDA,
            CodeMetrics.KAPPA,
            CodeMetrics.SHARED_LOGIC,
            CodeMetrics.SHARED_PLUMBING,
            CodeMetrics.TOOLING)) {
      assertThat(CodeMetrics.lines(report.modules(), role)).as(role).isPositive();
    }
    assertThat(report.sharedLogicShare())
        .isEqualTo(
            (double) CodeMetrics.lines(report.modules(), CodeMetrics.SHARED_LOGIC)
                / report.mainLines());
  }
}
