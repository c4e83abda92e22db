package io.lambdakappa.testing;

import io.lambdakappa.runtime.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One embedded broker for every integration test in a JVM, in a fresh temporary directory. */
public final class SharedKafka {

  private static EmbeddedKafka broker;

  private SharedKafka() {}

  public static synchronized EmbeddedKafka get() {
    if (broker == null) {
      try {
        broker = EmbeddedKafka.start(Files.createTempDirectory("lk-kafka-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker;
  }
}
