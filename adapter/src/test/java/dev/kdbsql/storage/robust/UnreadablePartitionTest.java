package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.Partition;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A partition (or a table directory in one) that cannot be listed or resolved is never taken for
 * a partition without the table: a symbolic link loop, a link to nowhere, a directory without
 * read or search permission. The database still opens (q's {@code \l} does too) and its other
 * tables read; any count or read that reaches the partition fails naming it, and partitions
 * pruned away from a scan do not matter. Copies of egor7's db: partitions 2015.01.01 and
 * 2015.01.02, each with tables {@code t} and {@code q} of 2 rows, and root splays {@code cust}
 * and {@code tref}.
 */
class UnreadablePartitionTest {
  @TempDir
  Path tmp;

  private Path egor() throws IOException {
    return FixtureCopies.copy(Fixtures.path("egor7__q/db"), tmp.resolve("db"));
  }

  /** Replaces directory {@code dir} by a symbolic link to itself. */
  static void loop(Path dir) throws IOException {
    Files.move(dir, dir.resolveSibling(dir.getFileName() + ".moved$"));
    Files.createSymbolicLink(dir, dir.getFileName());
  }

  @Test
  void partitionThatIsALinkLoopFailsNamingIt() throws IOException {
    Path db = egor();
    Path p = db.resolve("2015.01.01");
    loop(p);
    assertFailsNaming(db, "t", p);
    assertFailsNaming(db, "q", p);
    try (Database d = Database.open(db)) {
      assertTrue(d.unreadablePartitions().containsKey(p), d.unreadablePartitions().toString());
      String m = d.unreadablePartitions().get(p).getMessage();
      assertTrue(m.contains("partition 2015.01.01") && m.contains("symbolic links"), m);
      assertEquals(3, d.table("cust").rowCount(), "tables outside the partitions still read");
      assertEquals(2, d.partitions().size(), "the loop is still a partition");
      // A scan pruned to the healthy partition never touches the loop.
      KdbTable t = d.table("t");
      assertEquals(2, rows(t, List.of(d.partitions().get(1))));
      assertThrows(StorageException.class, () -> rows(t, List.of(d.partitions().get(0))));
    }
  }

  @Test
  void lastPartitionThatIsALinkLoopFailsTheOpenNamingIt() throws IOException {
    // q reads the table list and the schemas from the last partition; its \l fails too.
    Path db = egor();
    Path p = db.resolve("2015.01.02");
    loop(p);
    StorageException e = assertThrows(StorageException.class, () -> Database.open(db));
    assertTrue(e.getMessage().contains(p.toString())
        && e.getMessage().contains("partition 2015.01.02"), e.getMessage());
  }

  /**
   * A table found only in a partition that cannot be read (jbetz34's {@code tr}, only in
   * 2020.03.30) is not silently absent: asking for it names the partition.
   */
  @Test
  void tableOnlyInAnUnreadablePartitionIsReportedNamingIt() throws IOException {
    Path db = FixtureCopies.copy(Fixtures.path("jbetz34__advancedKDB/hdb"), tmp.resolve("db"));
    try (Database d = Database.open(db)) {
      assertEquals(10, d.table("tr").rowCount());
      assertEquals(null, d.table("nonesuch"));
    }
    Path p = db.resolve("2020.03.30");
    loop(p);
    try (Database d = Database.open(db)) {
      for (String name : List.of("tr", "nonesuch")) {
        StorageException e = assertThrows(StorageException.class, () -> d.table(name));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(name),
            e.getMessage());
      }
      assertThrows(StorageException.class, () -> d.table("trade").rowCount());
    }
  }

  @Test
  void partitionThatLinksToNothingFailsNamingIt() throws IOException {
    Path db = egor();
    Path p = db.resolve("2015.01.01");
    Files.move(p, db.resolve("elsewhere$"));
    Files.createSymbolicLink(p, db.resolve("gone"));
    assertFailsNaming(db, "t", p);
  }

  @Test
  void tableDirectoryThatIsALinkLoopFailsNamingIt() throws IOException {
    Path db = egor();
    Path t = db.resolve("2015.01.01/t");
    loop(t);
    assertFailsNaming(db, "t", t);
    try (Database d = Database.open(db)) {
      assertEquals(4, d.table("q").rowCount(), "the partition's other table reads");
    }
  }

  @Test
  void rootTableThatIsALinkLoopIsUnreadableNotMissing() throws IOException {
    Path db = egor();
    Path tref = db.resolve("tref");
    loop(tref);
    try (Database d = Database.open(db)) {
      StorageException e = assertThrows(StorageException.class, () -> d.table("tref"));
      assertTrue(e.getMessage().contains(tref.toString()), e.getMessage());
      assertEquals(4, d.table("t").rowCount());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"---------", "r--------", "-wx------"})
  void partitionWithoutPermissionFailsNamingIt(String mode) throws IOException {
    Path db = egor();
    Path p = db.resolve("2015.01.01");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    try {
      assumePermissionsApply(p);
      assertFailsNaming(db, "t", p);
    } finally {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void tableDirectoryWithoutPermissionFailsNamingIt() throws IOException {
    Path db = egor();
    Path t = db.resolve("2015.01.02/t");
    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("---------"));
    try {
      assumePermissionsApply(t);
      assertFailsNaming(db, "t", t);
    } finally {
      Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Skips, saying why, when permissions do not deny this process (root, or CAP_DAC_OVERRIDE):
   * then chmod cannot make a directory unreadable, and the link tests above stand in for it.
   */
  static void assumePermissionsApply(Path dir) {
    boolean denied;
    try (var s = Files.list(dir)) {
      s.forEach(e -> {
        try {
          Files.readAttributes(e, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
      denied = false;
    } catch (IOException | java.io.UncheckedIOException e) {
      denied = true;
    }
    Assumptions.assumeTrue(denied, "file permissions do not deny this process (running as "
        + System.getProperty("user.name") + ", which reads through chmod 000): unreadable "
        + "partitions are covered here by link loops and dangling links instead");
  }

  /** Counting and reading {@code table} both fail with the same error naming {@code where}. */
  static void assertFailsNaming(Path db, String table, Path where) {
    CountAgreementTest.assertSameError(db, table, where);
  }

  private static long rows(KdbTable t, List<Partition> partitions) {
    long n = 0;
    for (TableSlice s : t.slices(partitions)) {
      try (s) {
        n += s.rowCount();
      }
    }
    return n;
  }
}
