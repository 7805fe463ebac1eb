package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The databases INDEX.md documents as broken fail with a {@link StorageException} that names the
 * right file and says what is wrong, while the intact tables beside them stay readable.
 */
class BrokenFixtureTest {

  private static StorageException readAll(KdbTable t) {
    return assertThrows(StorageException.class, () -> {
      for (ColumnInfo c : t.columns()) {
        Fixtures.values(t, c.name());
      }
    });
  }

  @Test
  void kxCourseDebuggingDatabase() {
    try (Database db = Fixtures.open("ArmanTee__sample_tick/db")) {
      StorageException noD = assertThrows(StorageException.class, () -> db.table("t1"));
      assertTrue(noD.getMessage().contains("db/t1/.d") && noD.getMessage().contains("missing .d"),
          noD.getMessage());
      StorageException ragged = readAll(db.table("t2"));
      assertTrue(ragged.getMessage().contains("db/t2/price") && ragged.getMessage().contains("24"),
          ragged.getMessage());
      // t3's un-enumerated symbol column is readable, as q reads it with get.
      assertEquals(25, Fixtures.values(db.table("t3"), "sym").size());
    }
  }

  @Test
  void staleSymFileGivesEnumerationOutOfDomain() {
    try (Database db = Fixtures.open("AquaQAnalytics__TorQ-Air/@3f25d75/hdb")) {
      KdbTable flights = db.table("flights");
      StorageException e = readAll(flights);
      assertTrue(e.getMessage().contains("/flights/") && e.getMessage().contains("outside domain `sym`")
          && e.getMessage().contains("129 symbols"), e.getMessage());
      assertEquals(1718 + 2303, flights.rowCount());
      // Columns that are not enumerations still read.
      assertEquals(4021, Fixtures.values(flights, "registration").size());
      assertEquals(4021, Fixtures.values(flights, "time").size());
    }
  }

  @Test
  void intPartitionsWithoutDotD() {
    try (Database db = Fixtures.open(
        "DataIntellectTech__TorQ-Amazon-FinSpace-Starter-Pack/inthdb/hdb")) {
      assertEquals(PartitionKind.INT, db.partitionKind());
      assertEquals(List.of(451353600000000000L, 451440000000000000L, 451526400000000000L),
          db.partitions().stream().map(Partition::value).toList());
      StorageException e = assertThrows(StorageException.class, () -> db.table("trades").columns());
      assertTrue(e.getMessage().contains("/trades/.d") && e.getMessage().contains("missing .d"),
          e.getMessage());
    }
  }
}
