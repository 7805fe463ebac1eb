package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slice's checked row count is remembered with stamps of the files its checks read, and used
 * again only while they hold: a file changed since makes the next count check everything again
 * (and fail as a full read would), and files changed just before they were read are not trusted
 * to stamp their content at all. jbetz34's 2020.03.22/trade: sym (p#), time, price, size.
 */
class CheckedCountTest {
  @TempDir
  Path tmp;

  private Path trade;

  /** A copy of the partition whose files were all last written an hour ago. */
  private Path copy() throws IOException {
    Path from = Fixtures.path("jbetz34__advancedKDB/hdb");
    Path db = tmp.resolve("db");
    for (String rel : new String[] {"sym", "2020.03.22/trade/.d", "2020.03.22/trade/sym",
        "2020.03.22/trade/time", "2020.03.22/trade/price", "2020.03.22/trade/size"}) {
      Path target = db.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(from.resolve(rel), target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setWritable(true);
    }
    trade = db.resolve("2020.03.22/trade");
    age(db);
    return db;
  }

  private static void age(Path db) throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
    try (Stream<Path> s = Files.walk(db)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, hourAgo);
      }
    }
  }

  @Test
  void aCheckedCountIsRememberedWhileItsFilesHold() throws IOException {
    Path db = copy();
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("trade");
      assertEquals(-1, t.checkedRows(trade));
      assertEquals(159, t.rowCount());
      assertEquals(159, t.checkedRows(trade), "remembered");
      assertEquals(159, t.rowCount());
    }
  }

  @Test
  void aFileChangedSinceIsCheckedAgainAndFailsAsAFullReadDoes() throws IOException {
    Path db = copy();
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("trade");
      assertEquals(159, t.rowCount());
      // Same size, same file: only the attribute byte of the p# sym column is cleared.
      Path sym = trade.resolve("sym");
      byte[] bytes = Files.readAllBytes(sym);
      bytes[4083] = 0;
      Files.write(sym, bytes);
      assertEquals(-1, t.checkedRows(trade), "the stamp no longer holds");
      StorageException e = assertThrows(StorageException.class, t::rowCount);
      assertTrue(e.getMessage().contains("ragged") && e.getMessage().contains(sym.toString()),
          e.getMessage());
    }
  }

  @Test
  void filesChangedJustBeforeTheCheckAreNotTrustedToStampIt() throws IOException {
    Path db = copy();
    Files.setLastModifiedTime(trade.resolve("price"), FileTime.from(Instant.now()));
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("trade");
      assertEquals(159, t.rowCount());
      assertEquals(-1, t.checkedRows(trade), "not remembered");
    }
  }
}
