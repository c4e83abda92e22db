package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.compare.SqlOracle;
import io.lambdakappa.testing.SharedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk experiment bad-deploy} end to end. The bug's effect is counted here from the raw lines
 * the experiment published, with a filter of this test's own and the oracle: Kappa under the bug
 * misses exactly the events whose value is above the cap; Kappa after its fix is exact; Lambda's
 * buggy batch run misses exactly the events above the cap of everything archived by then, and its
 * fix (one recompute of the raw master dataset) is exact. The report renders offline.
 */
class BadDeployIT {

  private static final double CAP = 300;

  /** A generated record's value: a plain JSON number (the generator writes no exponent). */
  private static final Pattern VALUE = Pattern.compile("\"value\":(-?[0-9.]+)[,}]");

  @TempDir static Path workdir;
  static ExperimentRun experiment;
  static JsonNode results;
  static Path data;

  @BeforeAll
  static void experiment() throws Exception {
    experiment =
        ExperimentRun.of(
            workdir,
            "experiment",
            "bad-deploy",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "30000",
            "--bad-max-value",
            "300");
    results = experiment.results();
    data =
        workdir
            .resolve("experiments")
            .resolve(results.get("run_id").asText() + "-bad-deploy")
            .resolve("data");
  }

  @Test
  void kappaServedExactlyTheBugThenExactlyTheFix() throws Exception {
    JsonNode underTheBug = moment("Kappa switched to the bug");
    long aboveTheCap =
        events(slices(1, 2))
            - events(List.of(withoutValuesAbove(slice(1)), withoutValuesAbove(slice(2))));
    assertThat(aboveTheCap).isPositive();
    assertThat(underTheBug.at("/kappa/missing_events").asLong()).isEqualTo(aboveTheCap);
    assertThat(underTheBug.at("/kappa/extra_events").asLong()).isZero();
    JsonNode kappa = architecture("kappa");
    assertThat(kappa.at("/after_fix/missing_events").asLong()).isZero();
    assertThat(kappa.at("/end/exact_windows").asLong())
        .isEqualTo(kappa.at("/end/windows").asLong());
    assertThat(kappa.at("/end/missing_events").asLong()).isZero();
    assertThat(kappa.get("fix_commands").toString()).contains("lk kappa reprocess");
  }

  @Test
  void lambdaRecomputesTheBugAwayFromItsRawMasterDataset() throws Exception {
    // The buggy batch run judged every archived record with the bug: its view misses exactly the
    // events above the cap in the three slices archived by then.
    long refusedByTheBuggyRun =
        events(slices(1, 2, 3))
            - events(
                List.of(
                    withoutValuesAbove(slice(1)),
                    withoutValuesAbove(slice(2)),
                    withoutValuesAbove(slice(3))));
    assertThat(refusedByTheBuggyRun).isPositive();
    JsonNode buggy = moment("Lambda's batch view, with the bug");
    assertThat(buggy.at("/lambda/missing_events").asLong()).isEqualTo(refusedByTheBuggyRun);
    assertThat(buggy.at("/lambda/extra_events").asLong()).isZero();
    // Before its scheduled batch run, the bug had only touched what the speed layer processed.
    assertThat(moment("Lambda restarted with the bug").at("/lambda/missing_events").asLong())
        .isZero();

    // The fix and one recompute judge the same raw records again: nothing is missing.
    JsonNode lambda = architecture("lambda");
    assertThat(lambda.at("/after_fix/missing_events").asLong()).isZero();
    assertThat(lambda.at("/after_fix/extra_events").asLong()).isZero();
    assertThat(lambda.at("/after_fix/exact_windows").asLong())
        .isEqualTo(lambda.at("/after_fix/windows").asLong());
    assertThat(lambda.at("/end/missing_events").asLong()).isZero();
    assertThat(lambda.at("/end/exact_windows").asLong())
        .isEqualTo(lambda.at("/end/windows").asLong());
    assertThat(lambda.get("rebuilt_from").asText()).isEqualTo("master dataset");
    assertThat(lambda.get("rebuilt_from_bytes").asLong()).isPositive();
    assertThat(architecture("kappa").get("rebuilt_from_bytes").asLong()).isPositive();

    long refused =
        events(slices(1, 2, 3, 4))
            - events(
                List.of(
                    withoutValuesAbove(slice(1)),
                    withoutValuesAbove(slice(2)),
                    withoutValuesAbove(slice(3)),
                    withoutValuesAbove(slice(4))));
    assertThat(results.get("events_the_bug_refuses").asLong()).isEqualTo(refused);
    assertThat(results.get("kappa_served_the_bug_exactly").asBoolean()).isTrue();
  }

  @Test
  void theReportSaysWhatTheNumbersSayAndRendersOffline() throws Exception {
    String dom =
        HeadlessBrowser.renderOffline(
            experiment.report().resolve("report.html"), workdir.resolve("dom.html"));
    assertThat(dom).contains("data-broken-images=\"0\"").contains("data-images=\"2\"");
    assertThat(dom)
        .contains("id=\"story\"")
        .contains("Kappa's fix (one reprocess)")
        .contains("Lambda's fix (a restart and a batch run)")
        .contains("Each fix read its whole history again, raw")
        .doesNotContain("still misses")
        .doesNotContain("NOT add up");
  }

  private static JsonNode moment(String label) {
    for (JsonNode moment : results.get("timeline")) {
      if (moment.get("label").asText().equals(label)) {
        return moment;
      }
    }
    throw new AssertionError("no moment " + label + " in " + results.get("timeline"));
  }

  private static JsonNode architecture(String name) {
    for (JsonNode architecture : results.get("architectures")) {
      if (architecture.get("name").asText().equals(name)) {
        return architecture;
      }
    }
    throw new AssertionError("no architecture " + name);
  }

  private static Path slice(int n) {
    return data.resolve("slice-" + n);
  }

  private static List<Path> slices(int... numbers) {
    List<Path> folders = new ArrayList<>();
    for (int n : numbers) {
      folders.add(slice(n));
    }
    return folders;
  }

  /** Counted events the oracle expects over the folders' records. */
  private static long events(List<Path> folders) {
    try (SqlOracle oracle = SqlOracle.of(folders)) {
      return oracle.expected(Duration.ofMinutes(1)).values().stream()
          .mapToLong(SqlOracle.Expected::events)
          .sum();
    }
  }

  /** A copy of the folder's lines without those whose value is above the cap. */
  private static Path withoutValuesAbove(Path folder) throws IOException {
    Path copy = workdir.resolve("below-cap").resolve(folder.getFileName().toString());
    Files.createDirectories(copy);
    List<String> kept = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          Matcher value = VALUE.matcher(line);
          if (!(value.find() && Double.parseDouble(value.group(1)) > CAP)) {
            kept.add(line);
          }
        }
      }
    }
    Files.write(copy.resolve("lines.jsonl"), kept);
    return copy;
  }
}
