package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ssshahani/KDB-Trading-Analytics (INDEX.md §3): a flat {@code daily} table equal to its CSV, and
 * 124 date partitions whose every header count is 0, with a checkable invariant tying the two.
 */
class TradingAnalyticsFixtureTest {

  @Test
  void flatDailyTableEqualsItsCsvRowByRow() {
    List<String[]> csv = Fixtures.csv(
        Fixtures.path("ssshahani__KDB-Trading-Analytics/data/raw/all_daily.csv"));
    List<String[]> expected = csv.subList(1, csv.size()).stream()
        .sorted((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]))
        .toList();
    try (Database db = Fixtures.open("ssshahani__KDB-Trading-Analytics/db")) {
      KdbTable daily = db.table("daily");
      assertEquals(TableLayout.FLAT, daily.layout());
      assertEquals("sdffffj", EgorFixtureTest.meta(daily));
      assertEquals(Attribute.SORTED, daily.columns().get(0).attribute());
      assertEquals(15020, daily.rowCount());
      try (TableSlice s = daily.slices().get(0)) {
        assertEquals(expected.size(), s.rowCount());
        for (int r = 0; r < expected.size(); r++) {
          String[] e = expected.get(r);
          assertEquals(e[0], s.column(0).getSymbol(r), "sym row " + r);
          assertEquals(LocalDate.parse(e[1].replace('.', '-')), s.column(1).getObject(r));
          for (int c = 2; c <= 5; c++) {
            assertEquals(Double.parseDouble(e[c]), s.column(c).getDouble(r), "row " + r + " col " + c);
          }
          assertEquals(Long.parseLong(e[6]), s.column(6).getLong(r));
        }
      }
    }
  }

  @Test
  void partitionsMatchDailyOpenCloseAndRange() {
    try (Database db = Fixtures.open("ssshahani__KDB-Trading-Analytics/db")) {
      assertEquals(124, db.partitions().size());
      assertEquals(LocalDate.of(2025, 9, 4), db.partitions().get(0).date());
      assertEquals(LocalDate.of(2026, 3, 3), db.partitions().get(123).date());
      Map<String, double[]> daily = new HashMap<>();
      try (TableSlice s = db.table("daily").slices().get(0)) {
        for (long r = 0; r < s.rowCount(); r++) {
          daily.put(s.column(0).getSymbol(r) + "|" + s.column(1).getInt(r), new double[] {
              s.column(2).getDouble(r), s.column(3).getDouble(r), s.column(4).getDouble(r),
              s.column(5).getDouble(r)});
        }
      }
      KdbTable trades = db.table("trades");
      assertEquals("stfjsss", EgorFixtureTest.meta(trades));
      int checked = 0;
      for (TableSlice s : trades.slices()) {
        try (s) {
          assertEquals(400, s.rowCount());
          Column sym = s.column(0);
          Column price = s.column(2);
          for (long r = 0; r < 400; r += 20) {
            String key = sym.getSymbol(r) + "|" + s.partition().value();
            double[] ohlc = daily.get(key);
            assertTrue(ohlc != null, key);
            assertEquals(ohlc[0], price.getDouble(r), key + " open");
            assertEquals(ohlc[3], price.getDouble(r + 19), key + " close");
            for (long k = r; k < r + 20; k++) {
              assertEquals(sym.getSymbol(r), sym.getSymbol(k));
              assertTrue(price.getDouble(k) >= ohlc[2] && price.getDouble(k) <= ohlc[1], key);
            }
            checked++;
          }
        }
      }
      assertEquals(2480, checked);
      assertEquals(124 * 800, db.table("quotes").rowCount());
    }
  }
}
