package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DolphinDB's kdb+ plugin test data (INDEX.md §11): every simple type, several enumeration
 * domains, anymap nested columns, u#/g# enumerations and gzip compression, checked against the
 * CSV files the plugin's own tests compare with.
 */
class DolphinFixtureTest {
  private static final String DATA = "dolphindb__DolphinDBPlugin/kdb/test/data/";
  private static final String KDB = DATA + "kdb_sample/";

  @Test
  void everyTypeInTheSplayAndTheFlatTableMatchesTestCsv() {
    try (Database db = Fixtures.open(KDB + "allDataTypes")) {
      assertEquals(List.of("splayedTable", "test"), List.copyOf(db.tables().keySet()));
      KdbTable splay = db.table("splayedTable");
      assertEquals("bgxhiiefcspmdznuvt", EgorFixtureTest.meta(splay));
      assertEquals(2000 * 18, CsvOracle.assertMatches(splay, Fixtures.path(DATA + "csv_sample/test.csv")));
      KdbTable flat = db.table("test");
      assertEquals(TableLayout.FLAT, flat.layout());
      assertEquals(2000 * 18, CsvOracle.assertMatches(flat, Fixtures.path(DATA + "csv_sample/test.csv")));
    }
  }

  @Test
  void ordersAndTransactionsEnumerateAgainstTheirOwnDomains() {
    try (Database db = Fixtures.open(KDB.substring(0, KDB.length() - 1))) {
      KdbTable ord = db.table("ORD");
      assertEquals(5000 * 12, CsvOracle.assertMatches(ord, Fixtures.path(DATA + "csv_sample/Orders.csv")));
      KdbTable trans = db.table("TRANSACTION");
      assertEquals(5000 * 14, CsvOracle.assertMatches(trans, Fixtures.path(DATA + "csv_sample/Trans.csv")));
      assertEquals(Collections.nCopies(5000, null), values(trans, "order_kind"),
          "all-0N enumeration reads as null symbols");
    }
  }

  @Test
  void anymapStringsWithCharAtoms() {
    for (String dir : List.of("charArrayVector", "compressCharArrayVector")) {
      try (Database db = Fixtures.open(KDB + dir)) {
        KdbTable t = db.tables().values().iterator().next();
        assertEquals("iC", EgorFixtureTest.meta(t), dir);
        List<Object> s = values(t, "nestChar");
        assertEquals(2000, s.size());
        List<String> cycle = List.of("aa", "a", "", "dolphindb", "123456789");
        for (int i = 0; i < 2000; i++) {
          assertEquals(cycle.get(i % 5), s.get(i), dir + " row " + i);
        }
        List<Object> ids = values(t, "id");
        assertEquals(Arrays.asList(12, 44535, 0, null, -234566), ids.subList(0, 5));
      }
    }
  }

  @Test
  void anymapLongListsAndAtomsWithAFullItem() {
    try (Database db = Fixtures.open(KDB + "intArrayVector")) {
      KdbTable t = db.tables().values().iterator().next();
      List<Object> d = values(t, "d");
      assertEquals(List.of(1L, 2L, 3L), d.get(0));
      assertEquals(4L, d.get(1));
      assertEquals(0L, d.get(2));
      List<?> row3 = (List<?>) d.get(3);
      assertEquals(30, row3.size());
      assertEquals(List.of(1L, 2L, 1L, 1L), row3.subList(0, 4));
      assertEquals(List.of("abc", "c", "u", "dolphindb"), values(t, "lh"));
    }
  }

  @Test
  void gzipDailyAndSymsWithUniqueAndGroupedEnumsMatchTheirCsvs() {
    try (Database db = Fixtures.open(KDB.substring(0, KDB.length() - 1))) {
      KdbTable daily = db.table("Daily");
      assertEquals(Attribute.UNIQUE, daily.columns().get(daily.columnIndex("sym")).attribute());
      assertEquals(Attribute.GROUPED, daily.columns().get(daily.columnIndex("status")).attribute());
      assertEquals(5408L * 20, CsvOracle.assertMatches(daily, Fixtures.path(DATA + "csv_sample/Daily.csv")));
      KdbTable syms = db.table("Syms");
      assertEquals(5509L * 16, CsvOracle.assertMatches(syms, Fixtures.path(DATA + "csv_sample/Syms.csv")));
    }
  }

  @Test
  void emptyTableWithEmptyParedEnum() {
    try (Database db = Fixtures.open(KDB.substring(0, KDB.length() - 1))) {
      KdbTable q = db.table("quote_cffex");
      assertEquals(47, q.columns().size());
      assertEquals(0, q.rowCount());
      // The table is only in the last partition; the others read as empty.
      assertEquals(3, q.slices().size());
      assertTrue(q.slices().stream().allMatch(s -> {
        try (s) {
          return s.rowCount() == 0;
        }
      }));
    }
  }
}
