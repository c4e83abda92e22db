package io.lambdakappa.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.runtime.Workspace;
import io.lambdakappa.streaming.MicroBatchStats;
import io.lambdakappa.testing.LocalPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view store's guarantees on PostgreSQL (a server of the test JVM's own, {@link
 * LocalPostgres}), and what only a shared store must do: serve what another process wrote, and let
 * several processes open it at once.
 */
class PostgresViewStoreTest extends ViewStoreContract {

  @TempDir Path temp;
  private StoreLocation location;

  @Override
  ViewStore openStore() {
    location = LocalPostgres.freshStore();
    return location.open(new Workspace(temp));
  }

  @Test
  void anotherProcessReadsWhatOneWroteAndSeesItsSwitch() {
    // Two stores on one database are what two lk processes hold: a writer and a server.
    try (ViewStore server = location.open(new Workspace(temp.resolve("other")))) {
      store.upsert("a_view", 1, generation(1), MicroBatchStats.written(0, 3), List.of());
      store.serve("a_view", 1);
      assertThat(server.servedGeneration("a_view")).contains(1L);

      store.upsert("a_view", 2, generation(2), MicroBatchStats.written(0, 3), List.of());
      store.serve("a_view", 2);
      ViewStore.ServedRows served =
          server
              .servedRows(
                  "a_view",
                  "home",
                  Instant.parse("2026-11-24T10:00:00Z"),
                  Instant.parse("2026-11-24T11:00:00Z"))
              .orElseThrow();
      assertThat(served.generation()).isEqualTo(2);
      assertThat(served.rows()).extracting(WindowMetrics::events).containsOnly(2L);
    }
  }

  @Test
  void severalProcessesOpeningANewStoreAtOnceAllGetIt() throws Exception {
    // Concurrent CREATE TABLE IF NOT EXISTS collide in PostgreSQL's catalog; the store takes a
    // lock around its tables' creation.
    StoreLocation fresh = LocalPostgres.freshStore();
    ExecutorService opening = Executors.newFixedThreadPool(4);
    try {
      List<Future<ViewStore>> stores = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        stores.add(opening.submit(() -> fresh.open(new Workspace(temp))));
      }
      for (Future<ViewStore> opened : stores) {
        try (ViewStore each = opened.get(60, TimeUnit.SECONDS)) {
          assertThat(each.servedGeneration("a_view")).isEmpty();
        }
      }
    } finally {
      opening.shutdownNow();
    }
  }
}
