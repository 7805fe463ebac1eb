package dev.kdbsql.sample;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

/**
 * A small fact and dimension pair for testing joins against other engines: nulls as keys on
 * both sides, keys only one side has, repeated dimension keys, null and tied values. The same
 * seed always gives the same bytes.
 *
 * <p>{@code f}, partitioned over 3 dates from 2024-01-02, sorted by sym with {@code p#} (500 to
 * 700 rows a date): {@code sym} (a..h, x, y, a tenth the null symbol), {@code k} (int 0..7, a
 * tenth null), {@code v} (float, multiples of 0.5 below 10, a tenth null), {@code q} (long
 * 1..5). {@code d}, splayed (30 rows): {@code sym} (a..h and z once each, then a..d repeated or
 * null), {@code k} (int 0..9, some null), {@code grp} (g1..g3, some null), {@code w} (float,
 * some null). Syms x and y are in no row of {@code d}; z is in no row of {@code f}.
 */
public final class JoinSample {
  private static final String[] SYMS = {"a", "b", "c", "d", "e", "f", "g", "h", "x", "y"};

  private JoinSample() {
  }

  /** Writes {@code f} and {@code d} into {@code root} from {@code seed}. */
  public static void writeTo(Path root, long seed) {
    Random rnd = new Random(seed);
    DatabaseWriter w = DatabaseWriter.open(root);
    for (int day = 0; day < 3; day++) {
      int n = 500 + rnd.nextInt(200);
      String[] sym = new String[n];
      int[] k = new int[n];
      double[] v = new double[n];
      long[] q = new long[n];
      for (int i = 0; i < n; i++) {
        sym[i] = rnd.nextInt(10) == 0 ? "" : SYMS[rnd.nextInt(SYMS.length)];
        k[i] = rnd.nextInt(10) == 0 ? Integer.MIN_VALUE : rnd.nextInt(8);
        v[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(20) * 0.5;
        q[i] = 1 + rnd.nextInt(5);
      }
      w.writePartitionParted(PartitionValue.date(LocalDate.of(2024, 1, 2).plusDays(day)), "f",
          "sym", TableData.builder().add("sym", ColumnData.symbols(sym))
              .add("k", ColumnData.ints(KdbType.INT, k))
              .add("v", ColumnData.doubles(KdbType.FLOAT, v))
              .add("q", ColumnData.longs(KdbType.LONG, q)).build(), WriteOptions.DEFAULT);
    }
    int n = 30;
    String[] sym = new String[n];
    int[] k = new int[n];
    String[] grp = new String[n];
    double[] wv = new double[n];
    String[] dims = {"a", "b", "c", "d", "e", "f", "g", "h", "z"};
    for (int i = 0; i < n; i++) {
      sym[i] = i < dims.length ? dims[i] : rnd.nextInt(6) == 0 ? "" : dims[rnd.nextInt(4)];
      k[i] = rnd.nextInt(7) == 0 ? Integer.MIN_VALUE : rnd.nextInt(10);
      grp[i] = rnd.nextInt(8) == 0 ? "" : "g" + (1 + rnd.nextInt(3));
      wv[i] = rnd.nextInt(8) == 0 ? Double.NaN : rnd.nextInt(20) * 0.5;
    }
    w.writeSplayed("d", TableData.builder().add("sym", ColumnData.symbols(sym))
        .add("k", ColumnData.ints(KdbType.INT, k)).add("grp", ColumnData.symbols(grp))
        .add("w", ColumnData.doubles(KdbType.FLOAT, wv)).build(), WriteOptions.DEFAULT);
  }
}
