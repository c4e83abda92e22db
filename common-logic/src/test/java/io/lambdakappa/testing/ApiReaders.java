package io.lambdakappa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Readers that poll the query API while a test switches what is served, and the deadline every wait
 * of a test has. The polling tests of Lambda and Kappa both use them: each answer a reader gets is
 * kept, so the test can say whether any was half of one generation and half of another.
 */
public final class ApiReaders {

  /** One answer: which reader got it, the generation (or version) served, its events, windows. */
  public record Answer(int reader, long generation, long events, int windows) {}

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiReaders() {}

  /**
   * Reads {@code url} again and again while {@code reading} holds (and for 120 s at most), adding
   * each answer to {@code answers}; a request that fails adds generation -1, which no test accepts.
   */
  public static void poll(String url, int reader, List<Answer> answers, AtomicBoolean reading) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (reading.get() && System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        long events = 0;
        for (JsonNode window : answer.path("windows")) {
          events += window.path("events").asLong();
        }
        answers.add(
            new Answer(
                reader, answer.path("generation").asLong(), events, answer.path("windows").size()));
      } catch (Exception e) {
        answers.add(new Answer(reader, -1, -1, -1)); // every request must be answered
      }
    }
  }

  /** Polls {@code condition} until it holds; fails the test after 120 s. */
  public static void awaitUntil(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
