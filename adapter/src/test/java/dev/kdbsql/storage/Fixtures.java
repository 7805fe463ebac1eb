package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real q-written databases in {@code ../shared/kdb-fixtures} (see its INDEX.md). Tests that
 * need them skip, saying why, when the folder is not there; in CI it is.
 */
public final class Fixtures {
  private Fixtures() {}

  /** The fixtures folder, or a skipped test. */
  public static Path root() {
    String p = System.getProperty("kdb.fixtures", "../shared/kdb-fixtures");
    Path root = Path.of(p);
    if (!Files.isDirectory(root)) {
      root = Path.of("..", "..", "shared", "kdb-fixtures");
    }
    assumeTrue(Files.isDirectory(root), "kdb+ fixtures not found at " + p
        + " (set -Dkdb.fixtures or put shared/ beside the checkout)");
    return root.toAbsolutePath().normalize();
  }

  /** A path inside the fixtures folder. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    assumeTrue(Files.exists(p), "fixture missing: " + p);
    return p;
  }

  /** Opens the database at a path inside the fixtures folder. */
  public static Database open(String relative) {
    return Database.open(path(relative));
  }

  /** All values of column {@code name} over every slice of {@code table}, via getObject. */
  public static List<Object> values(KdbTable table, String name) {
    int i = table.columnIndex(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + table);
    }
    List<Object> out = new ArrayList<>();
    for (TableSlice s : table.slices()) {
      try (s) {
        Column c = s.column(i);
        for (long r = 0; r < c.size(); r++) {
          out.add(c.getObject(r));
        }
      }
    }
    return out;
  }

  /** The lines of a CSV file split on commas (the fixtures' CSVs have no quoted fields). */
  public static List<String[]> csv(Path file) {
    try {
      List<String[]> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
