package io.lambdakappa.testing;

import io.lambdakappa.engine.SparkSessions;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for every test class in a JVM: starting one costs about four seconds, so
 * tests share it. Two cores and two shuffle partitions keep small tests fast.
 */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSessions.create("lk-tests", "local[2]");
      session.conf().set("spark.sql.shuffle.partitions", "2");
      // Spark's state store maintenance writes snapshots of the heap store's state in the
      // background, into checkpoints a test may be deleting as its temporary folder goes away
      // (JUnit's cleanup does not retry as DataFiles.deleteRecursively does). Tests replay a few
      // micro-batches: the deltas are enough, and no snapshot is written under a test's feet.
      session.conf().set("spark.sql.streaming.stateStore.minDeltasForSnapshot", "1000000");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
