package io.lambdakappa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A live page as a reader sees it over time: a real headless Chromium, its network cut off as in
 * {@link HeadlessBrowser} (every host unresolvable, a dead proxy; only 127.0.0.1 is reached, which
 * Chromium never sends through a proxy), asked what its page shows while the page keeps updating.
 * It speaks the browser's DevTools protocol (JSON messages over a WebSocket, with the JDK's own
 * client): {@code Runtime.evaluate} of an expression in the page, its value returned.
 */
final class DevToolsBrowser implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process chromium;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> answers;
  private final AtomicInteger ids = new AtomicInteger();

  private DevToolsBrowser(
      Process chromium, WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> answers) {
    this.chromium = chromium;
    this.socket = socket;
    this.answers = answers;
  }

  /** Opens {@code url} in a new headless Chromium whose profile lives in {@code profile}. */
  static DevToolsBrowser open(String url, Path profile) throws Exception {
    Process chromium =
        new ProcessBuilder(
                HeadlessBrowser.chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profile,
                url)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      int port = debuggingPort(chromium, profile.resolve("DevToolsActivePort"));
      Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(URI.create(pageSocket(port)), new Answers(answers))
              .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      return new DevToolsBrowser(chromium, socket, answers);
    } catch (Exception | AssertionError e) {
      chromium.destroyForcibly();
      throw e;
    }
  }

  /** Chromium writes the port it chose to its profile, once it listens. */
  private static int debuggingPort(Process chromium, Path activePort) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!chromium.isAlive()) {
        throw new AssertionError("headless Chromium exited with " + chromium.exitValue());
      }
      if (Files.exists(activePort)) {
        List<String> lines = Files.readAllLines(activePort, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("headless Chromium did not listen within " + DEADLINE);
  }

  /** The DevTools WebSocket of the browser's one page. */
  private static String pageSocket(int port) throws Exception {
    HttpResponse<String> targets =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode target : JSON.readTree(targets.body())) {
      if ("page".equals(target.path("type").asText())) {
        return target.path("webSocketDebuggerUrl").asText();
      }
    }
    throw new AssertionError("no page among Chromium's targets: " + targets.body());
  }

  /** The value of {@code expression} in the page now (JSON: numbers, strings, arrays, objects). */
  JsonNode evaluate(String expression) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    Map<String, Object> message =
        Map.of(
            "id",
            id,
            "method",
            "Runtime.evaluate",
            "params",
            Map.of("expression", expression, "returnByValue", true));
    socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode result = answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    if (result.has("exceptionDetails")) {
      throw new AssertionError(
          expression + " failed in the page: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /**
   * Evaluates {@code expression} every 250 ms until its value satisfies {@code condition}; fails
   * with the last value after {@code deadline}.
   */
  JsonNode await(String expression, Predicate<JsonNode> condition, Duration deadline)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    JsonNode value = evaluate(expression);
    while (!condition.test(value)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "the page did not show what was awaited within "
                + deadline
                + ": "
                + expression
                + " = "
                + value);
      }
      Thread.sleep(250);
      value = evaluate(expression);
    }
    return value;
  }

  @Override
  public void close() {
    socket.abort();
    chromium.destroyForcibly();
    try {
      chromium.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hands each answer (a whole text message, perhaps in parts) to the request with its id. */
  private static final class Answers implements WebSocket.Listener {
    private final Map<Integer, CompletableFuture<JsonNode>> answers;
    private final StringBuilder message = new StringBuilder();

    Answers(Map<Integer, CompletableFuture<JsonNode>> answers) {
      this.answers = answers;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
      message.append(part);
      if (last) {
        try {
          JsonNode answer = JSON.readTree(message.toString());
          CompletableFuture<JsonNode> waiting = answers.remove(answer.path("id").asInt(-1));
          if (waiting != null) {
            waiting.complete(answer.path("result"));
          }
        } catch (Exception e) {
          // an event or a message that is not JSON: nobody waits for it
        }
        message.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
