package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * TorQ's date, month and year partitioned test databases and the segmented copy derived from the
 * daily one (INDEX.md §7, §14): times follow the generator {@code mockdata.q}, so every one of the
 * 450 rows is checked against its formula.
 */
class TorqPartitionsFixtureTest {
  private static final String BASE = "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/";
  private static final long DAY = Temporals.NANOS_PER_DAY;

  @Test
  void dailyPartitions() {
    check(BASE + "dailyhdb", "xdaily", PartitionKind.DATE, d -> DAY);
  }

  @Test
  void monthlyPartitions() {
    check(BASE + "monthlyhdb", "xmonthly", PartitionKind.MONTH,
        m -> Temporals.month((int) m).lengthOfMonth() * DAY);
  }

  @Test
  void yearlyPartitions() {
    check(BASE + "yearlyhdb", "xyearly", PartitionKind.YEAR,
        y -> LocalDate.of((int) y, 1, 1).lengthOfYear() * DAY);
  }

  @Test
  void segmentedCopyReadsLikeTheOriginalInDateOrder() {
    check("derived/segmented-dailyhdb/db", "xdaily", PartitionKind.DATE, d -> DAY);
    try (Database seg = Fixtures.open("derived/segmented-dailyhdb/db");
        Database orig = Fixtures.open(BASE + "dailyhdb")) {
      for (ColumnInfo c : orig.table("xdaily").columns()) {
        assertEquals(values(orig.table("xdaily"), c.name()), values(seg.table("xdaily"), c.name()),
            c.name());
      }
      assertEquals(List.of("seg0", "seg1", "seg0", "seg1", "seg0"), seg.partitions().stream()
          .map(p -> p.dirs().get(0).getParent().getFileName().toString()).toList());
    }
  }

  private static void check(String root, String table, PartitionKind kind,
      LongUnaryOperator partitionLength) {
    try (Database db = Fixtures.open(root)) {
      assertEquals(kind, db.partitionKind());
      assertEquals(5, db.partitions().size());
      KdbTable t = db.table(table);
      assertEquals("ssCppffff", EgorFixtureTest.meta(t));
      assertEquals(Attribute.PARTED, t.columns().get(0).attribute());
      assertEquals(150, t.rowCount());
      List<String> ids = new ArrayList<>();
      int checked = 0;
      for (TableSlice s : t.slices()) {
        try (s) {
          long start = startNanos(kind, s.partition().value());
          // q computes D as a real-valued timespan, so compare within 1 ns of the exact value.
          double d = (partitionLength.applyAsLong(s.partition().value()) - 1) / 10.0;
          assertEquals(30, s.rowCount());
          for (int sym = 0; sym < 3; sym++) {
            for (int k = 0; k < 10; k++) {
              int r = sym * 10 + k;
              assertEquals(List.of("AUDUSD", "EURUSD", "USDCHF").get(sym), s.column(0).getSymbol(r));
              assertEquals("source" + sym, s.column(1).getSymbol(r));
              ids.add(s.column(2).getString(r));
              long time = s.column(3).getLong(r);
              long sourceTime = s.column(4).getLong(r);
              long expectTime = start + (long) (k * d + sym * d / 3);
              long expectSource = start + (long) (k * d + 2 * sym * d / 3);
              assertTrue(Math.abs(time - expectTime) <= 1, "time row " + r + " of " + s);
              assertTrue(Math.abs(sourceTime - expectSource) <= 1, "sourcetime row " + r + " of " + s);
              double bid = s.column(5).getDouble(r);
              double ask = s.column(7).getDouble(r);
              assertEquals(bid / 0.9, ask / 1.1, 1e-9, "bid/ask built from one price");
              checked++;
            }
          }
        }
      }
      assertEquals(150, checked);
      for (int p = 0; p < 5; p++) {
        for (int i = 0; i < 30; i++) {
          assertEquals("x" + i, ids.get(p * 30 + i));
        }
      }
    }
  }

  private static long startNanos(PartitionKind kind, long value) {
    LocalDate start = switch (kind) {
      case DATE -> Temporals.date((int) value);
      case MONTH -> YearMonth.from(Temporals.month((int) value)).atDay(1);
      case YEAR -> LocalDate.of((int) value, 1, 1);
      case INT -> throw new IllegalArgumentException();
    };
    return (long) Temporals.dateValue(start) * DAY;
  }
}
