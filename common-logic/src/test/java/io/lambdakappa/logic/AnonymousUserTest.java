package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lambdakappa.testing.RawRecords;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * An empty {@code user_id} is one user, the anonymous one (37% of the rows of the UCI Online Retail
 * dataset have no customer): counted once per window, like a named user, so the distinct-user
 * figure agrees with an exact {@code COUNT(DISTINCT user_id)}.
 */
class AnonymousUserTest {

  @Test
  void anEmptyUserIsOneUserInTheWindowAndInAMerge() {
    EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());
    List<Row> batchPart =
        pipeline
            .apply(
                RawRecords.of(
                    view("", "shop", "2026-01-01T00:00:10Z", "1"),
                    view("", "shop", "2026-01-01T00:00:20Z", "2"),
                    view("alice", "shop", "2026-01-01T00:00:30Z", "3")))
            .metrics()
            .select(WindowAggregation.distinctUsers())
            .collectAsList();
    assertThat(batchPart).hasSize(1);
    assertThat(batchPart.get(0).getLong(0)).isEqualTo(2);

    WindowMetrics first =
        WindowMetrics.fromRow(
            pipeline
                .apply(RawRecords.of(view("", "shop", "2026-01-01T00:00:10Z", "1")))
                .metrics()
                .first());
    WindowMetrics second =
        WindowMetrics.fromRow(
            pipeline
                .apply(
                    RawRecords.of(
                        view("", "shop", "2026-01-01T00:00:40Z", "1"),
                        view("bob", "shop", "2026-01-01T00:00:50Z", "1")))
                .metrics()
                .first());
    // The anonymous user of one part is the anonymous user of the other.
    assertThat(first.merge(second).distinctUsers()).isCloseTo(2.0, within(0.01));
  }
}
