package dev.kdbsql.storage.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * What a file was when it was read: its identity (device and inode where the file system has
 * them), size and modification time, taken before the read. A file rewritten since, or replaced
 * by another, stamps differently; so checks made of a file's headers can be remembered and
 * trusted again, at the cost of one {@code stat}, while the stamp holds.
 *
 * <p>File systems keep modification times in coarse ticks (a few milliseconds on Linux), so a
 * file rewritten in place at the same size within the tick of its stamp would stamp the same.
 * As git does with its index, a stamp is trusted only when the file had been left alone for a
 * while ({@link #SETTLED}) when it was taken ({@link #settled}).
 *
 * @param file the path
 * @param key the file system's identity of the file, or null where there is none
 * @param size its size in bytes
 * @param modified its modification time in nanoseconds since the epoch
 */
public record FileStamp(Path file, Object key, long size, long modified) {
  // Written out: the generated equals and hashCode bootstrap method handles when first run
  // (docs/design.md), which every new statement of a fresh JVM would pay.
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof FileStamp that && Objects.equals(file, that.file)
        && Objects.equals(key, that.key) && size == that.size && modified == that.modified;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, key, size, modified);
  }

  /** How long before a stamp a file must have last changed for the stamp to be trusted. */
  public static final long SETTLED = 2_000_000_000L;

  /** The stamp of {@code file} now, or null when it cannot be read. */
  public static FileStamp of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(file, a.fileKey(), a.size(),
          a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whether every file of {@code stamps} (none null) had last changed well before
   * {@code readFrom} (nanoseconds since the epoch, taken before the files were read).
   */
  public static boolean settled(List<FileStamp> stamps, long readFrom) {
    for (FileStamp s : stamps) {
      if (s == null || s.modified > readFrom - SETTLED) {
        return false;
      }
    }
    return true;
  }

  /** The time now in nanoseconds since the epoch, as file times count it. */
  public static long now() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Whether every file of {@code stamps} is as stamped (none of them null). */
  public static boolean unchanged(List<FileStamp> stamps) {
    for (FileStamp s : stamps) {
      if (s == null || !s.equals(of(s.file))) {
        return false;
      }
    }
    return true;
  }
}
