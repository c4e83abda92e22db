package io.lambdakappa.generate;

/** Where generated or imported records go: files, a Kafka topic, or (in tests) a list. */
public interface EventSink extends AutoCloseable {

  void write(String json);

  /** Flushes and releases; fails if any earlier write could not be delivered. */
  @Override
  void close();
}
