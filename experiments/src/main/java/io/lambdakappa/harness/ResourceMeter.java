package io.lambdakappa.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * CPU seconds and peak heap of one phase of the comparison, from the JVM's own counters (the peak
 * is the sum of the heap pools' peaks, an upper bound). Both architectures run in this process; the
 * phases where one runs alone (batch runs, replays) are charged to it, the live phase where both
 * run together to neither here ({@link QueryCpu} splits that phase by query).
 */
public final class ResourceMeter {

  /** What a phase cost. */
  public record Usage(double cpuSeconds, long peakHeapBytes) {
    /** Two phases of the same architecture: CPU adds up, the peak is the larger one. */
    public Usage plus(Usage other) {
      return new Usage(cpuSeconds + other.cpuSeconds, Math.max(peakHeapBytes, other.peakHeapBytes));
    }
  }

  private final long cpuAtStart;

  private ResourceMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    this.cpuAtStart = processCpuNanos();
  }

  public static ResourceMeter start() {
    return new ResourceMeter();
  }

  public Usage stop() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new Usage((processCpuNanos() - cpuAtStart) / 1e9, peak);
  }

  /**
   * The most memory this process has held resident so far (Linux's {@code VmHWM}): heap, the state
   * stores' native memory, thread stacks, everything. Empty where {@code /proc} is missing.
   */
  public static OptionalLong peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          // "VmHWM:   123456 kB"
          String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or a format we do not know: say nothing rather than something wrong
    }
    return OptionalLong.empty();
  }

  /**
   * Waits until this process is nearly idle: less than {@code busyCores} cores' worth of CPU over
   * each of the last two {@code sample}s, or until {@code deadline} has passed. What one phase
   * leaves running (collections of its garbage, state stores closing, compactions) then does not
   * land on the next phase's measurement.
   *
   * @return how long it waited
   */
  public static Duration settle(double busyCores, Duration sample, Duration deadline)
      throws InterruptedException {
    long began = System.nanoTime();
    long giveUp = began + deadline.toNanos();
    int quietSamples = 0;
    while (quietSamples < 2 && System.nanoTime() < giveUp) {
      long cpu = processCpuNanos();
      long wall = System.nanoTime();
      Thread.sleep(sample.toMillis());
      double cores = (processCpuNanos() - cpu) / (double) (System.nanoTime() - wall);
      quietSamples = cores < busyCores ? quietSamples + 1 : 0;
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
