package io.lambdakappa.serving;

import io.lambdakappa.batch.BatchViewCatalog;
import io.lambdakappa.kappa.KappaServing;
import io.lambdakappa.lambda.LambdaServing;
import io.lambdakappa.lambda.LambdaStatus;
import io.lambdakappa.runtime.DataPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A view store in a folder and the API over it, serving both architectures on a free loopback port
 * as {@code lk bench} does: the API tests' fixture.
 */
record RunningApi(ViewStore store, ServingApi api) implements AutoCloseable {

  static RunningApi in(Path folder) throws IOException {
    ViewStore store = SqlViewStore.duckDb(folder.resolve("lk.duckdb"));
    BatchViewCatalog catalog = new BatchViewCatalog(DataPath.of(folder.resolve("views")));
    ServingApi api =
        ServingApi.start(
            0,
            List.of(new LambdaServing(store, catalog), new KappaServing(store)),
            () -> Map.of("lambda", LambdaStatus.of(store, catalog, 0L, null)));
    return new RunningApi(store, api);
  }

  @Override
  public void close() {
    api.close();
    store.close();
  }
}
