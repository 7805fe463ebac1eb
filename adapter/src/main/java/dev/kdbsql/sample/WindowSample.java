package dev.kdbsql.sample;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

/**
 * A small table for testing window functions, sorts and grouping against other engines: nulls
 * in every column, many ties, and the storage order of {@code .Q.dpft} (by sym, then time). The
 * same seed always gives the same bytes.
 *
 * <p>{@code w}, partitioned over 3 dates from 2024-01-02 (400 to 600 rows a date), sorted by sym
 * with {@code p#} and by time within a sym: {@code sym} (a..f, a tenth the null symbol),
 * {@code t} (timespan, non-decreasing within a sym and date, ties to the millisecond),
 * {@code ts} (the timestamp of the date and {@code t}, to the nanosecond), {@code k} (int 0..5, a
 * tenth null), {@code v} (float, multiples of 0.5 below 5, a tenth null), {@code h} (short
 * -300..300, a tenth null), {@code g} (symbol x, y or z, a tenth null) and {@code id} (long,
 * unique across the table, in generation order: a total order for tie-free comparisons).
 */
public final class WindowSample {
  private static final String[] SYMS = {"a", "b", "c", "d", "e", "f"};
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private WindowSample() {
  }

  /** Writes {@code w} into {@code root} from {@code seed}. */
  public static void writeTo(Path root, long seed) {
    Random rnd = new Random(seed);
    DatabaseWriter w = DatabaseWriter.open(root);
    long id = 0;
    for (int day = 0; day < 3; day++) {
      LocalDate date = LocalDate.of(2024, 1, 2).plusDays(day);
      long dayNanos = (date.toEpochDay() - LocalDate.of(2000, 1, 1).toEpochDay()) * NANOS_PER_DAY;
      int n = 400 + rnd.nextInt(200);
      String[] sym = new String[n];
      long[] t = new long[n];
      long[] ts = new long[n];
      int[] k = new int[n];
      double[] v = new double[n];
      short[] h = new short[n];
      String[] g = new String[n];
      long[] ids = new long[n];
      long time = 9L * 3_600_000_000_000L;
      for (int i = 0; i < n; i++) {
        sym[i] = rnd.nextInt(10) == 0 ? "" : SYMS[rnd.nextInt(SYMS.length)];
        // Ties to the millisecond (and some to the nanosecond) within a sym.
        time += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) * 1_000_000L + rnd.nextInt(2) * 137L;
        t[i] = time;
        ts[i] = dayNanos + time;
        k[i] = rnd.nextInt(10) == 0 ? Nulls.INT_NULL : rnd.nextInt(6);
        v[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(10) * 0.5;
        h[i] = rnd.nextInt(10) == 0 ? Nulls.SHORT_NULL : (short) (rnd.nextInt(601) - 300);
        g[i] = rnd.nextInt(10) == 0 ? "" : String.valueOf((char) ('x' + rnd.nextInt(3)));
        ids[i] = id++;
      }
      w.writePartitionParted(PartitionValue.date(date), "w", "sym", TableData.builder()
          .add("sym", ColumnData.symbols(sym))
          .add("t", ColumnData.longs(KdbType.TIMESPAN, t))
          .add("ts", ColumnData.longs(KdbType.TIMESTAMP, ts))
          .add("k", ColumnData.ints(KdbType.INT, k))
          .add("v", ColumnData.doubles(KdbType.FLOAT, v))
          .add("h", ColumnData.shorts(h))
          .add("g", ColumnData.symbols(g))
          .add("id", ColumnData.longs(KdbType.LONG, ids)).build(), WriteOptions.DEFAULT);
    }
  }
}
