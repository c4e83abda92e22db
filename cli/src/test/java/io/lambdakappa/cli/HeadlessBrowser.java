package io.lambdakappa.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A report as a reader sees it: rendered by a real headless Chromium with the network cut off
 * (every host unresolvable, a dead proxy), so a chart or style fetched from anywhere would fail.
 * The reports count their own broken images on load ({@code data-broken-images} on the body); the
 * browser's DOM dump carries the count.
 */
final class HeadlessBrowser {

  private HeadlessBrowser() {}

  /** The DOM of {@code page} after its scripts ran, dumped through {@code scratch}. */
  static String renderOffline(Path page, Path scratch) throws Exception {
    ProcessBuilder command =
        new ProcessBuilder(
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.toUri().toString());
    // The DOM goes to a file, so the deadline applies: reading the pipe first would wait for as
    // long as the browser runs.
    Process chromium =
        command
            .redirectOutput(scratch.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("headless Chromium did not finish within 60 s");
    }
    return Files.readString(scratch, StandardCharsets.UTF_8);
  }

  /** The Chromium on the PATH; a failed test that says how to install one if there is none. */
  static String chromium() {
    return Stream.of("chromium", "chromium-browser", "google-chrome")
        .filter(HeadlessBrowser::onPath)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "the browser test needs a headless Chromium: sudo apt-get install chromium"));
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
