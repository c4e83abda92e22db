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

  /**
   * Waits until the session runs no job and no task, for at most 30 s. A stopped streaming query's
   * tasks can still be finishing its last micro-batch (a state store's delta file written into the
   * checkpoint after {@code stop()} returned), so a test that deletes its folder at the end waits
   * for them first.
   */
  public static void awaitNoJobs() throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (busy()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Spark still runs a job 30 s after the test's queries stopped");
      }
      Thread.sleep(50);
    }
  }

  /** A cancelled job's tasks run on until they notice: count the tasks, not only the jobs. */
  private static boolean busy() {
    org.apache.spark.SparkStatusTracker tracker = get().sparkContext().statusTracker();
    long tasks = 0;
    for (org.apache.spark.SparkExecutorInfo executor : tracker.getExecutorInfos()) {
      tasks += executor.numRunningTasks();
    }
    return tasks > 0 || tracker.getActiveJobIds().length > 0;
  }
}
