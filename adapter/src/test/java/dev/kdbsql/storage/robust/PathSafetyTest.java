package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names read from files cannot reach outside the database root: {@code .d} column names and
 * enumeration domain names with path separators or dot-names are refused. A symlinked table
 * directory is followed (q follows it too, and segments are often links), so the rule is about
 * names, not about where links point. The reader never opens a file for writing.
 */
class PathSafetyTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/etc/passwd", "a/b", "..", ".", "a\\b"})
  void dotDEntriesThatAreNotFileNamesAreRefused(String name) throws IOException {
    Path t = Files.createDirectories(dir.resolve("db/t"));
    Files.write(t.resolve(".d"), FuzzDir.symList(name));
    Files.write(dir.resolve("x"), FuzzDir.longVector(1, 2));
    try (Database db = Database.open(dir.resolve("db"))) {
      StorageException e = assertThrows(StorageException.class,
          () -> db.table("t").columns());
      assertTrue(e.getMessage().contains(t.resolve(".d").toString()), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../sym", "/etc/passwd", "a/sym", ".hidden"})
  void domainNamesWithSeparatorsAreRefused(String domain) throws IOException {
    Path t = Files.createDirectories(dir.resolve("db/t"));
    Files.write(dir.resolve("sym"), FuzzDir.symList("a", "b"));
    Files.write(t.resolve(".d"), FuzzDir.symList("s"));
    Files.write(t.resolve("s"), FuzzDir.enumVector(domain, 0, 1));
    try (Database db = Database.open(dir.resolve("db"))) {
      StorageException e = assertThrows(StorageException.class,
          () -> Snapshot.of(db));
      assertTrue(e.getMessage().contains("invalid domain"), e.getMessage());
    }
  }

  @Test
  void symlinkedTableDirectoryIsFollowed() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("elsewhere/t"));
    Files.write(outside.resolve(".d"), FuzzDir.symList("a"));
    Files.write(outside.resolve("a"), FuzzDir.longVector(7, 8));
    Path db = Files.createDirectories(dir.resolve("db"));
    Files.createSymbolicLink(db.resolve("t"), outside);
    assertEquals(List.of(7L, 8L), Snapshot.of(db).get("t/0/a"));
  }

  /**
   * The storage packages open files read-only, except the writer: the {@code write} package and
   * {@code io/KxzipWriter}, which only the writer calls. A source scan keeps it so.
   */
  @Test
  void readerNeverOpensForWriting() throws IOException {
    Pattern writes = Pattern.compile("StandardOpenOption\\.(WRITE|CREATE|CREATE_NEW|APPEND"
        + "|TRUNCATE_EXISTING)|READ_WRITE|newOutputStream|Files\\.write|FileOutputStream"
        + "|RandomAccessFile|Files\\.(delete|move|copy|createFile|newBufferedWriter)");
    Path main = Path.of("src/main/java/dev/kdbsql/storage");
    try (Stream<Path> s = Files.walk(main)) {
      List<String> offenders = s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.startsWith(main.resolve("write"))
              && !p.equals(main.resolve("io/KxzipWriter.java")))
          .filter(p -> {
            try {
              return writes.matcher(Files.readString(p)).find();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(Path::toString).toList();
      assertEquals(List.of(), offenders);
    }
  }
}
