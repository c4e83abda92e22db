package io.lambdakappa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lk experiment merge-boundary} end to end: Lambda's merge exact at every point; the split
 * without the seam off by exactly the duplicates that straddle a horizon, counted here from the
 * topic's own records and offsets (a plain consumer and the horizons, no pipeline code); the time
 * split only ever missing; the report renders offline.
 */
class MergeBoundaryIT {

  @TempDir static Path workdir;
  static ExperimentRun experiment;
  static JsonNode results;

  /** One record of the topic as the test reads it: where it is and which event it carries. */
  record Copy(int partition, long offset, String event) {}

  @BeforeAll
  static void experiment() throws Exception {
    experiment =
        ExperimentRun.of(
            workdir,
            "experiment",
            "merge-boundary",
            "--workdir",
            workdir.toString(),
            "--bootstrap-servers",
            SharedKafka.get().bootstrapServers(),
            "--events",
            "40000",
            "--batch-switches",
            "2");
    results = experiment.results();
  }

  @Test
  void lambdasMergeIsExactAtEveryPointAndTheOthersFailOnlyTheirOwnWay() {
    assertThat(results.get("points")).hasSize(2);
    long missedByTime = 0;
    for (JsonNode point : results.get("points")) {
      JsonNode lambda = point.get("lambda");
      assertThat(lambda.get("exact_windows").asLong()).isEqualTo(lambda.get("windows").asLong());
      assertThat(lambda.get("missing_events").asLong()).isZero();
      assertThat(lambda.get("extra_events").asLong()).isZero();
      assertThat(point.at("/no_seam/missing_events").asLong()).isZero();
      assertThat(point.at("/time/extra_events").asLong()).isZero();
      missedByTime += point.at("/time/missing_events").asLong();
    }
    // 1% of the events arrive 10 minutes late: some always land behind a batch's boundary.
    assertThat(missedByTime).isPositive();
  }

  @Test
  void withoutTheSeamExactlyTheDuplicatesStraddlingTheHorizonCountTwice() throws Exception {
    List<Copy> copies = readTopic("merge-boundary-" + results.get("run_id").asText());
    JsonNode points = results.get("points");
    for (int i = 0; i < points.size(); i++) {
      JsonNode point = points.get(i);
      Map<Integer, Long> horizon = offsets(point.get("horizon"));
      // What was published at this point: the next batch view's horizon, taken right after it
      // with nothing published in between; everything, at the last point.
      Map<Integer, Long> published =
          i + 1 < points.size() ? offsets(points.get(i + 1).get("horizon")) : null;
      Map<String, boolean[]> sides = new HashMap<>(); // event -> {before the horizon, after it}
      for (Copy copy : copies) {
        if (published != null && copy.offset() >= published.get(copy.partition())) {
          continue;
        }
        boolean before = copy.offset() < horizon.get(copy.partition());
        sides.computeIfAbsent(copy.event(), e -> new boolean[2])[before ? 0 : 1] = true;
      }
      long straddling = sides.values().stream().filter(side -> side[0] && side[1]).count();
      assertThat(point.at("/no_seam/extra_events").asLong())
          .as(point.get("label").asText())
          .isEqualTo(straddling);
    }
  }

  private static Map<Integer, Long> offsets(JsonNode json) {
    Map<Integer, Long> offsets = new HashMap<>();
    json.fields()
        .forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
    return offsets;
  }

  @Test
  void theReportSaysWhatTheNumbersSayAndRendersOffline() throws Exception {
    String dom =
        HeadlessBrowser.renderOffline(
            experiment.report().resolve("report.html"), workdir.resolve("dom.html"));
    assertThat(dom).contains("data-broken-images=\"0\"").contains("data-images=\"2\"");
    assertThat(dom)
        .contains("id=\"story\"")
        .contains("Lambda's offset split with its horizon seam was exact at all 2 points.");
  }

  /**
   * Every record of the topic, with the event it carries ({@code event_id@event_time}, or its raw
   * text if it is not an event).
   */
  private static List<Copy> readTopic(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    ObjectMapper json = new ObjectMapper();
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("read the topic within 2 minutes").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    List<Copy> copies = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      String event;
      try {
        JsonNode node = json.readTree(record.value());
        event = node.path("event_id").asText() + "@" + node.path("event_time").asText();
      } catch (Exception notJson) {
        event = record.value();
      }
      copies.add(new Copy(record.partition(), record.offset(), event));
    }
    return copies;
  }
}
