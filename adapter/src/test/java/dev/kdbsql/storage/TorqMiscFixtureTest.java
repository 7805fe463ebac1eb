package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.format.SymbolLists;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The other TorQ fixtures (INDEX.md §2, §6, §7). */
class TorqMiscFixtureTest {

  @Test
  void torqAirFlightsWithGroupedSymAndAnymapRegistration() {
    try (Database db = Fixtures.open("AquaQAnalytics__TorQ-Air/@a6bae36/hdb")) {
      KdbTable f = db.table("flights");
      assertEquals(218, f.rowCount());
      assertEquals(Attribute.GROUPED, f.columns().get(f.columnIndex("sym")).attribute());
      assertEquals(ColumnType.STRING, f.columns().get(f.columnIndex("Registration")).type());
      assertEquals("IADJO", values(f, "Registration").get(0));
      assertEquals(ColumnType.of(KdbType.DATETIME), f.columns().get(f.columnIndex("depTime")).type());
    }
  }

  @Test
  void amazonDatePartitionedTrades() {
    try (Database db = Fixtures.open("DataIntellectTech__TorQ-Amazon-FinSpace-Starter-Pack/datehdb/hdb")) {
      List<Long> counts = db.table("trades").slices().stream().map(s -> {
        try (s) {
          return s.rowCount();
        }
      }).toList();
      assertEquals(List.of(29_229L, 26_305L, 32_186L), counts);
      assertEquals("pssfi", EgorFixtureTest.meta(db.table("trades")));
    }
  }

  @Test
  void largeSymFileWithStaleHeaderCount() {
    String root = "DataIntellectTech__TorQ/tests/dataaccess/gatewayroutingstripe/hdb";
    assertEquals(466_928, SymbolLists.read(Fixtures.path(root + "/sym")).size());
    try (Database db = Fixtures.open(root)) {
      assertEquals(8000, db.table("trade").rowCount());
      assertEquals(8000, db.table("quote").rowCount());
      assertEquals(0, db.table("packets").rowCount());
    }
  }

  @Test
  void sortedTimeAndEmptyGeneralListColumns() {
    try (Database db = Fixtures.open("DataIntellectTech__TorQ/tests/dataaccess/queryorder/hdb")) {
      KdbTable q = db.table("quote");
      assertEquals(10, q.rowCount());
      assertEquals(Attribute.SORTED, q.columns().get(q.columnIndex("time")).attribute());
      KdbTable packets = db.table("packets");
      assertEquals(0, packets.rowCount());
      assertEquals(ColumnType.GENERAL, packets.columns().get(packets.columnIndex("data")).type());
    }
  }

  @Test
  void splayedTickerplantReplayWithoutPartitions() {
    try (Database db = Fixtures.open("DataIntellectTech__TorQ/tests/stp/tickerlog/singoldlog/testhdb")) {
      assertEquals(800, db.table("trade").rowCount());
      assertEquals(3930, db.table("quote").rowCount());
      assertTrue(db.partitions().isEmpty());
      assertEquals(TableLayout.SPLAYED, db.table("trade").layout());
    }
  }
}
