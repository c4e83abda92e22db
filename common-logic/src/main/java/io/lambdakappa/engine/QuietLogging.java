package io.lambdakappa.engine;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * lk's logging configuration ({@code log4j2.properties}: warnings, and errors only from Kafka's
 * chatty clients) wherever no one else configured logging. Run by {@code spark-submit}, lk's jar
 * comes after Spark's on the class path, so log4j finds no configuration, and Spark then installs
 * its own fallback: every INFO line of every stage and micro-batch. This replaces log4j's default
 * and Spark's fallback, and only those; a configuration an operator gave (a Spark installation's
 * {@code conf/log4j2.properties}, {@code -Dlog4j2.configurationFile}) is left as it is.
 *
 * <p>It runs twice: when lk starts (before the embedded broker logs), and once the Spark session
 * exists, because Spark installs its fallback when its context starts, over whatever it finds that
 * it takes for log4j's default.
 */
public final class QuietLogging {

  private QuietLogging() {}

  public static void replaceFallback() {
    URL ours = QuietLogging.class.getResource("/log4j2.properties");
    if (LogManager.getContext(false) instanceof LoggerContext context
        && isFallback(context)
        && ours != null) {
      try {
        context.setConfigLocation(ours.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** log4j's default (no configuration found) or Spark's fallback, not an operator's choice. */
  private static boolean isFallback(LoggerContext context) {
    String source = context.getConfiguration().getConfigurationSource().getLocation();
    return source == null || source.contains("log4j2-defaults.properties");
  }
}
