package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TorQ-Finance-Starter-Pack's data-quality databases (INDEX.md §13): pre-3.6 nested strings
 * (77+t), old int32 enumerations with nulls, a pre-3.6 stale count, and anymap keyed tables.
 */
class DqeFixtureTest {
  private static final String FSP = "DataIntellectTech__TorQ-Finance-Starter-Pack/";

  @Test
  void pre36NestedStringsAndOldEnums() {
    try (Database db = Fixtures.open(FSP + "dqe/dqcdb/database")) {
      KdbTable config = db.table("configtable");
      assertEquals("sCCsppnj", EgorFixtureTest.meta(config));
      assertEquals(12, config.rowCount());
      List<Object> params = values(config, "params");
      assertEquals("`comp`vars!(0b;(`quote;5;`minute))", params.get(0));
      assertEquals("`comp`vars!(0b;(`quote;5;`minute))", params.get(1));
      assertEquals("`comp`vars!(0b;(`quote;`table))", params.get(2));
      assertEquals("`comp`vars!(0b;\"select from trade where date=2020.01.02\")", params.get(5));
      assertEquals(List.of(0L, 2L, 3L), values(config, "checkid").subList(0, 3));
      assertEquals(List.of("tableticking", "tableticking", "constructcheck"),
          values(config, "action").subList(0, 3));
      assertEquals(List.of("repeat", "single", "repeat"), values(config, "mode").subList(0, 3));
      assertEquals(Collections.nCopies(3, "`rdb1"), values(config, "proc").subList(0, 3));
      assertEquals(LocalDateTime.parse("2020-04-16T09:00"), values(config, "starttime").get(0));
      assertEquals(LocalDateTime.parse("2020-04-16T12:00"), values(config, "starttime").get(1));
      assertEquals(java.util.Arrays.asList(Duration.ofMinutes(5), null, Duration.ofMinutes(2)),
          values(config, "period").subList(0, 3));
      assertEquals(Collections.nCopies(12, null), values(config, "endtime"));

      KdbTable results = db.table("results");
      assertEquals(22, results.rowCount());
      assertEquals(List.of(2L, 13L), values(results, "id").subList(0, 2));
      assertEquals(List.of(".dqc.tableticking", ".dqc.datechk"), values(results, "funct").subList(0, 2));
      assertEquals("quote,5,minute", values(results, "params").get(0));
      assertNull(values(results, "params").get(1), "0Ni enumeration index is the null symbol");
      assertEquals(List.of(true, false), values(results, "result").subList(0, 2));
      assertEquals(List.of("there are 17721 records", "Latest date in hdb is not correct"),
          values(results, "descp").subList(0, 2));
    }
  }

  @Test
  void pre36StaleCountReadsAllAppendedRows() {
    try (Database db = Fixtures.open(FSP + "@6bf8065/dqe/dqedb/database")) {
      KdbTable r = db.table("resultstab");
      assertEquals(12, r.rowCount());
      List<Object> table = values(r, "table");
      assertEquals(table.subList(0, 6), table.subList(6, 12));
      assertEquals(List.of("quote", "quote_iex", "trade", "trade_iex"), table.subList(0, 4));
      assertEquals(List.of(0L, 0L, 0L, 0L, 10L, 10L), values(r, "resvalue").subList(0, 6));
    }
    try (Database db = Fixtures.open(FSP + "@6bf8065/dqe/dqcdb/database")) {
      assertEquals(List.of("there are 82 records"), values(db.table("results"), "descp"));
      assertEquals(9, db.table("configtable").rowCount());
    }
  }

  @Test
  void anymapOfKeyedTables() {
    try (Database db = Fixtures.open(FSP + "dqe/dqedb/database")) {
      assertEquals(List.of(5486L, 0L, 0L, 0L, 0L, 10L, 10L, 0L, 0L),
          values(db.table("resultstab"), "resvalue"));
      KdbTable adv = db.table("advancedres");
      assertEquals(List.of("sym", "sym.ex"), values(adv, "resultkeys"));
      Map<?, ?> row0 = (Map<?, ?>) values(adv, "resultdata").get(0);
      Map<?, ?> key = (Map<?, ?>) row0.get("key");
      Map<?, ?> value = (Map<?, ?>) row0.get("value");
      assertEquals(List.of("AAPL", "AIG", "AMD", "DELL", "DOW", "GOOG", "HPQ", "IBM", "INTC", "MSFT"),
          key.get("sym"));
      assertEquals(List.of(209356L, 208544L), ((List<?>) value.get("bycount")).subList(0, 2));
      assertTrue(values(adv, "resultdata").get(1) instanceof Map, "row 1 decodes (best effort)");
    }
  }
}
