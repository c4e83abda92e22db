package io.lambdakappa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.generate.GeneratedRecord;
import io.lambdakappa.logic.WindowMetrics;
import io.lambdakappa.streaming.MicroBatchStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What "nothing lost, nothing counted twice" means after a run that crashed: the committed
 * micro-batches account for every record once, and the served windows equal the oracle's.
 */
public final class ExactlyOnce {

  private ExactlyOnce() {}

  /**
   * The micro-batches of the served generation read every record once, each batch balances, and
   * exactly the malformed records were quarantined.
   */
  public static void assertAccountsForEveryRecord(
      List<MicroBatchStats> batches, List<GeneratedRecord> records) {
    long malformed =
        records.stream().filter(r -> r.kind() == GeneratedRecord.Kind.MALFORMED).count();
    assertThat(batches).allSatisfy(batch -> assertThat(batch.balances()).as("%s", batch).isTrue());
    assertThat(batches.stream().mapToLong(MicroBatchStats::inputRows).sum())
        .as("records read")
        .isEqualTo(records.size());
    assertThat(batches.stream().mapToLong(MicroBatchStats::quarantined).sum())
        .as("records quarantined")
        .isEqualTo(malformed);
  }

  /** Every key's served one-minute windows ({@code rowsOfKey}) equal the oracle's. */
  public static void assertServes(
      List<GeneratedRecord> records, Function<String, List<WindowMetrics>> rowsOfKey) {
    Map<String, Oracle.Expected> oracle =
        Oracle.of(records, records.size(), Duration.ofMinutes(1), Set.of());
    List<WindowMetrics> rows = new ArrayList<>();
    oracle.keySet().stream()
        .map(cell -> cell.split("@")[0])
        .distinct()
        .forEach(key -> rows.addAll(rowsOfKey.apply(key)));
    Oracle.assertServes(Oracle.byCell(rows), oracle);
  }
}
