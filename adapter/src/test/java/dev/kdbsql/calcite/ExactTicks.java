package dev.kdbsql.calcite;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The database of the exact-temporal tests (the adapter's operators, the driver's getters), and
 * the model their expected answers are computed from.
 *
 * <p>The data ({@link #write}) is made to break millisecond arithmetic: values that collide at
 * the millisecond and differ below it (by 1 ns too), exact duplicates, nulls, timespans outside
 * one day (NULL as times of day), timestamps inside New York's spring-forward gap, all stored
 * out of order over two date partitions. Every expected answer is computed from the raw values
 * ({@link Row}), never by Calcite.
 */
public final class ExactTicks {
  public static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.nnnnnnnnn");
  private static final LocalDate[] DATES = {LocalDate.of(2024, 3, 10), LocalDate.of(2024, 1, 2)};

  /**
   * A row of {@code ticks}: {@code ts} and {@code tn} as raw kdb+ nanoseconds (null for the
   * sentinel; {@code tn} also null outside one day, as SQL reads a timespan typed TIME), the raw
   * timespan, and {@code z}, a datetime, as epoch milliseconds.
   */
  public record Row(long id, int k, Long ts, Long tn, long rawTn, Long zMillis) {
  }

  private ExactTicks() {
  }

  /**
   * Writes the database under {@code db}: {@code ticks} partitioned by date, and splayed
   * {@code trades} and {@code quotes}; returns every row of {@code ticks} in storage order.
   */
  public static List<Row> write(Path db) {
    Random rnd = new Random(20260612);
    DatabaseWriter w = DatabaseWriter.open(db);
    long id = 0;
    for (LocalDate date : DATES) {
      int n = 90;
      long[] ids = new long[n];
      int[] ks = new int[n];
      long[] ts = new long[n];
      long[] tn = new long[n];
      double[] z = new double[n];
      // 02:30 on 2024-03-10 does not exist in New York; 09:30 on 2024-01-02 does.
      LocalDateTime base = date.atTime(date.getMonthValue() == 3 ? 2 : 9, 30);
      long[] below = {0, 1, 250_000, 500_001, 999_999};
      for (int r = 0; r < n; r++) {
        ids[r] = id++;
        ks[r] = rnd.nextInt(3);
        long offset = rnd.nextInt(3) * 1_000_000L + below[rnd.nextInt(below.length)];
        ts[r] = rnd.nextInt(13) == 0 ? Nulls.LONG_NULL
            : Temporals.timestampValue(base) + rnd.nextInt(2) * 60_000_000_000L + offset;
        int kind = rnd.nextInt(20);
        tn[r] = kind == 0 ? Nulls.LONG_NULL
            : kind == 1 ? -offset - 1
            : kind == 2 ? Temporals.NANOS_PER_DAY + offset
            : 10 * 3_600_000_000_000L + rnd.nextInt(2) * 3_600_000_000_000L + offset;
        long millis = Math.floorDiv(Temporals.timestampValue(base), 1_000_000L)
            + rnd.nextInt(3) - 1;
        z[r] = rnd.nextInt(13) == 0 ? Double.NaN : millis / (double) Temporals.MILLIS_PER_DAY;
      }
      // Out of order: a random permutation of the rows.
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        order.add(r);
      }
      Collections.shuffle(order, rnd);
      int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
      TableData data = TableData.builder()
          .add("id", ColumnData.longs(KdbType.LONG, ids))
          .add("k", ColumnData.ints(KdbType.INT, ks))
          .add("ts", ColumnData.longs(KdbType.TIMESTAMP, ts))
          .add("tn", ColumnData.longs(KdbType.TIMESPAN, tn))
          .add("z", ColumnData.doubles(KdbType.DATETIME, z)).build().select(perm);
      w.writePartition(PartitionValue.date(date), "ticks", data, WriteOptions.DEFAULT);
    }
    writeQuotes(w, new Random(7));
    // The partitions in date order, then the rows as stored: the storage order.
    List<Row> rows = new ArrayList<>();
    for (LocalDate date : new LocalDate[] {DATES[1], DATES[0]}) {
      readPartition(db, date, rows);
    }
    return List.copyOf(rows);
  }

  /** Reads the rows of {@code ticks} in partition {@code date} back through storage. */
  private static void readPartition(Path db, LocalDate date, List<Row> rows) {
    try (Database d = Database.open(db)) {
      KdbTable t = d.table("ticks");
      for (TableSlice s : t.slices()) {
        try (s) {
          if (s.partition().value() != Temporals.dateValue(date)) {
            continue;
          }
          Column id = s.column(t.columnIndex("id"));
          Column k = s.column(t.columnIndex("k"));
          Column ts = s.column(t.columnIndex("ts"));
          Column tn = s.column(t.columnIndex("tn"));
          Column z = s.column(t.columnIndex("z"));
          for (long r = 0; r < s.rowCount(); r++) {
            long p = ts.getLong(r);
            long n = tn.getLong(r);
            double zz = z.getDouble(r);
            rows.add(new Row(id.getLong(r), k.getInt(r), p == Nulls.LONG_NULL ? null : p,
                n == Nulls.LONG_NULL || n < 0 || n >= Temporals.NANOS_PER_DAY ? null : n, n,
                Double.isNaN(zz) ? null : Temporals.EPOCH_MILLIS_2000
                    + Math.round(zz * Temporals.MILLIS_PER_DAY)));
          }
        }
      }
    }
  }

  /**
   * Splayed {@code trades} and {@code quotes} ({@code id}, {@code sym}, {@code tn} timespan,
   * {@code ts} timestamp) whose times tie to the millisecond and differ below it.
   */
  private static void writeQuotes(DatabaseWriter w, Random rnd) {
    for (String name : List.of("trades", "quotes")) {
      int n = name.equals("trades") ? 200 : 300;
      long[] ids = new long[n];
      String[] sym = new String[n];
      long[] tn = new long[n];
      long[] ts = new long[n];
      for (int r = 0; r < n; r++) {
        ids[r] = r;
        sym[r] = rnd.nextInt(15) == 0 ? "" : "s" + rnd.nextInt(3);
        long t = 36_000_000_000_000L + rnd.nextInt(40) * 1_000_000L + rnd.nextInt(4) * 250_000L
            + rnd.nextInt(2);
        tn[r] = rnd.nextInt(15) == 0 ? Nulls.LONG_NULL : t;
        ts[r] = rnd.nextInt(15) == 0 ? Nulls.LONG_NULL
            : Temporals.timestampValue(LocalDateTime.of(2024, 3, 10, 2, 30)) + t
                - 36_000_000_000_000L;
      }
      w.writeSplayed(name, TableData.builder().add("id", ColumnData.longs(KdbType.LONG, ids))
          .add("sym", ColumnData.symbols(sym)).add("tn", ColumnData.longs(KdbType.TIMESPAN, tn))
          .add("ts", ColumnData.longs(KdbType.TIMESTAMP, ts)).build(), WriteOptions.DEFAULT);
    }
  }

  // ---- the model ----

  public static String ts(Long nanos) {
    return nanos == null ? null : TEXT.format(Temporals.timestamp(nanos));
  }

  public static String tn(Long nanos) {
    return nanos == null ? null : TEXT.format(Temporals.timestamp(nanos)).substring(11);
  }

  /** Text of a timestamp literal for {@code nanos}. */
  public static String tsLiteral(long nanos) {
    return "timestamp '" + ts(nanos) + "'";
  }

  public static String tnLiteral(long nanos) {
    return "time '" + tn(nanos) + "'";
  }

  /** Calcite's order of values with nulls last (ascending), then by id. */
  public static Comparator<Row> by(Function<Row, Long> key) {
    return Comparator.comparing(key, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparingLong(Row::id);
  }
}
