package dev.kdbsql.sample;

import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.ColumnData;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.PartitionValue;
import dev.kdbsql.storage.write.TableData;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic TAQ-like sample database: the same seed and sizes always give the same bytes.
 *
 * <p>Tables: {@code trade} (sym, time n, price f, size i, ex c, cond s) and {@code quote} (sym,
 * time n, bid f, ask f, bsize j, asize j, ex c, mode c), partitioned by business date and written
 * as {@code .Q.dpft} does (sorted by sym then time, {@code p#} on sym, or no attribute at all:
 * {@link #withParted}); {@code ref}, one row per symbol, splayed at the root (sym, name as a
 * string, sector s, lot j, industry s, listed d, exchange c, country s, cap f with a twentieth
 * null, shares j, tier i); and {@code daily} (sym, date, open, high, low, close f, volume j), a
 * flat table of the daily bars. Symbol frequencies are Zipf-like.
 *
 * <p>Generation and writing go partition by partition and column by column over primitive arrays,
 * so memory is bounded by one day of data whatever the total size.
 */
public final class SampleDatabase {
  private final long tradeRows;
  private final int quotesPerTrade;
  private final int days;
  private final int symbols;
  private final long seed;
  private final LocalDate firstDay;
  private final boolean parted;

  private SampleDatabase(long tradeRows, int quotesPerTrade, int days, int symbols, long seed,
      LocalDate firstDay, boolean parted) {
    this.tradeRows = tradeRows;
    this.quotesPerTrade = quotesPerTrade;
    this.days = days;
    this.symbols = symbols;
    this.seed = seed;
    this.firstDay = firstDay;
    this.parted = parted;
  }

  /**
   * A sample of {@code tradeRows} trades in total over {@code days} business days from
   * 2024-01-02, four quotes per trade, and a symbol count that grows with the size (50..5000).
   */
  public static SampleDatabase of(long tradeRows, int days, long seed) {
    int syms = (int) Math.max(50, Math.min(5000, tradeRows / 2000));
    return new SampleDatabase(tradeRows, 4, days, syms, seed, LocalDate.of(2024, 1, 2), true);
  }

  /** This sample with {@code n} quotes per trade. */
  public SampleDatabase withQuotesPerTrade(int n) {
    return new SampleDatabase(tradeRows, n, days, symbols, seed, firstDay, parted);
  }

  /** This sample with {@code n} symbols. */
  public SampleDatabase withSymbols(int n) {
    return new SampleDatabase(tradeRows, quotesPerTrade, days, n, seed, firstDay, parted);
  }

  /**
   * This sample with {@code p#} on the partitions' sym columns ({@code true}, the default, as
   * {@code .Q.dpft} writes), or without any attribute: the same rows in the same order (sorted
   * by sym then time), as many real databases are written.
   */
  public SampleDatabase withParted(boolean p) {
    return new SampleDatabase(tradeRows, quotesPerTrade, days, symbols, seed, firstDay, p);
  }

  /** What was written and how long it took. */
  public record Summary(long tradeRows, long quoteRows, int partitions, int symbols,
      long nanos) {
    /** Trade and quote rows written per second. */
    public double rowsPerSecond() {
      return (tradeRows + quoteRows) * 1e9 / nanos;
    }
  }

  /** The business days the sample covers. */
  public List<LocalDate> dates() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = firstDay; out.size() < days; d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        out.add(d);
      }
    }
    return out;
  }

  /** Writes the sample into {@code root} (created if needed) and returns what it wrote. */
  public Summary writeTo(Path root) {
    long start = System.nanoTime();
    Universe u = new Universe(symbols, seed);
    DayGenerator gen = new DayGenerator(u);
    DatabaseWriter w = DatabaseWriter.open(root);
    List<LocalDate> dates = dates();
    List<DayGenerator.Bars> bars = new ArrayList<>();
    long quotes = 0;
    for (int d = 0; d < days; d++) {
      int trades = Math.toIntExact(tradeRows / days + (d == days - 1 ? tradeRows % days : 0));
      int q = Math.toIntExact((long) trades * quotesPerTrade);
      DayGenerator.Day day = gen.generate(trades, q, seed * 31 + d);
      PartitionValue p = PartitionValue.date(dates.get(d));
      if (parted) {
        w.writePartitionParted(p, "trade", "sym", day.trade(), WriteOptions.DEFAULT);
        w.writePartitionParted(p, "quote", "sym", day.quote(), WriteOptions.DEFAULT);
      } else {
        // Already sorted by sym then time, sym first: the same rows, without p#.
        w.writePartition(p, "trade", day.trade(), WriteOptions.DEFAULT);
        w.writePartition(p, "quote", day.quote(), WriteOptions.DEFAULT);
      }
      bars.add(day.bars());
      quotes += q;
    }
    w.writeSplayed("ref", ref(u), WriteOptions.DEFAULT);
    w.writeFlat("daily", daily(bars, dates));
    return new Summary(tradeRows, quotes, days, symbols, System.nanoTime() - start);
  }

  private static TableData ref(Universe u) {
    int n = u.size();
    String[] name = new String[n];
    long[] lot = new long[n];
    for (int i = 0; i < n; i++) {
      String s = u.names[i];
      name[i] = i % 97 == 13 ? s + " " + "Consolidated Holdings and Industrial Enterprises of the "
          + "Northern Hemisphere, Incorporated" : s + " " + u.sectors[i] + " Corp";
      lot[i] = i % 10 == 0 ? 1000 : 100;
    }
    // The columns after lot come from their own stream, so the earlier ones stay as they were.
    SplittableRandom r = new SplittableRandom(n * 7919L + 17);
    String[] industry = new String[n];
    int[] listed = new int[n];
    StringBuilder exchange = new StringBuilder(n);
    String[] country = new String[n];
    double[] cap = new double[n];
    long[] shares = new long[n];
    int[] tier = new int[n];
    for (int i = 0; i < n; i++) {
      industry[i] = u.sectors[i] + "-" + (char) ('A' + r.nextInt(4));
      listed[i] = Temporals.dateValue(LocalDate.of(1980, 1, 1).plusDays(r.nextInt(16_000)));
      exchange.append("NAQPZ".charAt(r.nextInt(5)));
      country[i] = COUNTRIES[r.nextInt(8) < 5 ? 0 : r.nextInt(COUNTRIES.length)];
      cap[i] = r.nextInt(20) == 0 ? Double.NaN : Math.round(r.nextDouble() * 5e5) / 100.0;
      shares[i] = 1_000_000L * (1 + r.nextInt(2000));
      tier[i] = 1 + r.nextInt(3);
    }
    return TableData.builder()
        .add("sym", ColumnData.symbols(u.names.clone()))
        .add("name", ColumnData.strings(name))
        .add("sector", ColumnData.symbols(u.sectors.clone()))
        .add("lot", ColumnData.longs(KdbType.LONG, lot))
        .add("industry", ColumnData.symbols(industry))
        .add("listed", ColumnData.ints(KdbType.DATE, listed))
        .add("exchange", ColumnData.bytes(KdbType.CHAR,
            exchange.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .add("country", ColumnData.symbols(country))
        .add("cap", ColumnData.doubles(KdbType.FLOAT, cap))
        .add("shares", ColumnData.longs(KdbType.LONG, shares))
        .add("tier", ColumnData.ints(KdbType.INT, tier))
        .build();
  }

  private static final String[] COUNTRIES = {"US", "GB", "DE", "JP", "CA", "FR", "CH", "NL"};

  private static TableData daily(List<DayGenerator.Bars> bars, List<LocalDate> dates) {
    int n = bars.stream().mapToInt(b -> b.sym().length).sum();
    String[] sym = new String[n];
    int[] date = new int[n];
    double[] open = new double[n];
    double[] high = new double[n];
    double[] low = new double[n];
    double[] close = new double[n];
    long[] volume = new long[n];
    int at = 0;
    for (int d = 0; d < bars.size(); d++) {
      DayGenerator.Bars b = bars.get(d);
      int k = b.sym().length;
      System.arraycopy(b.sym(), 0, sym, at, k);
      Arrays.fill(date, at, at + k, Temporals.dateValue(dates.get(d)));
      System.arraycopy(b.open(), 0, open, at, k);
      System.arraycopy(b.high(), 0, high, at, k);
      System.arraycopy(b.low(), 0, low, at, k);
      System.arraycopy(b.close(), 0, close, at, k);
      System.arraycopy(b.volume(), 0, volume, at, k);
      at += k;
    }
    return TableData.builder()
        .add("sym", ColumnData.symbols(sym))
        .add("date", ColumnData.ints(KdbType.DATE, date))
        .add("open", ColumnData.doubles(KdbType.FLOAT, open))
        .add("high", ColumnData.doubles(KdbType.FLOAT, high))
        .add("low", ColumnData.doubles(KdbType.FLOAT, low))
        .add("close", ColumnData.doubles(KdbType.FLOAT, close))
        .add("volume", ColumnData.longs(KdbType.LONG, volume))
        .build();
  }

  /**
   * Parses a size: {@code tiny} (2 thousand trades), {@code small} (100 thousand),
   * {@code medium} (10 million), {@code large} (100 million), or a number with an optional
   * {@code k}, {@code m} or {@code b} suffix.
   */
  static long parseSize(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "tiny" -> 2_000;
      case "small" -> 100_000;
      case "medium" -> 10_000_000;
      case "large" -> 100_000_000;
      default -> {
        long mult = v.endsWith("k") ? 1_000 : v.endsWith("m") ? 1_000_000
            : v.endsWith("b") ? 1_000_000_000 : 1;
        String digits = mult == 1 ? v : v.substring(0, v.length() - 1);
        yield Long.parseLong(digits.replace("_", "")) * mult;
      }
    };
  }

  /**
   * Command line: {@code SampleDatabase <target dir> [size] [seed] [days] [quotes per trade]};
   * defaults {@code small}, 42, 20, 4. Prints the rows written and the rate.
   */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 5) {
      System.err.println("usage: SampleDatabase <target dir> [tiny|small|medium|large|<trades>]"
          + " [seed] [days] [quotes per trade]");
      System.exit(2);
    }
    long size = parseSize(args.length > 1 ? args[1] : "small");
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int qpt = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    Summary s = of(size, days, seed).withQuotesPerTrade(qpt).writeTo(Path.of(args[0]));
    System.out.printf(Locale.ROOT, "wrote %,d trades and %,d quotes in %d partitions (%d symbols)"
        + " to %s in %.1f s: %,.0f rows/s%n", s.tradeRows(), s.quoteRows(), s.partitions(),
        s.symbols(), args[0], s.nanos() / 1e9, s.rowsPerSecond());
  }
}
