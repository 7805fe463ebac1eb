package dev.kdbsql.storage.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The mutations that change what a count from headers sees, applied one at a time to a copy of a
 * database and each undone before the next: every vector file's attribute byte set to each other
 * code ({@code attribute}), its header count moved by one or zeroed ({@code count}), every
 * directory replaced by a symbolic link to itself ({@code loop}) and, where permissions deny this
 * process, made unreadable ({@code unreadable}). Shared by the storage and the SQL mutation tests.
 */
public final class HeaderMutations {
  private HeaderMutations() {}

  /**
   * Applies each mutation under {@code db} and calls {@code check} with its kind and the file or
   * directory changed, while it is in place; {@code skipped} hears why {@code unreadable} could not be tried.
   */
  public static void each(Path db, BiConsumer<String, Path> check, Consumer<String> skipped)
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(db)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      int h = VectorHeaders.of(bytes);
      if (h < 0) {
        continue;
      }
      int attribute = VectorHeaders.attribute(bytes, h);
      for (int a = 0; a <= 4; a++) {
        if (a != attribute) {
          Files.write(f, VectorHeaders.withAttribute(bytes, h, a));
          check.accept("attribute", f);
        }
      }
      long count = VectorHeaders.count(bytes, h);
      for (long n : new long[] {count - 1, count + 1, 0}) {
        if (n != count && n >= 0) {
          Files.write(f, VectorHeaders.withCount(bytes, h, n));
          check.accept("count", f);
        }
      }
      Files.write(f, bytes);
    }
    boolean permissionsApply = true;
    for (Path dir : directories(db)) {
      Path aside = dir.resolveSibling(dir.getFileName() + ".aside$");
      Files.move(dir, aside);
      Files.createSymbolicLink(dir, dir.getFileName());
      check.accept("loop", dir);
      Files.delete(dir);
      Files.move(aside, dir);
      if (permissionsApply) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        try {
          permissionsApply = !Files.isReadable(dir) || !Files.isExecutable(dir);
          if (permissionsApply) {
            check.accept("unreadable", dir);
          } else {
            skipped.accept("chmod does not deny " + System.getProperty("user.name"));
          }
        } finally {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  /** Whether {@code kind} changes a directory (and so may affect every table). */
  public static boolean ofDirectory(String kind) {
    return kind.equals("loop") || kind.equals("unreadable");
  }

  /** The directories under {@code db}, deepest first. */
  private static List<Path> directories(Path db) throws IOException {
    try (Stream<Path> s = Files.walk(db)) {
      return s.filter(p -> !p.equals(db) && Files.isDirectory(p))
          .sorted(Comparator.comparing(Path::getNameCount).reversed()
              .thenComparing(Comparator.naturalOrder()))
          .toList();
    }
  }
}
