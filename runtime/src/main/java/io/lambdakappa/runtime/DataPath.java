package io.lambdakappa.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where data lives that every process of a run must reach (the master dataset, batch views,
 * manifests, checkpoints), on any file system Hadoop's client knows: a local folder ({@code
 * file:}), HDFS ({@code hdfs://namenode:port/dir}), an object store ({@code s3a://bucket/dir}).
 * Spark takes it as is ({@link #toString()}); the project's own reads, writes, listings and deletes
 * go through {@link DataFiles}.
 */
public record DataPath(URI uri) {

  public DataPath {
    uri = uri.normalize();
  }

  /** A local folder or file. */
  public static DataPath of(Path local) {
    return new DataPath(local.toAbsolutePath().normalize().toUri());
  }

  /**
   * A location as an operator or a manifest writes it: a URI with a scheme ({@code hdfs://…},
   * {@code file:/…}), or a local path.
   *
   * @throws IllegalArgumentException if it is neither
   */
  public static DataPath parse(String text) {
    if (text.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !text.matches("[a-zA-Z]:\\\\.*")) {
      try {
        URI uri = new URI(text);
        if (uri.getScheme() != null) {
          return new DataPath(uri);
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + text + "' is not a location: " + e.getReason(), e);
      }
    }
    return of(Path.of(text));
  }

  /** The file or folder {@code name} inside this folder. */
  public DataPath resolve(String name) {
    String base = uri.toString();
    return new DataPath(URI.create(base.endsWith("/") ? base + name : base + "/" + name));
  }

  /** The last element of the path. */
  public String name() {
    String path = uri.getPath().replaceAll("/+$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  public boolean isLocal() {
    return "file".equals(uri.getScheme());
  }

  /** The local path of a {@code file:} location. */
  public Path local() {
    if (!isLocal()) {
      throw new IllegalStateException(this + " is not on the local file system");
    }
    return Path.of(uri);
  }

  /** The location as Spark and Hadoop take it. */
  @Override
  public String toString() {
    String text = uri.toString();
    return text.endsWith("/") && text.length() > uri.getScheme().length() + 2
        ? text.substring(0, text.length() - 1)
        : text;
  }
}
