package io.lambdakappa.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code lk.properties} at build time, and what it runs on. */
final class LkVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "lk " + property("version"),
      "Spark "
          + org.apache.spark.package$.MODULE$.SPARK_VERSION()
          + ", Kafka "
          + org.apache.kafka.common.utils.AppInfoParser.getVersion()
          + ", Java "
          + System.getProperty("java.version")
    };
  }

  static String property(String name) {
    try (InputStream in = LkVersion.class.getResourceAsStream("/lk.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
