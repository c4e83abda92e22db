package io.lambdakappa.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the project's own file operations guarantee on every file system the data can live on
 * ({@link LocalDataFilesTest}, {@link HdfsDataFilesIT}): atomic replacement, listings that skip
 * nothing and invent nothing, deletes that leave nothing, sizes, copies to a local folder.
 */
abstract class DataFilesContract {

  @TempDir Path temp;

  /** An empty folder on the file system under test. */
  abstract DataPath folder();

  private DataPath root;

  @BeforeEach
  void emptyFolder() {
    root = folder();
  }

  record Manifest(long version, Instant at, Map<Integer, Long> horizon) {}

  @Test
  void aFileWrittenAtomicallyReadsBackWholeAndIsReplacedWhole() {
    DataPath file = root.resolve("views/v1.json");
    Manifest first = new Manifest(1, Instant.parse("2026-11-29T08:00:00Z"), Map.of(0, 10L));
    Manifest second = new Manifest(1, Instant.parse("2026-11-29T09:00:00Z"), Map.of(0, 20L));

    JsonFiles.write(file, first);
    assertThat(JsonFiles.read(file, Manifest.class)).isEqualTo(first);
    JsonFiles.write(file, second); // over an existing file: the rename replaces it
    assertThat(JsonFiles.read(file, Manifest.class)).isEqualTo(second);
    // Nothing but the file itself is left: no temporary file, no checksum file.
    assertThat(DataFiles.list(root.resolve("views")))
        .extracting(DataPath::name)
        .containsExactly("v1.json");
  }

  @Test
  void aListingHasWhatTheFolderHoldsAndAMissingFolderIsEmpty() {
    DataPath views = root.resolve("views");
    assertThat(DataFiles.list(views)).isEmpty();
    assertThat(DataFiles.exists(views)).isFalse();
    JsonFiles.write(views.resolve("v1.json"), new Manifest(1, Instant.EPOCH, Map.of()));
    JsonFiles.write(views.resolve("v2.json"), new Manifest(2, Instant.EPOCH, Map.of()));
    DataFiles.writeAtomically(views.resolve("v2/part-0.parquet"), new byte[100]);

    assertThat(DataFiles.list(views))
        .extracting(DataPath::name)
        .containsExactlyInAnyOrder("v1.json", "v2.json", "v2");
    assertThat(JsonFiles.readAll(views, Pattern.compile("v\\d+\\.json"), Manifest.class))
        .extracting(Manifest::version)
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(DataFiles.countFolders(views)).isEqualTo(1);
    assertThat(DataFiles.isDirectory(views.resolve("v2"))).isTrue();
    assertThat(DataFiles.size(views.resolve("v2"))).isEqualTo(100);
  }

  @Test
  void aDeletedFolderIsGoneWithEverythingInIt() {
    DataPath view = root.resolve("views/v3");
    DataFiles.writeAtomically(view.resolve("part-0.parquet"), new byte[10]);
    DataFiles.writeAtomically(view.resolve("nested/part-1.parquet"), new byte[10]);

    DataFiles.deleteRecursively(view);
    assertThat(DataFiles.exists(view)).isFalse();
    DataFiles.deleteRecursively(view); // and again: nothing to do is not an error
    assertThat(DataFiles.size(view)).isZero();
  }

  @Test
  void aViewsFilesCopyToALocalFolder() throws Exception {
    DataPath view = root.resolve("views/v4");
    DataFiles.writeAtomically(
        view.resolve("part-0.parquet"), "rows".getBytes(StandardCharsets.UTF_8));
    DataFiles.writeAtomically(view.resolve("_SUCCESS"), new byte[0]);
    Path local = Files.createDirectories(temp.resolve("copy"));

    DataFiles.copyToLocal(view, local, ".parquet");
    try (var files = Files.list(local)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactly("part-0.parquet");
    }
    assertThat(Files.readString(local.resolve("part-0.parquet"))).isEqualTo("rows");
  }
}
