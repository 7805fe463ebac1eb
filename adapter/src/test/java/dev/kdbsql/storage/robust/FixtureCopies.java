package dev.kdbsql.storage.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Writable copies of fixture trees in a test's temp dir (the fixtures themselves are never written). */
final class FixtureCopies {
  private FixtureCopies() {}

  /** Copies the tree {@code from} to {@code to}, leaving out what {@code skip} selects (by relative path). */
  static Path copy(Path from, Path to, Predicate<Path> skip) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && !rel.toString().isEmpty() && skip.test(rel)) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          target.toFile().setWritable(true);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().setWritable(true);
        }
      }
    }
    return to;
  }

  /** Copies the whole tree {@code from} to {@code to}. */
  static Path copy(Path from, Path to) throws IOException {
    return copy(from, to, rel -> false);
  }

  /** Only partition {@code keep} of a partitioned root (other digit-named entries are left out). */
  static Predicate<Path> onlyPartition(String keep) {
    return rel -> rel.getName(0).toString().matches("[0-9].*")
        && !rel.getName(0).toString().equals(keep);
  }
}
