package io.lambdakappa.serving;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The view store's guarantees on the embedded default, a DuckDB file. */
class DuckDbViewStoreTest extends ViewStoreContract {

  @TempDir Path temp;

  @Override
  ViewStore openStore() {
    return SqlViewStore.duckDb(temp.resolve("lk.duckdb"));
  }
}
