package io.lambdakappa.cli;

import io.lambdakappa.serving.StoreLocation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --store}: where the views are served from, the embedded DuckDB file or PostgreSQL. */
final class StoreOption {

  @Option(
      names = "--store",
      paramLabel = "URL",
      converter = LocationConverter.class,
      description =
          "Where views are stored: 'embedded' (default: a DuckDB file in the workdir, one process)"
              + " or postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?schema=NAME], shared by"
              + " several processes (docs/cluster.md).",
      defaultValue = "embedded")
  StoreLocation location;

  /** A bad location is a usage error that says what is accepted (exit 2). */
  static final class LocationConverter implements ITypeConverter<StoreLocation> {
    @Override
    public StoreLocation convert(String value) {
      try {
        return StoreLocation.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
