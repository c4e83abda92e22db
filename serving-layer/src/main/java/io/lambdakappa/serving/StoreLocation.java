package io.lambdakappa.serving;

import io.lambdakappa.runtime.Workspace;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where the view store is: the embedded default (a DuckDB file in the workspace, one process), or a
 * PostgreSQL database that several processes share, written as {@code
 * postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?schema=NAME]} (the libpq form). The store's
 * tables go into the schema (default {@code lk}), so one database can hold several stores.
 *
 * @param jdbcUrl the PostgreSQL JDBC URL, or null for the embedded store
 * @param user the database user, or null for the driver's default
 * @param password or null
 */
public record StoreLocation(String jdbcUrl, String user, String password, String schema) {

  /** The schema a PostgreSQL store uses when the location names none. */
  public static final String DEFAULT_SCHEMA = "lk";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public StoreLocation {
    if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "the schema must be a lower-case SQL name ([a-z_][a-z0-9_]*, at most 63 characters),"
              + " got '"
              + schema
              + "'");
    }
  }

  /** The embedded DuckDB file of the workspace. */
  public static StoreLocation embedded() {
    return new StoreLocation(null, null, null, null);
  }

  /**
   * Reads a location as an operator writes it: {@code embedded}, or a {@code postgresql://} URL.
   *
   * @throws IllegalArgumentException saying what is wrong and what is accepted
   */
  public static StoreLocation parse(String text) {
    if (text.equals("embedded")) {
      return embedded();
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw notALocation(text, e.getReason());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw notALocation(text, "unknown kind of store");
    }
    if (uri.getHost() == null) {
      throw notALocation(text, "no host");
    }
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (database.isEmpty() || database.contains("/")) {
      throw notALocation(text, "no database (postgresql://HOST:PORT/DATABASE)");
    }
    String schema = DEFAULT_SCHEMA;
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        String[] pair = parameter.split("=", 2);
        if (pair.length != 2 || !pair[0].equals("schema")) {
          throw notALocation(text, "the only parameter understood is schema=NAME");
        }
        schema = decode(pair[1]);
      }
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] credentials = uri.getRawUserInfo().split(":", 2);
      user = decode(credentials[0]);
      password = credentials.length == 2 ? decode(credentials[1]) : null;
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new StoreLocation(
        "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database, user, password, schema);
  }

  private static IllegalArgumentException notALocation(String text, String why) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a view store ("
            + why
            + "): use 'embedded' (the DuckDB file in the workdir) or"
            + " postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?schema=NAME]");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** True for the DuckDB file in the workspace, which one process at a time can open. */
  public boolean isEmbedded() {
    return jdbcUrl == null;
  }

  /** The same database with the store's tables in another schema (a compare run's own). */
  public StoreLocation inSchema(String otherSchema) {
    return isEmbedded() ? this : new StoreLocation(jdbcUrl, user, password, otherSchema);
  }

  /** Opens the store: for the embedded one, the workspace's DuckDB file. */
  public ViewStore open(Workspace workspace) {
    return SqlViewStore.open(
        isEmbedded() ? new DuckDbDatabase(workspace.database()) : new PostgresDatabase(this));
  }

  /** For messages: never the password. */
  public String describe() {
    return isEmbedded()
        ? "the embedded DuckDB store"
        : jdbcUrl.substring("jdbc:".length())
            + "?schema="
            + schema
            + (user == null ? "" : " as " + user);
  }

  @Override
  public String toString() {
    return describe();
  }
}
