package io.lambdakappa.cli;

import io.lambdakappa.runtime.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the view store lives in the workspace, and the address of the API of the process that holds
 * it. DuckDB lets one process write a database file; other {@code lk} processes reach the views
 * through that process's API, whose address it leaves here.
 */
final class StoreFiles {

  private StoreFiles() {}

  static Path database(Workspace workspace) {
    return workspace.store().resolve("lk.duckdb");
  }

  static Path apiAddressFile(Workspace workspace) {
    return workspace.store().resolve("api.address");
  }

  static void writeApiAddress(Workspace workspace, String address) {
    try {
      Files.createDirectories(workspace.store());
      Files.writeString(apiAddressFile(workspace), address + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void removeApiAddress(Workspace workspace) {
    try {
      Files.deleteIfExists(apiAddressFile(workspace));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<String> apiAddress(Workspace workspace) {
    Path file = apiAddressFile(workspace);
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
