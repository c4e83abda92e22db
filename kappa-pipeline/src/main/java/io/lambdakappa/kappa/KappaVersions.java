package io.lambdakappa.kappa;

import io.lambdakappa.logic.LogicConfig;
import io.lambdakappa.runtime.DataFiles;
import io.lambdakappa.runtime.DataPath;
import io.lambdakappa.runtime.JsonFiles;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The versions of Kappa's view that exist, each as a small manifest {@code vN.json} holding the
 * logic it runs with, so a restarted process resumes a version with the logic that built it. The
 * served version is not here: it is in the view store, switched atomically.
 */
public final class KappaVersions {

  private static final Pattern MANIFEST = Pattern.compile("v(\\d+)\\.json");

  private final DataPath folder;

  public KappaVersions(DataPath folder) {
    this.folder = folder;
  }

  /** Every version, oldest first. */
  public List<KappaVersion> all() {
    return JsonFiles.readAll(folder, MANIFEST, KappaVersion.class).stream()
        .sorted(Comparator.comparingLong(KappaVersion::version))
        .toList();
  }

  public Optional<KappaVersion> version(long version) {
    DataPath manifest = manifest(version);
    return DataFiles.exists(manifest)
        ? Optional.of(JsonFiles.read(manifest, KappaVersion.class))
        : Optional.empty();
  }

  /** Creates the next version, numbered after every version that exists. */
  public KappaVersion create(LogicConfig logic) {
    long next = all().stream().mapToLong(KappaVersion::version).max().orElse(0) + 1;
    KappaVersion version = new KappaVersion(next, logic, Instant.now());
    JsonFiles.write(manifest(next), version);
    return version;
  }

  public void remove(long version) {
    DataFiles.deleteRecursively(manifest(version));
  }

  private DataPath manifest(long version) {
    return folder.resolve("v" + version + ".json");
  }
}
