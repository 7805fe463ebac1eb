package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** egor7/q: tiny databases whose every value INDEX.md §1 states (from the repo's 0060.kdb.q). */
class EgorFixtureTest {
  private static LocalTime t(String s) {
    return LocalTime.parse(s);
  }

  @Test
  void mixedRootHasPartitionedAndSplayedTables() {
    try (Database db = Fixtures.open("egor7__q/db")) {
      assertEquals(PartitionKind.DATE, db.partitionKind());
      assertEquals(List.of(LocalDate.of(2015, 1, 1), LocalDate.of(2015, 1, 2)),
          db.partitions().stream().map(Partition::date).toList());
      assertEquals(List.of("cust", "q", "t", "tref"), List.copyOf(db.tables().keySet()));
      assertEquals(TableLayout.PARTITIONED, db.table("t").layout());
      assertEquals(TableLayout.SPLAYED, db.table("cust").layout());

      KdbTable t = db.table("t");
      assertEquals("vsf", meta(t));
      assertEquals(List.of(t("09:30"), t("09:31"), t("09:30"), t("09:31")), values(t, "ti"));
      assertEquals(List.of("ibm", "msft", "ibm", "msft"), values(t, "sym"));
      assertEquals(List.of(101.0, 33.0, 101.5, 33.5), values(t, "p"));

      KdbTable q = db.table("q");
      assertEquals(List.of(t("09:30"), t("09:31"), t("09:30"), t("09:30")), values(q, "ti"));
      assertEquals(List.of(100.75, 32.75, 101.25, 33.25), values(q, "b"));
      assertEquals(List.of(101.25, 33.25, 101.75, 33.75), values(q, "a"));

      KdbTable cust = db.table("cust");
      assertEquals(List.of("ibm", "msft", "goog"), values(cust, "sym"));
      assertEquals(List.of("oracle", "microsoft", "google"), values(cust, "name"));
      KdbTable tref = db.table("tref");
      assertEquals(List.of(1L, 2L, 3L), values(tref, "c1"));
      assertEquals(List.of(1.1, 2.2, 3.3), values(tref, "c2"));
      assertEquals(3, tref.rowCount());
    }
  }

  @Test
  void enumIndicesFollowEnumerationOrder() {
    try (Database db = Fixtures.open("egor7__q/db");
        TableSlice s = db.table("cust").slices().get(0)) {
      var sym = (dev.kdbsql.storage.column.EnumColumn) s.column(0);
      var name = (dev.kdbsql.storage.column.EnumColumn) s.column(1);
      assertEquals(List.of(3, 4, 5), List.of(sym.index(0), sym.index(1), sym.index(2)));
      assertEquals(List.of(0, 1, 2), List.of(name.index(0), name.index(1), name.index(2)));
    }
  }

  @Test
  void chkFilledEmptyTablesAndNoSymFile() {
    try (Database db = Fixtures.open("egor7__q/hdb")) {
      assertEquals(3, db.partitions().size());
      assertEquals(List.of((short) 1, (short) 2, (short) 3), values(db.table("t1"), "c1"));
      assertEquals(List.of(1, 2, 3), values(db.table("t2"), "c2"));
      assertEquals(0, db.table("t3").rowCount());
      assertEquals("h", meta(db.table("t1")));
      assertEquals("i", meta(db.table("t2")));
      assertEquals("j", meta(db.table("t3")));
      // Every other table/partition is a .Q.chk empty table.
      List<Long> counts = db.table("t1").slices().stream().map(s -> {
        try (s) {
          return s.rowCount();
        }
      }).toList();
      assertEquals(List.of(3L, 0L, 0L), counts);
    }
  }

  @Test
  void staleHeaderCountIsIgnored() {
    // tab/ was appended to 9 times; its headers still say 5 rows.
    try (Database db = Fixtures.open("egor7__q/tab")) {
      KdbTable tab = db.table("tab");
      assertEquals(TableLayout.SPLAYED, tab.layout());
      assertEquals(45, tab.rowCount());
      assertEquals("psfj", meta(tab));
      List<Object> syms = values(tab, "sym");
      assertEquals(45, syms.size());
      assertTrue(syms.stream().allMatch(s -> ((String) s).length() == 3), syms.toString());
    }
  }

  @Test
  void splayWithoutSymbols() {
    try (Database db = Fixtures.open("egor7__q/t2")) {
      assertEquals(List.of(10L, 20L, 30L), values(db.table("t2"), "v1"));
      assertEquals(List.of(1.1, 2.2, 3.3), values(db.table("t2"), "v2"));
    }
  }

  @Test
  void splayEnumeratedAgainstItsRootSym() {
    try (Database db = Fixtures.open("egor7__q/spla")) {
      assertEquals(List.of("a", "b", "c"), values(db.table("tss"), "c1"));
      assertEquals(List.of(10L, 20L, 30L), values(db.table("tss"), "c2"));
    }
  }

  @Test
  void aVectorFileIsNotATable() {
    StorageException e = assertThrows(StorageException.class, () -> Fixtures.open("egor7__q/f/tt"));
    assertTrue(e.getMessage().contains("f/tt"), e.getMessage());
  }

  static String meta(KdbTable t) {
    StringBuilder sb = new StringBuilder();
    t.columns().forEach(c -> sb.append(c.type().metaChar()));
    return sb.toString();
  }
}
