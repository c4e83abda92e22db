package io.lambdakappa.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lambdakappa.runtime.JsonFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP JSON API, on the JDK's own HTTP server, bound to 127.0.0.1:
 *
 * <pre>
 *   GET /api/v1/lambda/metrics?key=K&amp;from=T1&amp;to=T2   batch ⊕ realtime windows, provenance
 *   GET /api/v1/kappa/metrics?key=K&amp;from=T1&amp;to=T2    the served Kappa version's windows
 *   GET /api/v1/status                                  views, versions, lag, record counts
 *   GET /api/v1/health                                  {"status":"ok"}
 * </pre>
 *
 * A bad parameter gets a 400 whose JSON body names it; an unknown path a 404; anything but GET a
 * 405. Queries reach the store only through parameterised SQL.
 */
public final class ServingApi implements AutoCloseable {

  static {
    // The JDK server writes a response's headers and body as two TCP segments. With Nagle's
    // algorithm on, the second waits for the client's ACK of the first, which the client delays
    // by up to 40 ms: every answer took about 50 ms however fast the query was (measured with
    // lk bench). TCP_NODELAY sends both at once. The server reads this property once, when it is
    // first used, hence a static block.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // A worker thread reads a request's headers itself, so a client that sends half a request
    // and waits holds one. The server drops a request not read whole within this many seconds.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "5");
    }
  }

  /**
   * Workers: enough that a few slow or stalled clients cannot starve everyone else (each holds a
   * worker for at most {@code maxReqTime}), few enough to bound the store's read connections.
   */
  private static final int MAX_WORKERS = 64;

  private static final ObjectMapper JSON = JsonFiles.mapper();

  private final HttpServer server;
  private final ExecutorService workers;

  private ServingApi(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Starts the API.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @param status what {@code /api/v1/status} reports, computed per request
   */
  public static ServingApi start(
      int port, LambdaServing lambda, KappaServing kappa, Supplier<Object> status)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            MAX_WORKERS, MAX_WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    workers.allowCoreThreadTimeOut(true); // idle threads go; they start again on demand
    server.setExecutor(workers);
    endpoint(
        server,
        "/api/v1/lambda/metrics",
        query -> {
          QueryParameters metrics = QueryParameters.fromQueryString(query);
          return AnswerJson.of(lambda.query(metrics.key(), metrics.from(), metrics.to()));
        });
    endpoint(
        server,
        "/api/v1/kappa/metrics",
        query -> {
          QueryParameters metrics = QueryParameters.fromQueryString(query);
          return AnswerJson.of(kappa.query(metrics.key(), metrics.from(), metrics.to()));
        });
    endpoint(
        server,
        "/api/v1/lambda/quarantine",
        query -> lambda.quarantine(QueryParameters.limit(query)));
    endpoint(
        server,
        "/api/v1/kappa/quarantine",
        query -> kappa.quarantine(QueryParameters.limit(query)));
    endpoint(server, "/api/v1/status", query -> status.get());
    endpoint(server, "/api/v1/health", query -> Map.of("status", "ok"));
    server.createContext("/", exchange -> send(exchange, 404, noSuchEndpoint(exchange)));
    server.start();
    return new ServingApi(server, workers);
  }

  /**
   * An endpoint at exactly {@code path}: the JDK server matches contexts by prefix, so {@code
   * /api/v1/statusX} or {@code /api/v1/health/../status} would otherwise reach it. {@code answer}
   * gets the raw query string.
   */
  private static void endpoint(HttpServer server, String path, Function<String, Object> answer) {
    server.createContext(
        path,
        exchange -> {
          if (!path.equals(exchange.getRequestURI().getRawPath())) {
            send(exchange, 404, noSuchEndpoint(exchange));
            return;
          }
          respond(exchange, () -> answer.apply(exchange.getRequestURI().getRawQuery()));
        });
  }

  private static Map<String, Object> noSuchEndpoint(HttpExchange exchange) {
    return error("no such endpoint: " + exchange.getRequestURI().getRawPath(), null);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private static void respond(HttpExchange exchange, Supplier<Object> handler) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET");
      send(
          exchange,
          405,
          error("method " + exchange.getRequestMethod() + " not allowed; use GET", null));
      return;
    }
    try {
      send(exchange, 200, handler.get());
    } catch (QueryParameters.BadParameter e) {
      send(exchange, 400, error(e.getMessage(), e.parameter()));
    } catch (RuntimeException e) {
      send(exchange, 500, error("internal error: " + e.getMessage(), null));
    }
  }

  private static Map<String, Object> error(String message, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    return body;
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
