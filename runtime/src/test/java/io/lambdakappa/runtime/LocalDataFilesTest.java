package io.lambdakappa.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The project's file operations on a local folder, and how locations are written. */
class LocalDataFilesTest extends DataFilesContract {

  @Override
  DataPath folder() {
    return DataPath.of(temp.resolve("data"));
  }

  @Test
  void aLocalManifestHasNoChecksumFileBesideIt() throws Exception {
    // Hadoop's default local file system writes a hidden .crc file beside every file, and hides it
    // from its own listings; the raw one does not, so a workdir holds only what lk wrote.
    DataPath manifest = folder().resolve("views/v1.json");
    JsonFiles.write(manifest, java.util.Map.of("version", 1));
    JsonFiles.write(manifest, java.util.Map.of("version", 2));
    try (var files = java.nio.file.Files.list(manifest.local().getParent())) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("v1.json");
    }
  }

  @Test
  void aLocationIsAUriOrALocalPath() {
    assertThat(DataPath.parse("hdfs://127.0.0.1:19000/lk").resolve("master").toString())
        .isEqualTo("hdfs://127.0.0.1:19000/lk/master");
    assertThat(DataPath.parse("/tmp/lk work/views").isLocal()).isTrue();
    assertThat(DataPath.parse("/tmp/lk work/views").local())
        .isEqualTo(Path.of("/tmp/lk work/views"));
    // What a manifest written before locations were URIs holds reads back the same.
    DataPath old = DataPath.parse("/work/lk-work/views/batch/v1");
    assertThat(DataPath.parse(old.toString())).isEqualTo(old);
    assertThat(old.name()).isEqualTo("v1");
    assertThat(DataPath.parse("relative/folder").local())
        .isEqualTo(Path.of("relative/folder").toAbsolutePath());
  }
}
