package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.harness.ChildJvm;
import io.lambdakappa.runtime.KafkaTopics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.testing.GeneratedData;
import io.lambdakappa.testing.KafkaRecords;
import io.lambdakappa.testing.Oracle;
import io.lambdakappa.testing.SharedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classroom page of {@code lk kappa run} and {@code lk lambda run}, as a student sees it: a
 * real headless Chromium with the network cut off, on the page the running process serves, asked
 * what it shows while the log grows. Each window of the chosen key, as the page draws it, is judged
 * against the tests' own oracle (plain Java over the generator's records), for the live oracle's
 * column and the architecture's; then more records are published, and the page, never reloaded,
 * must show them.
 */
class LivePageIT {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String KEY = "k1";
  private static final long SEED = 20261129L;

  @TempDir Path workdir;

  @ParameterizedTest
  @ValueSource(strings = {"kappa", "lambda"})
  void thePageShowsEachWindowBesideTheOracleAndFollowsTheLog(String architecture) throws Exception {
    String topic = "live-page-" + architecture;
    // No late events: once caught up, the architecture must serve what the oracle counts.
    List<GeneratedRecord> records = GeneratedData.records(SEED, 6_000, START, 0);
    publish(topic, records.subList(0, 3_000));
    List<String> args =
        new ArrayList<>(
            List.of(
                LkRun.onSharedBroker(
                    workdir, architecture, "run", topic, "--port", "0", "--rate", "0")));
    if (architecture.equals("lambda")) {
      args.addAll(List.of("--batch-every", "1h")); // the speed layer alone serves this test
    }
    ChildJvm run =
        LkProcess.start(workdir.resolve(architecture + ".out"), args.toArray(String[]::new));
    try (DevToolsBrowser page =
        DevToolsBrowser.open(
            awaitApi(run) + "/live?key=" + KEY, workdir.resolve("chromium-profile"))) {
      // It renders, with the oracle's card and the architecture's.
      page.await(oracleRead(), read -> read.asText().equals("3,000"), DEADLINE);
      assertThat(
              page.evaluate("document.getElementById('card-" + architecture + "') !== null")
                  .asBoolean())
          .as("the %s card", architecture)
          .isTrue();

      // The architecture catches up: every window drawn equals the tests' oracle, both columns.
      assertEveryWindowDrawnIsExact(page, architecture, records, 3_000);
      assertThat(page.evaluate("document.getElementById('sentence').textContent").asText())
          .contains(architecture + " serves exactly what the oracle counts");
      long updatesBefore = page.evaluate("+document.body.dataset.updates").asLong();

      // More of the log, and the page follows without a reload.
      publish(topic, records.subList(3_000, 6_000));
      page.await(oracleRead(), read -> read.asText().equals("6,000"), DEADLINE);
      assertEveryWindowDrawnIsExact(page, architecture, records, 6_000);
      assertThat(page.evaluate("+document.body.dataset.updates").asLong())
          .isGreaterThan(updatesBefore + 1);

      // Nothing came from off the machine: every resource the page loaded is its own server's.
      JsonNode resources =
          page.evaluate(
              "performance.getEntriesByType('resource').map(e => e.name)"
                  + ".filter(name => !name.startsWith(location.origin))");
      assertThat(resources).as("resources from elsewhere").isEmpty();
      assertThat(page.evaluate("document.getElementById('problem').textContent").asText())
          .isEmpty();
    } finally {
      run.signal("TERM");
      assertThat(run.awaitExit(Duration.ofSeconds(90))).as(run.output()).isEqualTo(143);
    }
  }

