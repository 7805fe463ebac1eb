package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.TableSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table's row count from file headers ({@link KdbTable#rowCount()}, what {@code COUNT(*)}
 * answers) agrees with a full read of its columns over damaged copies of real databases: the
 * same count, or the same error naming the file. Covers attribute bytes and header counts that are
 * not what q wrote, and an anymap companion that is not a byte vector.
 */
class CountAgreementTest {
  @TempDir
  Path tmp;

  /** jbetz34 partition 2020.03.22: trade is sym (p#, 159 rows), time, price, size. */
  private Path jbetz() throws IOException {
    return FixtureCopies.copy(Fixtures.path("jbetz34__advancedKDB/hdb"), tmp.resolve("db"),
        FixtureCopies.onlyPartition("2020.03.22"));
  }

  @Test
  void healthyCountEqualsFullRead() throws IOException {
    Path db = jbetz();
    assertEquals(new Outcome(159, null), count(db, "trade"));
    assertEquals(new Outcome(159, null), fullRead(db, "trade"));
  }

  @Test
  void partedAttributeClearedFailsTheCountAsTheReadFails() throws IOException {
    Path db = jbetz();
    Path sym = db.resolve("2020.03.22/trade/sym");
    byte[] bytes = Files.readAllBytes(sym);
    assertEquals(3, VectorHeaders.attribute(bytes, 4080), "p# in the fixture");
    Files.write(sym, VectorHeaders.withAttribute(bytes, 4080, 0));
    // Its p# index now reads as more elements: the other columns make the table ragged.
    Outcome count = assertSameError(db, "trade", sym.getParent());
    assertTrue(count.error.contains("ragged") && count.error.contains(sym.toString()),
        count.error);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 1, 100, -159})
  void partedHeaderCountChangedFailsNamingTheFile(long delta) throws IOException {
    Path db = jbetz();
    Path sym = db.resolve("2020.03.22/trade/sym");
    byte[] bytes = Files.readAllBytes(sym);
    Files.write(sym, VectorHeaders.withCount(bytes, 4080, 159 + delta));
    assertSameError(db, "trade", sym);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4})
  void indexAttributeSetOnAPlainColumnFailsNamingTheFile(int attribute) throws IOException {
    Path db = jbetz();
    Path price = db.resolve("2020.03.22/trade/price");
    Files.write(price, VectorHeaders.withAttribute(Files.readAllBytes(price), 0, attribute));
    assertSameError(db, "trade", price);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void attributesWithoutAnIndexToCheckKeepTheCountOfTheData(int attribute) throws IOException {
    Path db = jbetz();
    Path price = db.resolve("2020.03.22/trade/price");
    Files.write(price, VectorHeaders.withAttribute(Files.readAllBytes(price), 0, attribute));
    // s# adds nothing on disk; u# takes the header count, which is the true one here.
    assertEquals(new Outcome(159, null), count(db, "trade"));
    assertEquals(new Outcome(159, null), fullRead(db, "trade"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, -158})
  void plainHeaderCountBelowTheDataIsStaleAndTheDataCounts(long delta) throws IOException {
    Path db = jbetz();
    Path price = db.resolve("2020.03.22/trade/price");
    Files.write(price, VectorHeaders.withCount(Files.readAllBytes(price), 0, 159 + delta));
    assertEquals(new Outcome(159, null), count(db, "trade"));
    assertEquals(new Outcome(159, null), fullRead(db, "trade"));
  }

  @Test
  void plainHeaderCountAboveTheDataFailsNamingTheFile() throws IOException {
    Path db = jbetz();
    Path price = db.resolve("2020.03.22/trade/price");
    Files.write(price, VectorHeaders.withCount(Files.readAllBytes(price), 0, 160));
    assertSameError(db, "trade", price);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 10, 0, 20, 77})
  void anymapCompanionThatIsNotBytesIsRefused(int type) throws IOException {
    Path db = FixtureCopies.copy(Fixtures.path("mkeenan-kdb__memoriesPOC/db"), tmp.resolve("db"));
    Path companion = db.resolve("memories/title#");
    byte[] bytes = Files.readAllBytes(companion);
    assertEquals(4, bytes[4082], "anymap data is a byte vector in the fixture");
    bytes[4082] = (byte) type;
    Files.write(companion, bytes);
    Outcome count = assertSameError(db, "memories", companion);
    assertTrue(count.error.contains("type 4"), count.error);
  }

  @Test
  void anymapCompanionWithoutItsPageHeaderIsRefused() throws IOException {
    Path db = FixtureCopies.copy(Fixtures.path("mkeenan-kdb__memoriesPOC/db"), tmp.resolve("db"));
    Path companion = db.resolve("memories/title#");
    byte[] bytes = Files.readAllBytes(companion);
    bytes[0] = (byte) 0xfe;
    Files.write(companion, bytes);
    assertSameError(db, "memories", companion);
  }

  /** Both the count and the full read fail, with the same message, naming {@code named}. */
  static Outcome assertSameError(Path db, String table, Path named) {
    Outcome count = count(db, table);
    Outcome read = fullRead(db, table);
    assertNotNull(count.error, "count succeeded with " + count.rows + "; read gave " + read);
    assertEquals(count.error, read.error, "count and full read fail alike");
    assertTrue(count.error.contains(named.toString()), count.error);
    return count;
  }

  /** A row count or the message of the {@link StorageException} that stopped it. */
  record Outcome(long rows, String error) {
  }

  static Outcome outcome(LongSupplier rows) {
    try {
      return new Outcome(rows.getAsLong(), null);
    } catch (StorageException e) {
      return new Outcome(-1, e.getMessage());
    }
  }

  private static KdbTable table(Database d, String name) {
    KdbTable t = d.table(name);
    if (t == null) {
      throw new StorageException(d.root(), "no table " + name);
    }
    return t;
  }

  /** {@link KdbTable#rowCount()} on a fresh open of {@code db}. */
  static Outcome count(Path db, String table) {
    return outcome(() -> {
      try (Database d = Database.open(db)) {
        return table(d, table).rowCount();
      }
    });
  }

  /**
   * Every value of every column of {@code table}, slice by slice, as a scan reads them (the
   * slice's columns opened, then their values read), without asking a slice for its row count:
   * the rows are the length of the columns read.
   */
  static Outcome fullRead(Path db, String table) {
    return outcome(() -> {
      try (Database d = Database.open(db)) {
        KdbTable t = table(d, table);
        long rows = 0;
        List<TableSlice> slices = t.slices();
        try {
          for (TableSlice s : slices) {
            long n = 0;
            for (int i = 0; i < t.columns().size(); i++) {
              n = s.column(i).size();
            }
            for (int i = 0; i < t.columns().size(); i++) {
              Column c = s.column(i);
              for (long r = 0; r < c.size(); r++) {
                c.getObject(r);
              }
            }
            rows += n;
          }
        } finally {
          TableSlice.closeAll(slices);
        }
        return rows;
      }
    });
  }

  @Test
  void outcomeOfAHealthyTableHasNoError() throws IOException {
    assertNull(count(jbetz(), "trade").error);
    assertThrows(StorageException.class, () -> Database.open(tmp.resolve("nothing")));
  }
}
