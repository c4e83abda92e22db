package io.lambdakappa.live;

import io.lambdakappa.kappa.KappaPipeline;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.kappa.KappaStatus;
import io.lambdakappa.lambda.LambdaPipeline;
import io.lambdakappa.lambda.LambdaServing;
import io.lambdakappa.lambda.LambdaStatus;
import io.lambdakappa.runtime.LatestOffsets;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.serving.ServingApi;
import io.lambdakappa.serving.ViewStore;
import io.lambdakappa.streaming.StreamingViewQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The classroom page over {@code lk compare}'s live phase and correction: Lambda and Kappa, one
 * process, one store, and the live oracle, on one API. The page is the one {@code lk lambda run}
 * and {@code lk kappa run} serve; here it has both architectures' columns.
 */
public final class CompareLiveView implements AutoCloseable {

  private final LiveOracle oracle;
  private final ServingApi api;

  private CompareLiveView(LiveOracle oracle, ServingApi api) {
    this.oracle = oracle;
    this.api = api;
  }

  /**
   * Serves the page on {@code port} of 127.0.0.1 (0: any free one) from now on. The pipelines'
   * streams may start later: until they do, their lag and watermark are unknown.
   */
  public static CompareLiveView start(
      int port,
      ViewStore store,
      Workspace workspace,
      LambdaPipeline lambda,
      KappaPipeline kappa,
      String bootstrapServers,
      String topic,
      Duration window) {
    LiveOracle oracle = LiveOracle.start(bootstrapServers, topic, window);
    LatestOffsets latest = new LatestOffsets(bootstrapServers, topic, LatestOffsets.PATIENCE);
    try {
      ServingApi api =
          ServingApi.start(
              port,
              List.of(
                  new LambdaServing(store, LambdaPipeline.catalog(workspace)),
                  new KappaServing(store)),
              () ->
                  Map.of(
                      "lambda",
                      LambdaStatus.of(
                          store,
                          LambdaPipeline.catalog(workspace),
                          lag(latest, lambda.served()),
                          watermark(lambda.served())),
                      "kappa",
                      KappaStatus.of(
                          store,
                          KappaPipeline.versions(workspace),
                          lag(latest, kappa.served()),
                          watermark(kappa.served()))),
              List.of(oracle));
      return new CompareLiveView(oracle, api);
    } catch (IOException e) {
      oracle.close();
      throw new UncheckedIOException("cannot serve the live page: " + e.getMessage(), e);
    }
  }

  /** Where the page is: {@code http://127.0.0.1:PORT/live}. */
  public String address() {
    return api.address() + "/live";
  }

  private static Long lag(LatestOffsets latest, StreamingViewQuery served) {
    return served == null ? null : latest.read().map(served::lag).orElse(null);
  }

  private static Instant watermark(StreamingViewQuery served) {
    return Optional.ofNullable(served).flatMap(StreamingViewQuery::watermark).orElse(null);
  }

  @Override
  public void close() {
    try {
      api.close();
    } finally {
      oracle.close();
    }
  }
}
