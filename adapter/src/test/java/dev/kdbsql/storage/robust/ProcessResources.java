package dev.kdbsql.storage.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the process holds of the files under a folder, read from Linux's {@code /proc}: open
 * file descriptors and mappings. Shared by the storage and the JDBC leak tests (through adapter's test
 * jar), which compare them before and after thousands of cycles.
 */
public final class ProcessResources {
  private static final Path FDS = Path.of("/proc/self/fd");

  private ProcessResources() {}

  /** Whether {@code /proc} is there to read (Linux). */
  public static boolean available() {
    return Files.isDirectory(FDS);
  }

  /**
   * The number of open file descriptors on files under {@code root}: what a leak of ours would
   * add, unlike the JVM's own descriptors (jars, sockets), which come and go while a test runs.
   */
  public static long openFilesUnder(Path root) throws IOException {
    String prefix = root.toRealPath().toString();
    try (Stream<Path> s = Files.list(FDS)) {
      return s.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith(prefix);
        } catch (IOException e) {
          return false; // closed since it was listed
        }
      }).count();
    }
  }

  /** The number of mappings of files under {@code root}. */
  public static long mappingsUnder(Path root) throws IOException {
    String prefix = root.toRealPath().toString();
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(l -> l.contains(prefix)).count();
    }
  }

  /** Lets the collector release what is unreachable, so counts reflect only what is held. */
  public static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(100);
  }
}
