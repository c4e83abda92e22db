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
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
