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
 * misses exactly the events whose value is above the cap; Kappa after its fix is exact; Lambda at
 * the end misses exactly the events above the cap that only its buggy batch run archived (the
 * second and third slices), and nothing else. The report renders offline.
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
  void lambdaMissesExactlyWhatItsBuggyBatchRunRefused() throws Exception {
    long refused =
        events(slices(1, 2, 3, 4))
            - events(
                List.of(
                    slice(1),
                    withoutValuesAbove(slice(2)),
                    withoutValuesAbove(slice(3)),
                    slice(4)));
    assertThat(refused).isPositive();
    JsonNode lambda = architecture("lambda");
    assertThat(lambda.at("/end/missing_events").asLong()).isEqualTo(refused);
    assertThat(lambda.at("/end/extra_events").asLong()).isZero();
    assertThat(results.get("events_the_buggy_archive_refused").asLong()).isEqualTo(refused);
    // Before its scheduled batch run, the bug had only touched what the speed layer processed.
    assertThat(moment("Lambda restarted with the bug").at("/lambda/missing_events").asLong())
        .isZero();
    assertThat(results.get("kappa_served_the_bug_exactly").asBoolean()).isTrue();
    assertThat(results.get("lambda_matches_its_master_dataset").asBoolean()).isTrue();
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
        .contains("and its view was exact again")
        .contains(
            String.format(
                "Lambda still misses %,d events",
                architecture("lambda").at("/end/missing_events").asLong()));
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
