package io.lambdakappa.logic;

import static io.lambdakappa.testing.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakappa.testing.StreamTimeline;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on a stream, as timelines: add events (one micro-batch), assert, with one comment a
 * step saying why. The watermark is 2 minutes behind the largest event time seen.
 */
class StreamingPipelineTest {

  private final EventPipeline pipeline = new EventPipeline(LogicConfig.defaults());

  @Test
  void dropsEventsBehindTheWatermarkAndCountsDuplicatesApart() throws Exception {
    String aliceAtTen = view("alice", "home", "2026-01-01T00:00:10Z", "1");
    String bobAtFiveMinutes = view("bob", "home", "2026-01-01T00:05:00Z", "2");
    try (StreamTimeline timeline = StreamTimeline.of(pipeline, "timeline")) {
      timeline.add(aliceAtTen, view("carol", "home", "2026-01-01T00:00:20Z", "3"));
      // Two on-time events in the first minute.
      assertThat(timeline.eventsIn("2026-01-01 00:00:00")).isEqualTo(2);

      timeline.add(bobAtFiveMinutes);
      // The watermark is now 00:03:00: five minutes seen, minus the two-minute delay.

      timeline.add(view("dave", "home", "2026-01-01T00:00:30Z", "4"), aliceAtTen, bobAtFiveMinutes);
      // dave is late (00:00:30 is behind 00:03:00): dropped, not counted.
      // The copy of alice is behind the watermark too: dropped as late, not as a duplicate.
      // The copy of bob is within the watermark: removed as a duplicate.
      assertThat(timeline.eventsIn("2026-01-01 00:00:00")).isEqualTo(2);
      assertThat(timeline.eventsIn("2026-01-01 00:05:00")).isEqualTo(1);
      assertThat(timeline.accounting()).isEqualTo(new StreamAccounting(6, 3, 1, 2));
    }
  }

  @Test
  void anEventFromTheFutureCannotPoisonTheWatermark() throws Exception {
    try (StreamTimeline timeline = StreamTimeline.of(pipeline, "poison")) {
      // Records arrive now (late 2026); one producer's clock says 2099, inside the accepted range.
      timeline.add(view("mallory", "home", "2099-06-01T00:00:00Z", "1"));
      // Quarantined: it is years ahead of its arrival, so it never moves the watermark.

      timeline.add(view("alice", "home", "2026-01-01T00:00:10Z", "2"));
      // Counted: had the 2099 event moved the watermark, alice would be dropped as late.
      assertThat(timeline.eventsIn("2026-01-01 00:00:00")).isEqualTo(1);
      assertThat(timeline.accounting()).isEqualTo(new StreamAccounting(1, 1, 0, 0));
    }
  }

  /**
   * What the data contract promises of state: the stream remembers an event's id only until the
   * watermark passes its time, so deduplication's state is the size of the last few minutes, not of
   * the whole history.
   */
  @Test
  void deduplicationForgetsAnIdOnceTheWatermarkHasPassedIt() throws Exception {
    try (StreamTimeline timeline = StreamTimeline.of(pipeline, "forgetting")) {
      timeline.add(
          view("alice", "home", "2026-01-01T00:00:10Z", "1"),
          view("bob", "home", "2026-01-01T00:00:20Z", "1"),
          view("carol", "home", "2026-01-01T00:00:30Z", "1"));
      // Three ids remembered: a copy of any of them may still come.
      assertThat(timeline.stateRows()).containsEntry("dedupe", 3L);

      timeline.add(view("dave", "home", "2026-01-01T00:10:00Z", "1"));
      timeline.add(view("erin", "home", "2026-01-01T00:10:05Z", "1"));
      // The watermark is past 00:07: the first three ids are forgotten; dave's and erin's are kept.
      assertThat(timeline.stateRows()).containsEntry("dedupe", 2L);
      assertThat(timeline.eventsIn("2026-01-01 00:00:00")).isEqualTo(3);
    }
  }
}
