package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compressed fixtures (INDEX.md §4, §8, §9, §10, §12): q IPC (algorithm 1) with mixed stored and
 * compressed blocks, gzip columns, gzip {@code .d} files and gzip flat tables.
 */
class CompressedFixturesTest {

  @Test
  void torqFinanceQIpcCompressedColumns() {
    try (Database db = Fixtures.open("DataIntellectTech__TorQ-Finance-Starter-Pack/hdb")) {
      KdbTable trade = db.table("trade");
      assertEquals("psfibcc", EgorFixtureTest.meta(trade));
      assertEquals(196_519, trade.rowCount());
      assertEquals(344_455, db.table("quote").rowCount());
      assertEquals("psffjjcc", EgorFixtureTest.meta(db.table("quote")));
      assertEquals(0, db.table("trade_iex").rowCount());
      assertEquals(0, db.table("quote_iex").rowCount());
      try (TableSlice s = trade.slices().get(0)) {
        assertEquals(LocalDateTime.parse("2015-01-07T00:00:03.838217"), s.column(0).getObject(0));
        assertEquals(List.of(20.12, 20.14, 20.09), List.of(s.column(2).getDouble(0),
            s.column(2).getDouble(1), s.column(2).getDouble(2)));
        assertEquals(Attribute.PARTED, s.column(1).attribute());
        // The sym column is contiguous in the order of the root sym file.
        List<String> runs = new ArrayList<>();
        for (long r = 0; r < s.rowCount(); r++) {
          String sym = s.column(1).getSymbol(r);
          if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(sym)) {
            runs.add(sym);
          }
        }
        assertEquals(List.of("MSFT", "DOW", "AAPL", "IBM", "INTC", "GOOG", "AMD", "AIG", "HPQ",
            "DELL"), runs);
      }
    }
  }

  @Test
  void jbetzGzipCopiesEqualTheirPlainTwins() {
    try (Database db = Fixtures.open("jbetz34__advancedKDB/hdb")) {
      assertEquals(List.of("OHLC", "oquote", "otrade", "quote", "tr", "trade"),
          List.copyOf(db.tables().keySet()));
      assertEquals(180 + 174 + 828 + 709, db.table("quote").rowCount());
      assertEquals(159 + 155 + 824 + 3, db.table("trade").rowCount());
      assertEquals(396 + 1986 + 1549, db.table("OHLC").rowCount());
      assertEquals(List.of("time", "sym", "price", "size"),
          db.table("otrade").columns().stream().map(ColumnInfo::name).toList());
      Partition last = db.partitions().get(3);
      for (String col : List.of("sym", "time", "price", "size")) {
        assertEquals(lastValues(db.table("trade"), last, col), lastValues(db.table("otrade"), last, col));
      }
      for (ColumnInfo c : db.table("quote").columns()) {
        assertEquals(lastValues(db.table("quote"), last, c.name()),
            lastValues(db.table("oquote"), last, c.name()), c.name());
      }
      assertEquals(List.of("BMW", "BMW", "GE"), lastValues(db.table("trade"), last, "sym"));
      assertEquals(List.of(34.3, 34.0, 45.3), lastValues(db.table("trade"), last, "price"));
      assertEquals(List.of(100, 10, 170), lastValues(db.table("trade"), last, "size"));
      assertEquals(List.of(Duration.parse("PT9H3M23S"), Duration.parse("PT9H3M23S"),
          Duration.parse("PT9H43M23.044S")), lastValues(db.table("trade"), last, "time"));
      // tr: four all-null rows under p#, then the test trades.
      List<Object> trSym = values(db.table("tr"), "sym");
      assertEquals(Arrays.asList(null, null, null, null, "BMW", "BMW", "BMW", "BMW", "GE", "GE"), trSym);
    }
  }

  private static List<Object> lastValues(KdbTable t, Partition p, String col) {
    List<Object> out = new ArrayList<>();
    for (TableSlice s : t.slices(List.of(p))) {
      try (s) {
        Column c = s.column(t.columnIndex(col));
        for (long r = 0; r < c.size(); r++) {
          out.add(c.getObject(r));
        }
      }
    }
    return out;
  }

  @Test
  void gzipFlatTablesInDatePartitions() {
    try (Database db = Fixtures.open("ArmanTee__sample_tick/data/marketData")) {
      assertEquals(38_840, db.table("quote").rowCount());
      assertEquals(353_474, db.table("trade").rowCount());
      assertEquals(24_407, db.table("tradeStats").rowCount());
      assertEquals(List.of("x1", "x2", "x3"),
          values(db.table("trade"), "sym").stream().distinct().sorted().toList());
    }
    try (Database db = Fixtures.open("ArmanTee__sample_tick/tick_log/sym/data/marketData")) {
      assertEquals(5_570, db.table("quote").rowCount());
      assertEquals(49_340, db.table("trade").rowCount());
      assertEquals(0, db.table("tradeStats").rowCount());
    }
  }

  @Test
  void gzipSplayedColumnsBesidePlainOnes() {
    try (Database db = Fixtures.open("pduffy1107__advanced-kdb/db/hdb")) {
      long max = 0;
      for (TableSlice s : db.table("agg").slices()) {
        try (s) {
          max = Math.max(max, s.rowCount());
        }
      }
      assertEquals(120_500, max);
    }
    try (Database db = Fixtures.open("chanjam03__AdvKDB/hdb")) {
      assertEquals(876, db.table("OHLC").rowCount());
      assertEquals(3000, db.table("optTrades").rowCount());
      assertEquals(8942, db.table("quote").rowCount());
      assertEquals(992, db.table("trade").rowCount());
    }
  }
}
