package dev.kdbsql.sample;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.TableData;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates one trading day of {@code trade} and {@code quote} rows into primitive arrays,
 * already sorted by symbol then time (so the writer's {@code .Q.dpft} sort is a no-op), plus the
 * day's open/high/low/close/volume per traded symbol. Times are timespans within 09:30-16:00.
 */
final class DayGenerator {
  static final long OPEN = 34_200_000_000_000L;
  static final long CLOSE = 57_600_000_000_000L;
  private static final byte[] EXCHANGES = {'N', 'Q', 'P', 'Z', 'K', 'B'};
  private static final String[] CONDITIONS = {"", "", "", "", "@", "F", "T", "I", "O"};
  private static final byte[] MODES = {'R', 'R', 'R', 'O', 'C', 'L'};

  private final Universe universe;
  /** Last price per symbol, carried from day to day. */
  private final double[] last;

  DayGenerator(Universe universe) {
    this.universe = universe;
    this.last = universe.basePrices.clone();
  }

  /** One day's trades and quotes, and the daily bars. */
  record Day(TableData trade, TableData quote, Bars bars) {}

  /** Daily bars of the symbols that traded. */
  record Bars(String[] sym, double[] open, double[] high, double[] low, double[] close,
      long[] volume) {}

  Day generate(int tradeRows, int quoteRows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] tradesPer = universe.rowsPerSymbol(tradeRows, r);
    int[] quotesPer = universe.rowsPerSymbol(quoteRows, r);
    double[] startPrice = last.clone();
    Trades t = trades(tradeRows, tradesPer, r);
    return new Day(t.table, quotes(quoteRows, quotesPer, startPrice, r), t.bars);
  }

  private record Trades(TableData table, Bars bars) {}

  private Trades trades(int rows, int[] per, SplittableRandom r) {
    String[] sym = new String[rows];
    long[] time = new long[rows];
    double[] price = new double[rows];
    int[] size = new int[rows];
    byte[] ex = new byte[rows];
    String[] cond = new String[rows];
    int traded = 0;
    for (int c : per) {
      traded += c > 0 ? 1 : 0;
    }
    Bars bars = new Bars(new String[traded], new double[traded], new double[traded],
        new double[traded], new double[traded], new long[traded]);
    int row = 0;
    int bar = 0;
    for (int s = 0; s < per.length; s++) {
      int n = per[s];
      if (n == 0) {
        continue;
      }
      String name = universe.names[s];
      Arrays.fill(sym, row, row + n, name);
      times(time, row, n, r);
      double p = last[s];
      double hi = p;
      double lo = p;
      long vol = 0;
      double tick = Math.max(0.01, Math.round(p * 0.0005 * 100) / 100.0);
      for (int i = row; i < row + n; i++) {
        p = Math.max(0.01, Math.round((p + tick * (r.nextInt(5) - 2)) * 100) / 100.0);
        price[i] = p;
        size[i] = 100 * (1 + Math.min(50, (int) (-Math.log(1 - r.nextDouble()) * 3)));
        ex[i] = EXCHANGES[r.nextInt(EXCHANGES.length)];
        cond[i] = CONDITIONS[r.nextInt(CONDITIONS.length)];
        hi = Math.max(hi, p);
        lo = Math.min(lo, p);
        vol += size[i];
      }
      bars.sym[bar] = name;
      bars.open[bar] = price[row];
      bars.high[bar] = hi;
      bars.low[bar] = lo;
      bars.close[bar] = p;
      bars.volume[bar] = vol;
      bar++;
      last[s] = p;
      row += n;
    }
    TableData table = TableData.builder()
        .add("sym", ColumnData.symbols(sym))
        .add("time", ColumnData.longs(KdbType.TIMESPAN, time))
        .add("price", ColumnData.doubles(KdbType.FLOAT, price))
        .add("size", ColumnData.ints(KdbType.INT, size))
        .add("ex", ColumnData.bytes(KdbType.CHAR, ex))
        .add("cond", ColumnData.symbols(cond))
        .build();
    return new Trades(table, bars);
  }

  private TableData quotes(int rows, int[] per, double[] startPrice, SplittableRandom r) {
    String[] sym = new String[rows];
    long[] time = new long[rows];
    double[] bid = new double[rows];
    double[] ask = new double[rows];
    long[] bsize = new long[rows];
    long[] asize = new long[rows];
    byte[] ex = new byte[rows];
    byte[] mode = new byte[rows];
    int row = 0;
    for (int s = 0; s < per.length; s++) {
      int n = per[s];
      if (n == 0) {
        continue;
      }
      Arrays.fill(sym, row, row + n, universe.names[s]);
      times(time, row, n, r);
      double mid = startPrice[s];
      double tick = Math.max(0.01, Math.round(mid * 0.0005 * 100) / 100.0);
      for (int i = row; i < row + n; i++) {
        mid = Math.max(0.02, mid + tick * (r.nextInt(5) - 2) / 2);
        double spread = tick * (1 + r.nextInt(3));
        bid[i] = Math.round((mid - spread / 2) * 100) / 100.0;
        ask[i] = Math.round((mid + spread / 2) * 100) / 100.0 + (r.nextInt(50) == 0 ? 0.01 : 0);
        bsize[i] = 100L * (1 + r.nextInt(20));
        asize[i] = 100L * (1 + r.nextInt(20));
        ex[i] = EXCHANGES[r.nextInt(EXCHANGES.length)];
        mode[i] = MODES[r.nextInt(MODES.length)];
      }
      row += n;
    }
    return TableData.builder()
        .add("sym", ColumnData.symbols(sym))
        .add("time", ColumnData.longs(KdbType.TIMESPAN, time))
        .add("bid", ColumnData.doubles(KdbType.FLOAT, bid))
        .add("ask", ColumnData.doubles(KdbType.FLOAT, ask))
        .add("bsize", ColumnData.longs(KdbType.LONG, bsize))
        .add("asize", ColumnData.longs(KdbType.LONG, asize))
        .add("ex", ColumnData.bytes(KdbType.CHAR, ex))
        .add("mode", ColumnData.bytes(KdbType.CHAR, mode))
        .build();
  }

  /** Fills {@code n} ascending random session times from {@code from}. */
  private static void times(long[] time, int from, int n, SplittableRandom r) {
    for (int i = from; i < from + n; i++) {
      time[i] = OPEN + r.nextLong(CLOSE - OPEN);
    }
    Arrays.sort(time, from, from + n);
  }
}
