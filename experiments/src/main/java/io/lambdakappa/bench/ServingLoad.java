package io.lambdakappa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Load on the HTTP API: {@code clients} concurrent clients sending, together, {@code rate} requests
 * per second on a fixed schedule (an open loop). A request's latency runs from the time the
 * schedule said to send it, not from when it was sent, so a slow server that makes the clients fall
 * behind shows as latency instead of hiding it (the "coordinated omission" a closed loop suffers
 * from). Latencies go into an HdrHistogram per client, merged at the end.
 */
final class ServingLoad {

  /**
   * What the load measured.
   *
   * @param measuredNanos the time from the start of the measurement until the last measured request
   *     was answered: longer than asked when the server could not keep up, so the achieved rate is
   *     then below the asked one
   */
  record Result(long requests, long errors, long measuredNanos, Histogram latencies) {

    double achievedRate() {
      return requests * 1e9 / measuredNanos;
    }

    double p50Millis() {
      return latencies.getValueAtPercentile(50) / 1000.0;
    }

    double p99Millis() {
      return latencies.getValueAtPercentile(99) / 1000.0;
    }

    /** Both measurements as one: their requests, their time and their latencies together. */
    Result plus(Result other) {
      Histogram both = latencies.copy();
      both.add(other.latencies);
      return new Result(
          requests + other.requests,
          errors + other.errors,
          measuredNanos + other.measuredNanos,
          both);
    }
  }

  private ServingLoad() {}

  /**
   * @param request the n-th request's URI (n counts from 0 over all clients)
   */
  static Result run(
      IntFunction<URI> request, double rate, int clients, Duration warmup, Duration measured)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime() + 100_000_000; // everyone starts together
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measured.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Client>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(
          pool.submit(
              () -> {
                Client result = new Client();
                for (int n = client; ; n += clients) {
                  long due = start + n * intervalNanos;
                  if (due >= end) {
                    return result;
                  }
                  LockSupport.parkNanos(due - System.nanoTime());
                  boolean ok = send(http, request.apply(n));
                  long done = System.nanoTime();
                  if (due >= measureFrom) {
                    long micros = Math.max(1, (done - due) / 1_000);
                    result.lastDone = Math.max(result.lastDone, done);
                    result.latencies.recordValue(Math.min(micros, MAX_MICROS));
                    result.requests++;
                    result.errors += ok ? 0 : 1;
                  }
                }
              }));
    }
    pool.shutdown();
    Histogram all = new Histogram(MAX_MICROS, 3);
    long requests = 0;
    long errors = 0;
    long lastDone = measureFrom;
    for (Future<Client> future : futures) {
      try {
        Client client = future.get();
        all.add(client.latencies);
        requests += client.requests;
        errors += client.errors;
        lastDone = Math.max(lastDone, client.lastDone);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a load client failed", e.getCause());
      }
    }
    pool.awaitTermination(10, TimeUnit.SECONDS);
    return new Result(requests, errors, Math.max(measured.toNanos(), lastDone - measureFrom), all);
  }

  private static final long MAX_MICROS = 60_000_000;

  private static boolean send(HttpClient http, URI uri) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One client's share. */
  private static final class Client {
    final Histogram latencies = new Histogram(MAX_MICROS, 3);
    long requests;
    long errors;
    long lastDone;
  }
}
