package dev.kdbsql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every intact database root in the fixtures opens, and every value of every column of every
 * table reads, decoded, without error; row counts agree between headers and data.
 */
class FixtureSweepTest {
  static Stream<String> intactRoots() {
    return Stream.of(
        "egor7__q/db", "egor7__q/hdb", "egor7__q/tab", "egor7__q/t2", "egor7__q/spla",
        "AquaQAnalytics__TorQ-Air/@a6bae36/hdb",
        "ssshahani__KDB-Trading-Analytics/db",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/hdb",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqedb/database",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/@6bf8065/dqe/dqcdb/database",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/@6bf8065/dqe/dqedb/database",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/@41aef04/dqe/dqedb/database",
        "mkeenan-kdb__memoriesPOC/db",
        "DataIntellectTech__TorQ-Amazon-FinSpace-Starter-Pack/datehdb/hdb",
        "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
        "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/monthlyhdb",
        "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/yearlyhdb",
        "DataIntellectTech__TorQ/tests/stp/tickerlog/singoldlog/testhdb",
        "DataIntellectTech__TorQ/tests/dataaccess/queryorder/hdb",
        "DataIntellectTech__TorQ/tests/dataaccess/gatewayroutingstripe/hdb",
        "ArmanTee__sample_tick/data/marketData",
        "ArmanTee__sample_tick/tick/db",
        "pduffy1107__advanced-kdb/db/hdb",
        "chanjam03__AdvKDB/hdb",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/charArrayVector",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/compressCharArrayVector",
        "dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/intArrayVector",
        "jbetz34__advancedKDB/hdb",
        "derived/segmented-dailyhdb/db");
  }

  @ParameterizedTest
  @MethodSource("intactRoots")
  void everyValueReads(String root) {
    try (Database db = Fixtures.open(root)) {
      assertTrue(!db.tables().isEmpty(), root + " has no tables");
      assertEquals(List.of(), List.copyOf(db.unreadableTables().keySet()), root);
      for (KdbTable t : db.tables().values()) {
        long rows = 0;
        for (TableSlice s : t.slices()) {
          try (s) {
            for (int c = 0; c < t.columns().size(); c++) {
              Column col = s.column(c);
              assertEquals(s.rowCount(), col.size(), t + " " + c);
              for (long r = 0; r < col.size(); r++) {
                col.getObject(r);
              }
            }
            rows += s.rowCount();
          }
        }
        assertEquals(t.rowCount(), rows, t.toString());
      }
    }
  }
}
