package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API under a hostile client, on loopback, bounded in requests and time: every answer is JSON
 * with the right status (never a 500 for a bad request), only exact paths are endpoints, and
 * clients that send half a request and wait cannot stall everyone else.
 */
class ServingApiAbuseTest {

  @TempDir Path temp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
  void timesFarOutsideTheCalendarAreA400NotA500() throws Exception {
    // Each pair is a valid range (from before to, at most 31 days), just far outside the calendar.
    for (String[] range :
        List.of(
            new String[] {"%2B300000-01-01T00:00:00Z", "%2B300000-01-02T00:00:00Z"},
            new String[] {"-300000-01-01T00:00:00Z", "-300000-01-02T00:00:00Z"},
            new String[] {"%2B1000000000-01-01T00:00:00Z", "%2B1000000000-01-02T00:00:00Z"},
            new String[] {"-1000000000-12-01T00:00:00Z", "-1000000000-12-31T23:59:59Z"},
            new String[] {"0000-01-01T00:00:00Z", "0000-01-02T00:00:00Z"})) {
      for (String architecture : List.of("lambda", "kappa")) {
        String path =
            "/api/v1/" + architecture + "/metrics?key=k&from=" + range[0] + "&to=" + range[1];
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
        assertThat(json(response).has("parameter")).as(path).isTrue();
      }
    }
  }

  @Test
  void onlyExactPathsAreEndpoints() throws Exception {
    for (String path :
        List.of(
            "/api/v1/statusX",
            "/api/v1/health/../status",
            "/api/v1/health/",
            "/api/v1/lambda/metricsfoo?key=k&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z",
            "/api/v1/kappa/quarantine/x",
            "/api")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(json(response).get("error").asText()).as(path).contains("no such endpoint");
    }
    assertThat(get("/api/v1/status").statusCode()).isEqualTo(200);
  }

  /**
   * 300 random requests from a fixed seed, each a valid URI with hostile values: every one
   * answered, in JSON, never with a 5xx.
   */
  @Test
  void randomHostileRequestsAreAnsweredInJsonWithoutA500() throws Exception {
    SplittableRandom random = new SplittableRandom(20261125);
    List<String> paths =
        List.of(
            "/api/v1/lambda/metrics",
            "/api/v1/kappa/metrics",
            "/api/v1/lambda/quarantine",
            "/api/v1/status",
            "/api/v1/health",
            "/api/v1/nothing");
    List<String> values =
        List.of(
            "",
            "k0",
            "%00",
            "%25zz",
            "%zz", // not a URI at all: the JDK's own server answered it in HTML, before any handler
            "%",
            "'%3B DROP TABLE served;--",
            "2026-01-01T00:00:00Z",
            "2026-13-45T25:61:61Z",
            "%2B999999999-12-31T23:59:59Z",
            "1e400",
            "-1",
            "99999999999999999999",
            "NaN",
            "%E2%80%AE",
            "x".repeat(5_000));
    List<String> names = List.of("key", "from", "to", "limit", "", "from", "=");
    for (int i = 0; i < 300; i++) {
      StringBuilder uri = new StringBuilder(paths.get(random.nextInt(paths.size())));
      int parameters = random.nextInt(5);
      for (int p = 0; p < parameters; p++) {
        uri.append(p == 0 ? '?' : '&')
            .append(names.get(random.nextInt(names.size())))
            .append('=')
            .append(values.get(random.nextInt(values.size())));
      }
      String request = uri.toString();
      RawResponse response = raw("GET " + request + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(response.status()).as(request).isBetween(200, 499);
      assertThat(response.body()).as(request).startsWith("{");
      JsonFiles.mapper().readTree(response.body()); // parses
    }
  }

  /** What no HTTP client library would send, a hostile one does: every answer is still JSON. */
  @Test
  void malformedUrisAndRequestLinesAreAnsweredInJson() throws Exception {
    RawResponse badEscape =
        raw(
            "GET /api/v1/lambda/metrics?key=%zz&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z"
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(JsonFiles.mapper().readTree(badEscape.body()).get("error").asText()).isNotBlank();

    RawResponse badPath = raw("GET /api/v1/status%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(badPath.status()).isEqualTo(404);
    assertThat(JsonFiles.mapper().readTree(badPath.body()).get("error").asText())
        .contains("no such endpoint");

    RawResponse notHttp = raw("HELLO THERE\r\n\r\n");
    assertThat(notHttp.status()).isEqualTo(400);
    assertThat(JsonFiles.mapper().readTree(notHttp.body()).get("error").asText())
        .contains("malformed request");
  }

  @Test
  void clientsThatSendHalfARequestCannotStallTheOthers() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port());
        socket.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHo".getBytes());
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      // Answered while the stalled clients still hold their connections (the server drops a
      // half-read request after 5 s): the request's own 3 s deadline fails the test otherwise.
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(api.address() + "/api/v1/health"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private record RawResponse(int status, String body) {}

  /** Sends bytes as they are (no client-side validation of the URI) and reads the answer. */
  private RawResponse raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return new RawResponse(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        break;
      }
      head.append((char) next);
    }
    return head.toString();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.address() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JsonFiles.mapper().readTree(response.body());
  }
}
