package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.logic.EventPipeline;
import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.speed.SpeedLayer;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.streaming.RejectedRecord;
import io.lambdakappa.testing.Events;
import io.lambdakappa.testing.RawRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingApiTest {

  @TempDir Path temp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private RunningApi running;
  private ViewStore store;
  private ServingApi api;

  @BeforeEach
  void start() throws Exception {
    running = RunningApi.in(temp);
    store = running.store();
    api = running.api();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void answersHealth() throws Exception {
    HttpResponse<String> response = get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void servesTheRealtimeWindowsOfAKeyWithTheirProvenance() throws Exception {
    List<WindowMetrics> rows =
        windows(
            Events.view("alice", "home", "2026-01-01T00:00:10Z", "1.5"),
            Events.view("bob", "home", "2026-01-01T00:01:10Z", "2"));
    store.upsert(SpeedLayer.REALTIME_VIEW, 0, rows, batch(0, 0), List.of());

    JsonNode answer =
        json.readTree(
            get("/api/v1/lambda/metrics?key=home&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z")
                .body());

    assertThat(answer.get("generation").asLong()).isZero();
    assertThat(answer.get("windows")).hasSize(2);
    JsonNode first = answer.get("windows").get(0);
    assertThat(first.get("window_start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.get("events").asLong()).isEqualTo(1);
    assertThat(first.get("value_sum").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(first.get("distinct_users").asLong()).isEqualTo(1);
    assertThat(first.get("source").asText()).isEqualTo("realtime");
  }

  @Test
  void kappaServesOnlyTheServedVersionAndSwitchesAtOnce() throws Exception {
    List<WindowMetrics> v1 = windows(Events.view("alice", "home", "2026-01-01T00:00:10Z", "1"));
    List<WindowMetrics> v2 =
        windows(
            Events.view("alice", "home", "2026-01-01T00:00:10Z", "1"),
            Events.view("bob", "home", "2026-01-01T00:00:20Z", "2"));
    String path =
        "/api/v1/kappa/metrics?key=home&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z";

    // Nothing served yet: an empty answer from version 0, not an error.
    assertThat(json.readTree(get(path).body()).get("generation").asLong()).isZero();

    store.upsert(KappaServing.VIEW, 1, v1, batch(0, 1), List.of());
    store.serve(KappaServing.VIEW, 1);
    store.upsert(KappaServing.VIEW, 2, v2, batch(0, 1), List.of()); // a reprocess, not served yet
    JsonNode before = json.readTree(get(path).body());
    assertThat(before.get("architecture").asText()).isEqualTo("kappa");
    assertThat(before.get("generation").asLong()).isEqualTo(1);
    assertThat(before.get("windows").get(0).get("events").asLong()).isEqualTo(1);
    assertThat(before.get("windows").get(0).get("source").asText()).isEqualTo("kappa_v1");

    store.serve(KappaServing.VIEW, 2);
    store.dropGeneration(KappaServing.VIEW, 1);
    JsonNode after = json.readTree(get(path).body());
    assertThat(after.get("generation").asLong()).isEqualTo(2);
    assertThat(after.get("windows").get(0).get("events").asLong()).isEqualTo(2);
    assertThat(after.get("freshness").isNull()).isFalse();
  }

  @Test
  void aBadTimeIsA400NamingTheParameter() throws Exception {
    HttpResponse<String> response =
        get("/api/v1/lambda/metrics?key=home&from=yesterday&to=2026-01-01T01:00:00Z");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json.readTree(response.body());
    assertThat(error.get("parameter").asText()).isEqualTo("from");
    assertThat(error.get("error").asText()).contains("'yesterday'").contains("ISO-8601");
  }

  @Test
  void aMissingKeyIsA400() throws Exception {
    HttpResponse<String> response =
        get("/api/v1/lambda/metrics?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("parameter").asText()).isEqualTo("key");
  }

  @Test
  void aRangeEndingBeforeItStartsIsA400() throws Exception {
    HttpResponse<String> response =
        get("/api/v1/lambda/metrics?key=k&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("parameter").asText()).isEqualTo("to");
  }

  /**
   * On a store with data in it, so that an injection that worked would show: a key that closes the
   * string and drops a table, or one that makes the condition always true, is just a key with no
   * windows, and the real rows are all still there afterwards.
   */
  @Test
  void anInjectionAttemptIsJustAKeyWithNoData() throws Exception {
    List<WindowMetrics> rows =
        windows(
            Events.view("alice", "home", "2026-01-01T00:00:10Z", "1"),
            Events.view("bob", "cart", "2026-01-01T00:00:20Z", "2"));
    store.upsert(SpeedLayer.REALTIME_VIEW, 0, rows, batch(0, rows.size()), List.of());
    store.serve(SpeedLayer.REALTIME_VIEW, 0);
    String range = "&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z";

    for (String attack :
        List.of(
            "x%27%3B%20DROP%20TABLE%20served%3B--", // x'; DROP TABLE served;--
            "x%27%3B%20DELETE%20FROM%20streaming_metrics%3B--", // x'; DELETE FROM ...;--
            "x%27%20OR%20%271%27%3D%271")) { // x' OR '1'='1
      HttpResponse<String> response = get("/api/v1/lambda/metrics?key=" + attack + range);
      assertThat(response.statusCode()).as(attack).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("windows")).as(attack).isEmpty();
    }

    JsonNode home = json.readTree(get("/api/v1/lambda/metrics?key=home" + range).body());
    assertThat(home.get("windows")).hasSize(1);
    assertThat(home.get("windows").get(0).get("events").asLong()).isEqualTo(1);
    assertThat(store.servedGeneration(SpeedLayer.REALTIME_VIEW)).contains(0L);
    assertThat(store.size(SpeedLayer.REALTIME_VIEW, 0).rows()).isEqualTo(2);
    assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
  }

  @Test
  void servesTheClassroomPageAsOneSelfContainedHtmlFile() throws Exception {
    HttpResponse<String> page = get("/live?key=k0");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("/api/v1/status")
        .doesNotContainPattern("(src|href)=\"(https?:)?//") // nothing from another host
        .doesNotContain("<script src")
        .doesNotContain("<link");
  }

  @Test
  void aReferenceIsServedBesideTheArchitecturesWithItsStatus() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    ReferenceServing reference =
        new ReferenceServing() {
          @Override
          public String name() {
            return "oracle";
          }

          @Override
          public AnswerJson metrics(String key, Instant from, Instant to) {
            return new AnswerJson("oracle", key, from, to, 0, null, null, start, List.of());
          }

          @Override
          public QuarantineAnswer quarantine(int limit) {
            return new QuarantineAnswer("oracle", 0, List.of());
          }

          @Override
          public Object status() {
            return Map.of("records_read", 42);
          }
        };
    try (ServingApi withReference =
        ServingApi.start(
            0, List.of(), () -> Map.of("kappa", Map.of("lag", 0)), List.of(reference))) {
      JsonNode status = json.readTree(get(withReference, "/api/v1/status").body());
      assertThat(status.path("kappa").path("lag").asLong()).isZero();
      assertThat(status.path("oracle").path("records_read").asLong()).isEqualTo(42);
      JsonNode answer =
          json.readTree(get(withReference, "/api/v1/oracle/metrics?key=k7" + range(start)).body());
      assertThat(answer.path("architecture").asText()).isEqualTo("oracle");
      assertThat(answer.path("key").asText()).isEqualTo("k7");
      assertThat(get(withReference, "/api/v1/oracle/metrics?key=k7").statusCode())
          .as("the same parameters as the architectures', checked the same way")
          .isEqualTo(400);
    }
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(api.address() + "/api/v1/health"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(json.readTree(post.body()).get("error").asText()).contains("use GET");
  }

  @Test
  void badRecordsShowUpAsQuarantineCountsInTheStatus() throws Exception {
    store.upsert(SpeedLayer.REALTIME_VIEW, 0, List.of(), batch(0, 0), List.of());
    store.upsert(
        SpeedLayer.REALTIME_VIEW,
        0,
        List.of(),
        new MicroBatchStats(
            0,
            100,
            7,
            3,
            2,
            0,
            40,
            120.0,
            250.0,
            300.0,
            Instant.now(),
            Map.of(0, 100L),
            List.of(50.0, 60.0, 70.0, 80.0, 100.0, 120.0, 160.0, 200.0, 250.0, 300.0, 310.0),
            93,
            88),
        List.of(
            new RejectedRecord(
                "events/0@17", "MALFORMED_JSON", "record is not a JSON object", "{\"event_id\":")));

    JsonNode realtime = json.readTree(get("/api/v1/status").body()).get("lambda").get("realtime");

    assertThat(realtime.get("quarantined").asLong()).isEqualTo(7);
    assertThat(realtime.get("duplicates").asLong()).isEqualTo(3);
    assertThat(realtime.get("dropped_late").asLong()).isEqualTo(2);
    assertThat(realtime.get("latency_p50_millis").asDouble()).isEqualTo(120.0);
    assertThat(realtime.get("committed_offsets").get("0").asLong()).isEqualTo(100);
  }

  @Test
  void theServedGenerationsRejectsAreServedNewestFirstAndABadLimitIsA400() throws Exception {
    store.upsert(KappaServing.VIEW, 1, List.of(), batch(0, 0), List.of());
    store.serve(KappaServing.VIEW, 1);
    for (long batchId = 0; batchId < 2; batchId++) {
      store.upsert(
          KappaServing.VIEW,
          1,
          List.of(),
          MicroBatchStats.written(batchId, 0),
          List.of(
              new RejectedRecord(
                  "events/0@" + batchId,
                  "NEGATIVE_VALUE",
                  "value -3.5 is negative",
                  "{\"value\":-3.5}")));
    }
    // A replayed batch replaces its rejects, never adds to them.
    store.upsert(
        KappaServing.VIEW,
        1,
        List.of(),
        MicroBatchStats.written(1, 0),
        List.of(new RejectedRecord("events/0@1", "NEGATIVE_VALUE", "value -3.5 is negative", "x")));

    JsonNode answer = json.readTree(get("/api/v1/kappa/quarantine?limit=10").body());
    assertThat(answer.get("generation").asLong()).isEqualTo(1);
    assertThat(answer.get("records")).hasSize(2);
    assertThat(answer.at("/records/0/source").asText()).isEqualTo("events/0@1");
    assertThat(answer.at("/records/1/reason").asText()).isEqualTo("NEGATIVE_VALUE");
    assertThat(answer.at("/records/1/raw_text").asText()).isEqualTo("{\"value\":-3.5}");
    assertThat(json.readTree(get("/api/v1/kappa/quarantine?limit=1").body()).get("records"))
        .hasSize(1);

    HttpResponse<String> bad = get("/api/v1/kappa/quarantine?limit=lots");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("parameter").asText()).isEqualTo("limit");
    assertThat(get("/api/v1/lambda/quarantine?limit=0").statusCode()).isEqualTo(400);
  }

  /** The window rows the shared logic makes of {@code events}. */
  private static List<WindowMetrics> windows(String... events) {
    return new EventPipeline(LogicConfig.defaults())
        .apply(RawRecords.of(events)).metrics().collectAsList().stream()
            .map(WindowMetrics::fromRow)
            .toList();
  }

  private static MicroBatchStats batch(long id, long rows) {
    return MicroBatchStats.written(id, rows);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(api, path);
  }

  private HttpResponse<String> get(ServingApi server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.address() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String range(Instant from) {
    return "&from=" + from + "&to=" + from.plusSeconds(3600);
  }
}
