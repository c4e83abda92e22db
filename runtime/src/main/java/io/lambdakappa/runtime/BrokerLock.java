package io.lambdakappa.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The right to run the embedded broker of one directory: an operating-system lock on a file in it,
 * held for as long as the broker runs. Two brokers on one log corrupt it, so whoever cannot take
 * the lock must connect to the broker that holds it, however slowly that broker answers. The
 * operating system drops the lock when its process dies, even by {@code kill -9}: a crashed broker
 * never locks the directory out.
 */
final class BrokerLock implements AutoCloseable {

  static final String FILE = "broker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private BrokerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock of {@code directory}, or empty when another process (or this one) holds it. */
  static Optional<BrokerLock> tryTake(Path directory) {
    Path file = directory.resolve(FILE);
    try {
      Files.createDirectories(directory);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      // Who holds it, for the message another process prints when this broker does not answer.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return Optional.of(new BrokerLock(channel, lock));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /** The process id the holder wrote, or "unknown". */
  static String holder(Path directory) {
    try {
      return Files.readString(directory.resolve(FILE), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
