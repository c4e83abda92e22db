package io.lambdakappa.testing;

import io.lambdakappa.serving.StoreLocation;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test JVM's own, from Debian's {@code postgresql} package: {@code
 * initdb} into a temporary folder, {@code pg_ctl start} on a free port of 127.0.0.1, stopped when
 * the JVM exits. It is started once per JVM (about a second); each test gets a schema of its own
 * ({@link #freshStore()}), so tests never see each other's rows. PostgreSQL refuses to run as root:
 * as root, the server runs as the {@code postgres} user ({@code runuser -u postgres --}).
 *
 * <p>{@code LK_TEST_POSTGRES=postgresql://...} points the tests at a server that is already running
 * instead.
 */
public final class LocalPostgres {

  private static final long DEADLINE_SECONDS = 60;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static StoreLocation server;

  private LocalPostgres() {}

  /** A store location in a schema no test has used yet. */
  public static synchronized StoreLocation freshStore() {
    if (server == null) {
      String given = System.getenv("LK_TEST_POSTGRES");
      server = given != null ? StoreLocation.parse(given) : start();
    }
    return server.inSchema(
        "test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
  }

  private static StoreLocation start() {
    Path bin = binaries();
    try {
      Path folder = Files.createTempDirectory("lk-postgres");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipal postgres =
            folder
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        Files.setOwner(folder, postgres);
      }
      Path data = folder.resolve("data");
      int port = freePort();
      run(
          root,
          folder,
          bin.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          "lk",
          "--auth=trust",
          "-E",
          "UTF8",
          "--locale=C.UTF-8");
      // Durability settings off: a test server's data does not outlive the JVM.
      pgCtl(
          root,
          folder,
          bin,
          data,
          "-l",
          folder.resolve("server.log").toString(),
          "-w",
          "-t",
          String.valueOf(DEADLINE_SECONDS),
          "-o",
          "-p "
              + port
              + " -k "
              + folder
              + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off",
          "start");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pgCtl(root, folder, bin, data, "-m", "immediate", "-w", "stop");
                    } finally {
                      deleteQuietly(folder);
                    }
                  }));
      return StoreLocation.parse("postgresql://lk@127.0.0.1:" + port + "/postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest PostgreSQL on this machine, as Debian installs it. */
  private static Path binaries() {
    Path versions = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(versions)) {
      try (Stream<Path> installed = Files.list(versions)) {
        Path newest =
            installed
                .filter(version -> Files.isExecutable(version.resolve("bin/pg_ctl")))
                .max(
                    Comparator.comparing(
                        version -> Integer.parseInt(version.getFileName().toString())))
                .orElse(null);
        if (newest != null) {
          return newest.resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL is not installed: the tests of the shared view store need Debian's package"
            + " (sudo apt-get install postgresql), or LK_TEST_POSTGRES=postgresql://... naming a"
            + " running server");
  }

  /** {@code pg_ctl -D DATA ARGUMENTS...} */
  private static void pgCtl(boolean root, Path folder, Path bin, Path data, String... arguments) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D"));
    command.add(data.toString());
    command.addAll(Arrays.asList(arguments));
    run(root, folder, command.toArray(String[]::new));
  }

  private static void run(boolean asPostgres, Path folder, String... command) {
    List<String> line = new ArrayList<>();
    if (asPostgres) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(Arrays.asList(command));
    try {
      File log = folder.resolve("commands.log").toFile();
      Process process =
          new ProcessBuilder(line)
              .directory(folder.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .start();
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", line) + " did not finish within " + DEADLINE_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", line)
                + " failed ("
                + process.exitValue()
                + "):\n"
                + Files.readString(log.toPath()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder the OS will clear
    }
  }
}