  /**
   * {@code lk compare --live-page}: during its live phase, one page with both architectures'
   * columns beside the oracle's, the oracle reading the live records as they are sent.
   */
  @Test
  void theComparisonServesBothArchitecturesOnOnePageDuringItsLivePhase() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String[] args = {
      "compare",
      "--workdir",
      workdir.toString(),
      "--bootstrap-servers",
      SharedKafka.get().bootstrapServers(),
      "--events",
      "5000",
      "--live-rate",
      "500",
      "--live-for",
      "20s",
      "--no-watermark-sweep",
      "--live-page",
      String.valueOf(port)
    };
    CompletableFuture<LkRun> comparison = CompletableFuture.supplyAsync(() -> LkRun.of(args));
    try (DevToolsBrowser page =
        DevToolsBrowser.open(
            awaitPage("http://127.0.0.1:" + port + "/live", comparison),
            workdir.resolve("chromium-profile"))) {
      // Past the history's 5,000 records: the oracle reads the live traffic as it is sent.
      page.await(
          oracleRead(),
          read ->
              !read.asText().isEmpty() && Long.parseLong(read.asText().replace(",", "")) > 5_000,
          DEADLINE);
      JsonNode columns =
          page.await(
              "[...new Set([...document.querySelectorAll('#windows td[data-arch]')]"
                  + ".map(td => td.dataset.arch))]",
              arches -> arches.size() == 3,
              DEADLINE);
      assertThat(columns).extracting(JsonNode::asText).containsExactly("oracle", "lambda", "kappa");
      for (String card : List.of("lambda", "kappa", "oracle")) {
        assertThat(
                page.evaluate("document.getElementById('card-" + card + "') !== null").asBoolean())
            .as("the %s card", card)
            .isTrue();
      }
    } finally {
      LkRun run = comparison.get(5, TimeUnit.MINUTES);
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("the classroom page, until the correction ends:");
    }
  }

  /** Waits until the comparison serves its page (after its history phase); returns its address. */
  private static String awaitPage(String address, CompletableFuture<LkRun> comparison)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline && !comparison.isDone()) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return address;
        }
      } catch (IOException notYet) {
        // the comparison is still in its history phase
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no page at "
            + address
            + (comparison.isDone() ? "; lk compare ended: " + comparison.get().out() : ""));
  }

  /** The page's "records read" on the oracle's card. */
  private static String oracleRead() {
    return "document.querySelector('#card-oracle [data-field=\"records read\"]')?.textContent"
        + " ?? ''";
  }

  /**
   * Waits until every window the page draws for {@link #KEY}, in the oracle's column and the
   * architecture's, equals the tests' oracle over the first {@code upTo} records.
   */
  private static void assertEveryWindowDrawnIsExact(
      DevToolsBrowser page, String architecture, List<GeneratedRecord> records, int upTo)
      throws Exception {
    Map<String, Oracle.Expected> expected = Oracle.of(records, upTo, WINDOW, Set.of());
    Instant latest =
        records.subList(0, upTo).stream()
            .filter(record -> record.kind() != GeneratedRecord.Kind.MALFORMED)
            .map(Oracle::eventTime)
            .max(Instant::compareTo)
            .orElseThrow();
    Map<String, Long> want = new TreeMap<>();
    for (int i = 0; i < 12; i++) { // the page draws the 12 windows up to the latest event's
      Instant start =
          Instant.ofEpochMilli(
              Math.floorDiv(latest.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis()
                  - i * WINDOW.toMillis());
      Oracle.Expected window = expected.get(KEY + "@" + start);
      long events = window == null ? 0 : window.events();
      want.put("oracle@" + start, events);
      want.put(architecture + "@" + start, events);
    }
    assertThat(want.values()).as("the windows hold events").anyMatch(events -> events > 0);
    page.await(
        "[...document.querySelectorAll('#windows td[data-arch]')]"
            + ".map(td => td.dataset.arch + '@' + td.parentElement.dataset.window.replace('.000Z', 'Z')"
            + " + '=' + td.dataset.events)",
        cells -> drawn(cells).equals(want),
        DEADLINE);
  }

  private static Map<String, Long> drawn(JsonNode cells) {
    Map<String, Long> drawn = new TreeMap<>();
    for (JsonNode cell : cells) {
      String[] parts = cell.asText().split("=");
      drawn.put(parts[0], Long.parseLong(parts[1]));
    }
    return drawn;
  }

  /** The address the process wrote to its workspace once its API listened. */
  private String awaitApi(ChildJvm run) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline && run.isAlive()) {
      Optional<String> address = new Workspace(workdir).apiAddress();
      if (address.isPresent()) {
        return address.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no API within " + DEADLINE + "; lk printed:\n" + run.output());
  }

  private static void publish(String topic, List<GeneratedRecord> records) {
    KafkaTopics.ensureTopic(SharedKafka.get().bootstrapServers(), topic, 2);
    KafkaRecords.publish(SharedKafka.get().bootstrapServers(), topic, records);
  }
}
