package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.bench.BenchResults;
import io.lambdakappa.bench.Workload;
import io.lambdakappa.generate.TruthSummary;
import io.lambdakappa.importer.EventImporter;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.runtime.DatasetWriter;
import io.lambdakappa.runtime.JsonFiles;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.SqlViewStore;
import io.lambdakappa.serving.StoreLocation;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.testing.Generations;
import io.lambdakappa.testing.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LkCommandLineTest {

  @TempDir Path workdir;

  @Test
  void printsItsVersionAndWhatItRunsOn() {
    LkRun run = LkRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("lk 0.").contains("Spark 4.2.0").contains("Kafka 3.9.2");
  }

  @Test
  void aValueOfTheWrongTypeIsAUsageErrorNamingTheOptionAndTheValue() {
    LkRun run = LkRun.of("generate", "--events", "lots");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--events").contains("'lots'").contains("Usage: lk generate");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    LkRun run = LkRun.of("generate", "--evnets", "10");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Unknown options: '--evnets'")
        .contains("Possible solutions: --events");
  }

  @Test
  void aFractionOutsideZeroToOneIsRefusedWithTheAcceptedRange() {
    LkRun run = LkRun.of("generate", "--workdir", workdir.toString(), "--late-fraction", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--late-fraction must be from 0 to 1, got 2.0");
  }

  @Test
  void theExperimentsRefuseSettingsTheyCannotRunWithUsageErrors() {
    LkRun kills =
        LkRun.of("experiment", "exactly-once", "--workdir", workdir.toString(), "--kills", "-1");
    assertThat(kills.exitCode()).isEqualTo(2);
    assertThat(kills.err()).contains("--kills must be at least 0, got -1");

    LkRun pauses =
        LkRun.of(
            "experiment",
            "exactly-once",
            "--workdir",
            workdir.toString(),
            "--shortest-pause",
            "5s",
            "--longest-pause",
            "1s");
    assertThat(pauses.exitCode()).isEqualTo(2);
    assertThat(pauses.err()).contains("--longest-pause (PT1S) must not be shorter");

    LkRun segments =
        LkRun.of(
            "experiment",
            "retention-cliff",
            "--workdir",
            workdir.toString(),
            "--segment-bytes",
            "65536");
    assertThat(segments.exitCode()).isEqualTo(2);
    assertThat(segments.err())
        .contains("--segment-bytes must be at least 262144")
        .contains("Usage: lk experiment retention-cliff");

    LkRun fraction =
        LkRun.of(
            "experiment",
            "retention-cliff",
            "--workdir",
            workdir.toString(),
            "--retained-fraction",
            "1");
    assertThat(fraction.exitCode()).isEqualTo(2);
    assertThat(fraction.err()).contains("--retained-fraction must be between 0 and 1");

    LkRun unknown =
        LkRun.of("compare", "--workdir", workdir.toString(), "--experiments", "merge-boundry");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--experiments: no experiment merge-boundry")
        .contains("bad-deploy, retention-cliff, merge-boundary, exactly-once");

    LkRun cap =
        LkRun.of(
            "experiment", "bad-deploy", "--workdir", workdir.toString(), "--bad-max-value", "0");
    assertThat(cap.exitCode()).isEqualTo(2);
    assertThat(cap.err())
        .contains("--bad-max-value must be a positive number, got 0.0")
        .contains("Usage: lk experiment bad-deploy");
  }

  @Test
  void aValueCapThatIsNotAPositiveNumberIsAUsageError() {
    LkRun run =
        LkRun.of("kappa", "reprocess", "--workdir", workdir.toString(), "--max-value", "-5");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--max-value must be a positive number, got -5.0")
        .contains("Usage: lk kappa reprocess");
  }

  @Test
  void aBadDurationSaysWhatADurationLooksLike() {
    LkRun run = LkRun.of("generate", "--jitter", "5 parsecs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'5 parsecs' is not a duration").contains("30s, 2m");
  }

  @Test
  void durationNeedsARate() {
    LkRun run = LkRun.of("generate", "--duration", "10m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--duration needs --rate");
  }

  @Test
  void generateWritesPartFilesAndATruthSummary() {
    LkRun run =
        LkRun.of("generate", "--workdir", workdir.toString(), "--events", "5000", "--seed", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("generated 5,000 records");
    TruthSummary truth = DatasetWriter.readTruth(workdir.resolve("data/truth.json"));
    assertThat(truth.records()).isEqualTo(5000);
    assertThat(workdir.resolve("data/part-00000.jsonl")).exists();
  }

  @Test
  void regeneratingIntoTheSameFolderReplacesTheOldParts() {
    LkRun.of("generate", "--workdir", workdir.toString(), "--events", "600000");
    assertThat(workdir.resolve("data/part-00002.jsonl")).exists();

    LkRun.of("generate", "--workdir", workdir.toString(), "--events", "1000");

    assertThat(workdir.resolve("data/part-00002.jsonl")).doesNotExist();
  }

  @Test
  void aggregateAccountsForEveryGeneratedRecord() {
    LkRun.of("generate", "--workdir", workdir.toString(), "--events", "20000");

    LkRun run = LkRun.of("aggregate", "--workdir", workdir.toString(), "--top", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("read 20,000 records")
        .contains("every event, duplicate and bad record accounted for exactly")
        .contains("busiest windows:");
  }

  @Test
  void aggregateWithoutADatasetSaysHowToMakeOne() {
    LkRun run = LkRun.of("aggregate", "--workdir", workdir.resolve("empty").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("run `lk generate` first");
  }

  /**
   * A number out of range is a usage error naming the option, at parse time: before a broker, a
   * Spark session or the store is touched (the workdir below does not even exist).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kappa run --port 70000|--port",
        "lambda speed --port -1|--port",
        "broker --port 65536|--port",
        "compare --live-page 70000|--live-page",
        "kappa run --partitions 0|--partitions",
        "generate --to kafka --partitions -2|--partitions",
        "kappa run --max-batch-records -1|--max-batch-records",
        "generate --keys 0|--keys",
        "kappa run --keys 0|--keys",
        "lambda run --users -5|--users",
        "generate --late-fraction 1.5|--late-fraction",
        "generate --duplicate-fraction NaN|--duplicate-fraction",
        "lambda run --key-skew -1|--key-skew"
      })
  void aNumberOutOfRangeIsAUsageErrorNamingTheOption(String command, String option) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--workdir", workdir.resolve("never-made").toString()));

    LkRun run = LkRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(option + " must be from");
    assertThat(workdir.resolve("never-made")).doesNotExist();
  }

  @Test
  void importOfAMissingFileIsAUsageError() {
    LkRun run =
        LkRun.of(
            "import",
            workdir.resolve("nope.csv").toString(),
            "--time-column",
            "t",
            "--key-column",
            "k",
            "--user-column",
            "u");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void importMapsACsvIntoTheWorkspace() throws IOException {
    Path csv = workdir.resolve("orders.csv");
    Files.writeString(csv, "when,sku,customer,total\n2026-02-01T10:00:00Z,p1,c1,9.99\n");

    LkRun run = importCsv(csv);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(workdir.resolve("data/part-00000.jsonl")))
        .contains("\"key\":\"p1\"")
        .contains("\"value\":9.99");
  }

  /**
   * An import replaces the dataset only when it succeeds: a row with one cell too many stops it
   * before anything changes (it used to leave half a dataset in place of the previous one), and
   * rows it cannot map are kept aside with their line.
   */
  @Test
  void aFailedImportLeavesThePreviousDatasetAndRejectsKeepTheirLine() throws IOException {
    Path good = workdir.resolve("good.csv");
    Files.writeString(
        good,
        "when,sku,customer,total\n2026-02-01T10:00:00Z,p1,c1,9.99\nyesterday,p2,c2,1\n"
            + "2026-02-01T10:00:02Z,p3,c3,lots\n");
    LkRun first = importCsv(good);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("imported 1 of 3 rows")
        .contains("1 with an unreadable time")
        .contains("1 with a value that is not a number");
    Path data = workdir.resolve("data");
    String before = Files.readString(data.resolve("part-00000.jsonl"));
    assertThat(Files.readAllLines(data.resolve(EventImporter.REJECTS_FILE)))
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).contains("\"line\":3").contains("TIME_UNREADABLE"))
        .anySatisfy(line -> assertThat(line).contains("\"line\":4").contains("BAD_VALUE"));

    Path broken = workdir.resolve("broken.csv");
    StringBuilder rows = new StringBuilder("when,sku,customer,total\n");
    for (int i = 0; i < 5_000; i++) {
      rows.append("2026-02-01T10:00:00Z,p").append(i).append(",c1,1\n");
    }
    rows.append("2026-02-01T10:00:00Z,p1,c1,1,extra\n");
    Files.writeString(broken, rows);
    LkRun second = importCsv(broken);

    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.err()).contains("broken.csv line 5002").contains("nothing was imported");
    assertThat(Files.readString(data.resolve("part-00000.jsonl"))).isEqualTo(before);
    assertThat(Files.readAllLines(data.resolve(EventImporter.REJECTS_FILE))).hasSize(2);
    assertThat(data.resolve(".staging")).doesNotExist();
  }

  private LkRun importCsv(Path csv) {
    return LkRun.of(
        "import",
        csv.toString(),
        "--workdir",
        workdir.toString(),
        "--time-column",
        "when",
        "--key-column",
        "sku",
        "--user-column",
        "customer",
        "--value-column",
        "total");
  }

  @Test
  void aWorkdirAndAFolderWithASpaceAPercentSignAndAnUmlautWork() throws Exception {
    Path odd = Files.createDirectories(workdir.resolve("my work 100% für dich"));
    LkRun generate =
        LkRun.of("generate", "--workdir", odd.toString(), "--events", "2000", "--keys", "3");
    LkRun batch =
        LkRun.of(
            "lambda",
            "batch",
            "--workdir",
            odd.toString(),
            "--from-files",
            odd.resolve("data").toString());

    assertThat(generate.exitCode()).as(generate.err()).isZero();
    assertThat(batch.exitCode()).as(batch.err()).isZero();
    assertThat(batch.out()).contains("published batch view v1");
  }

  @Test
  void aWorkdirThatCannotBeCreatedIsAUsageErrorNamingIt() throws Exception {
    Path file = Files.writeString(workdir.resolve("not-a-folder"), "x");
    for (String[] command :
        List.of(
            new String[] {"generate", "--events", "10"},
            new String[] {"lambda", "batch"},
            new String[] {"kappa", "run", "--until-caught-up"})) {
      List<String> args = new java.util.ArrayList<>(List.of(command));
      args.addAll(List.of("--workdir", file.resolve("inside").toString()));
      // A usage error, raised before any broker or Spark session starts.
      LkRun run = LkRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(2);
      assertThat(run.err())
          .contains("--workdir " + file.resolve("inside"))
          .contains("cannot create");
    }
  }

  @Test
  void aBatchViewBootstrappedFromFilesCanBeQueried() {
    LkRun.of("generate", "--workdir", workdir.toString(), "--events", "5000", "--keys", "3");

    LkRun batch =
        LkRun.of(
            "lambda",
            "batch",
            "--workdir",
            workdir.toString(),
            "--from-files",
            workdir.resolve("data").toString());
    LkRun table =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--key",
            "k0",
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2026-01-01T02:00:00Z");
    LkRun json =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--key",
            "k0",
            "--json",
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2026-01-01T02:00:00Z");

    assertThat(batch.exitCode()).as(batch.err()).isZero();
    assertThat(batch.out()).contains("published batch view v1");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .contains("batch view v1")
        .contains("2026-01-01T00:00:00Z")
        .contains("batch");
    assertThat(json.out()).contains("\"batch_version\" : 1").contains("\"windows\"");
  }

  @Test
  void aQueryNeedsAKeyAndARangeUnlessItAsksForTheQuarantine() {
    LkRun noKey =
        LkRun.of("query", "--workdir", workdir.toString(), "--from", "2026-01-01T00:00:00Z");
    LkRun badLimit =
        LkRun.of("query", "--workdir", workdir.toString(), "--quarantine", "--limit", "0");

    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err())
        .contains("--key, --from and --to are required")
        .contains("--quarantine");
    assertThat(badLimit.exitCode()).isEqualTo(2);
    assertThat(badLimit.err()).contains("--limit must be from 1 to 10000, got 0");
  }

  @Test
  void aQueryWithABadTimeIsAUsageErrorNamingTheOption() {
    LkRun run =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--key",
            "k0",
            "--from",
            "noon",
            "--to",
            "2026-01-01T02:00:00Z");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--from").contains("'noon'").contains("ISO-8601");
  }

  @Test
  void kappaRefusesLiveTrafficOnABoundedRun() {
    LkRun run =
        LkRun.of(
            "kappa", "run", "--workdir", workdir.toString(), "--until-caught-up", "--rate", "100");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--rate makes no sense with --until-caught-up")
        .contains("Usage: lk kappa run");
  }

  @Test
  void aQueryOfAnUnknownArchitectureListsTheKnownOnes() {
    LkRun run =
        LkRun.of(
            "query",
            "--workdir",
            workdir.toString(),
            "--arch",
            "sigma",
            "--key",
            "k0",
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2026-01-01T01:00:00Z");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--arch").contains("lambda, kappa");
  }

  @Test
  void kappaHelpNamesBothCommands() {
    LkRun run = LkRun.of("kappa", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run").contains("reprocess");
  }

  @Test
  void generatesAShellCompletionScript() {
    LkRun run = LkRun.of("generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F").contains("generate").contains("aggregate");
  }

  @Test
  void benchRefusesAToleranceOutsideZeroToOne() {
    LkRun run = LkRun.of("bench", "--workdir", workdir.toString(), "--tolerance", "1.5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--tolerance must be between 0 and 1, got 1.5");
  }

  @Test
  void benchNamesTheWorkloadsItKnows() {
    LkRun run = LkRun.of("bench", "--workload", "huge");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--workload").contains("ci, full");
  }

  @Test
  void benchNeedsABaselineFileToUpdate() {
    LkRun run = LkRun.of("bench", "--workdir", workdir.toString(), "--update-baseline");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--update-baseline needs --baseline FILE");
  }

  @Test
  void benchSaysHowToCreateAMissingBaseline() {
    Path missing = workdir.resolve("baseline.json");
    LkRun run =
        LkRun.of("bench", "--workdir", workdir.toString(), "--baseline", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such file").contains("--update-baseline");
  }

  @Test
  void benchRefusesABaselineMadeOnOtherData() {
    Path baseline = workdir.resolve("baseline.json");
    JsonFiles.write(
        baseline,
        new BenchResults(
            1, "ci", "then", Instant.EPOCH, Duration.ZERO, null, Workload.CI, List.of()));
    LkRun run =
        LkRun.of(
            "bench",
            "--workdir",
            workdir.toString(),
            "--baseline",
            baseline.toString(),
            "--events",
            "1000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--baseline ran on 300,000 events, this run on 1,000");
  }

  /**
   * Each lk process serves its own architecture. Asking for Lambda while a Kappa process holds the
   * workdir's store says so and what to do, instead of an HTTP status.
   */
  @Test
  void queryingTheArchitectureTheRunningProcessDoesNotServeSaysWhatToDo() throws Exception {
    Workspace workspace = new Workspace(workdir);
    try (ViewStore store = SqlViewStore.duckDb(workspace.database());
        ServingApi kappaOnly =
            ServingApi.start(0, List.of(new KappaServing(store)), java.util.Map::of)) {
      workspace.writeApiAddress(kappaOnly.address());
      LkRun lambda = queryK0("lambda");
      LkRun kappa = queryK0("kappa");

      assertThat(lambda.exitCode()).isEqualTo(1);
      assertThat(lambda.err())
          .contains("does not serve /api/v1/lambda/metrics")
          .contains(kappaOnly.address())
          .contains("--arch");
      assertThat(kappa.exitCode()).as(kappa.err()).isZero();
    } finally {
      workspace.removeApiAddress();
    }
  }

  @Test
  void aStoreThatIsNotOneIsAUsageErrorSayingWhatIsAccepted() {
    LkRun run = LkRun.of("query", "--store", "mysql://db/views", "--key", "k0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--store")
        .contains("'mysql://db/views' is not a view store")
        .contains("postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE");
  }

  /**
   * A shared store is read directly, even while another process's API is up: with PostgreSQL no
   * process holds the store alone.
   */
  @Test
  void queryReadsASharedPostgresqlStoreDirectly() throws Exception {
    StoreLocation shared = LocalPostgres.freshStore();
    Workspace workspace = new Workspace(workdir);
    try (ViewStore store = shared.open(workspace)) {
      store.upsert(
          KappaServing.VIEW,
          3,
          Generations.rows(3, Instant.parse("2026-01-01T00:00:00Z")),
          MicroBatchStats.written(0, 3),
          List.of());
      store.serve(KappaServing.VIEW, 3);
    }
    workspace.writeApiAddress("http://127.0.0.1:9"); // a process that is gone: not asked
    try {
      LkRun run =
          LkRun.of(
              "query",
              "--workdir",
              workdir.toString(),
              "--store",
              "postgresql://lk@"
                  + shared.jdbcUrl().substring("jdbc:postgresql://".length())
                  + "?schema="
                  + shared.schema(),
              "--arch",
              "kappa",
              "--key",
              "home",
              "--from",
              "2026-01-01T00:00:00Z",
              "--to",
              "2026-01-01T01:00:00Z",
              "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode answer = new ObjectMapper().readTree(run.out());
      assertThat(answer.path("generation").asLong()).isEqualTo(3);
      assertThat(answer.path("windows").findValuesAsText("source")).containsOnly("kappa_v3");
      assertThat(answer.path("windows").findValues("events"))
          .extracting(JsonNode::asLong)
          .containsExactly(3L, 3L, 3L);
    } finally {
      workspace.removeApiAddress();
    }
  }

  private LkRun queryK0(String architecture) {
    return LkRun.of(
        "query",
        "--workdir",
        workdir.toString(),
        "--arch",
        architecture,
        "--key",
        "k0",
        "--from",
        "2026-01-01T00:00:00Z",
        "--to",
        "2026-01-01T02:00:00Z");
  }
}
