package dev.kdbsql.bench;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The query suite over the TAQ sample, in two spellings ({@link TaqQuery#spelling}).
 *
 * <p>Standard SQL, as BI tools and analysts write it ({@code "date"} and {@code "time"} quoted,
 * no kdb+ function): lookups, aggregates by symbol and exchange, bars by the hour, top-N, one
 * date against all dates, {@code COUNT(*)} and {@code LIMIT}; IN lists of 50 symbols (counted,
 * and grouped spread statistics), NOT IN, IN lists of ints, a time window over all dates; one
 * rare symbol over all dates and one symbol's 30-minute window on one date, in time order; a
 * timestamp range across nights written {@code "date" + "time" BETWEEN TIMESTAMP ...}; and
 * what the partition list answers (first and last date, rows per date, number of dates).
 *
 * <p>The kdb+ spelling: the first suite ({@code xbar} bars, {@code wavg}, {@code first} and
 * {@code last}, the as-of join, {@code date} and {@code time} unquoted), and the new shapes
 * above with {@code date} and {@code time} unquoted.
 *
 * <p>Every query but {@code quote_limit_200} (which takes the first rows in storage order) orders
 * its rows, so the engines can be compared row by row. Where DuckDB's spelling differs (no
 * {@code xbar}, {@code wavg}, storage-order {@code first}/{@code last},
 * {@code MATCH_CONDITION}, and time windows and orders, which it takes on the exact nanoseconds,
 * {@link #nanos}), its text computes the same thing; its {@code SELECT *} leaves out the
 * {@code time_ns} column the loader adds (see {@link DuckDbLoader}).
 */
final class TaqSuite {
  private TaqSuite() {}

  /**
   * What the queries are about: one date of the data, a symbol that trades on it, a rare
   * symbol, and 50 symbols spread over the universe.
   */
  record Subjects(LocalDate day, String sym, String rare, List<String> fifty) {
    /** Placeholder subjects (for counting the queries). */
    static Subjects placeholder() {
      return new Subjects(LocalDate.EPOCH, "X", "Y", List.of("X", "Y"));
    }
  }

  /** Both spellings. */
  static List<TaqQuery> queries(Subjects s) {
    List<TaqQuery> out = new ArrayList<>(standard(s));
    out.addAll(kdb(s));
    return out;
  }

  private static String quote(String sym) {
    return "'" + sym.replace("'", "''") + "'";
  }

  /**
   * DuckDB's test of {@code time BETWEEN TIME 'from' AND TIME 'to'}, on the exact nanoseconds:
   * its {@code time} column holds the milliseconds only, which puts a trade at 12:05:00.000000400
   * inside a window that ends at 12:05:00 (seen at 25M trades: one row in 321,463). Orders use
   * {@code time_ns} for the same reason, so rows within one millisecond come in time order.
   */
  private static String nanos(String from, String to) {
    return "time_ns BETWEEN " + LocalTime.parse(from).toNanoOfDay() + " AND "
        + LocalTime.parse(to).toNanoOfDay();
  }

  /**
   * DuckDB's nanoseconds since the epoch of a wall-clock time, to compare with
   * {@code epoch_ns(CAST(date AS TIMESTAMP)) + time_ns}: its TIMESTAMP holds microseconds.
   */
  private static long epochNanos(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
  }

  /** A wall-clock time as a TIMESTAMP literal's text. */
  private static String wall(LocalDateTime t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS").format(t);
  }

  /** The standard-SQL suite. */
  static List<TaqQuery> standard(Subjects subjects) {
    String std = TaqQuery.STANDARD;
    String d = "DATE '" + subjects.day() + "'";
    String s = quote(subjects.sym());
    String tradeOrder = " ORDER BY \"time\", price, size, ex, cond";
    String lookup = " FROM trade WHERE \"date\" = " + d + " AND sym = " + s
        + " AND \"time\" BETWEEN TIME '11:00:00' AND TIME '11:30:00'" + tradeOrder;
    String duckLookup = " FROM trade WHERE \"date\" = " + d + " AND sym = " + s
        + " AND " + nanos("11:00:00", "11:30:00") + " ORDER BY time_ns, price, size, ex, cond";
    String oneDay = "SELECT COUNT(*) AS n, AVG(price) AS avg_price,"
        + " SUM(CAST(size AS BIGINT)) AS volume FROM trade";
    String spread = "SELECT sym, AVG(ask - bid) AS avg_spread, MIN(ask - bid) AS min_spread,"
        + " MAX(ask - bid) AS max_spread, STDDEV_SAMP(ask - bid) AS sd_spread FROM quote"
        + " WHERE \"date\" = " + d + " GROUP BY sym ORDER BY sym";
    String top = " FROM trade ORDER BY size DESC, \"date\", sym, \"time\", price, ex, cond"
        + " LIMIT 10";
    List<TaqQuery> out = new ArrayList<>(List.of(
        new TaqQuery("point_lookup", std, "SELECT *" + lookup,
            "SELECT * EXCLUDE (time_ns)" + duckLookup),
        TaqQuery.same("vwap_by_sym", std,
            "SELECT sym, SUM(price * size) / SUM(size) AS vwap FROM trade WHERE \"date\" = " + d
                + " GROUP BY sym ORDER BY sym"),
        TaqQuery.same("hourly_bars", std,
            "SELECT \"date\", EXTRACT(HOUR FROM \"time\") AS h, MIN(price) AS low,"
                + " MAX(price) AS high, SUM(CAST(size AS BIGINT)) AS volume, COUNT(*) AS n"
                + " FROM trade WHERE sym = " + s
                + " GROUP BY \"date\", EXTRACT(HOUR FROM \"time\") ORDER BY \"date\", h"),
        new TaqQuery("top10_by_size", std, "SELECT *" + top, "SELECT * EXCLUDE (time_ns)" + top),
        TaqQuery.same("count_by_ex", std,
            "SELECT ex, COUNT(*) AS n FROM trade GROUP BY ex ORDER BY ex"),
        TaqQuery.same("spread_stats", std, spread),
        TaqQuery.same("one_date_count_avg", std, oneDay + " WHERE \"date\" = " + d),
        TaqQuery.same("all_dates_count_avg", std, oneDay),
        TaqQuery.same("count_quote", std, "SELECT COUNT(*) AS n FROM quote"),
        new TaqQuery("quote_limit_200", std, "SELECT * FROM quote LIMIT 200",
            "SELECT * EXCLUDE (time_ns) FROM quote LIMIT 200", true)));
    out.addAll(shapes(subjects, std));
    return out;
  }

  /**
   * The shapes of issue 13 (IN and NOT IN lists, a rare symbol, a window, partition metadata),
   * with {@code date} and {@code time} quoted (standard) or not (kdb+).
   */
  static List<TaqQuery> shapes(Subjects subjects, String spelling) {
    String dt = spelling.equals(TaqQuery.STANDARD) ? "\"date\"" : "date";
    String tm = spelling.equals(TaqQuery.STANDARD) ? "\"time\"" : "time";
    String d = "DATE '" + subjects.day() + "'";
    String s = quote(subjects.sym());
    String fifty = subjects.fifty().stream().map(TaqSuite::quote)
        .collect(Collectors.joining(", "));
    String sizes = java.util.stream.IntStream.range(0, 25).mapToObj(k -> Integer.toString(
        100 + 200 * k)).collect(Collectors.joining(", "));
    String window = " FROM quote WHERE " + dt + " = " + d + " AND sym = " + s + " AND " + tm
        + " BETWEEN TIME '11:00:00' AND TIME '11:30:00' ORDER BY " + tm;
    String duckWindow = " FROM quote WHERE " + dt + " = " + d + " AND sym = " + s + " AND "
        + nanos("11:00:00", "11:30:00") + " ORDER BY time_ns";
    // From an afternoon to a morning three days on: across nights, and a weekend on some days.
    LocalDateTime from = subjects.day().atTime(15, 30);
    LocalDateTime to = subjects.day().plusDays(3).atTime(10, 0);
    return List.of(
        TaqQuery.same("in50_count", spelling,
            "SELECT COUNT(*) AS n FROM quote WHERE sym IN (" + fifty + ")"),
        TaqQuery.same("in50_spread", spelling,
            "SELECT sym, COUNT(*) AS n, AVG(ask - bid) AS avg_spread,"
                + " MIN(ask - bid) AS min_spread, MAX(ask - bid) AS max_spread,"
                + " STDDEV_SAMP(ask - bid) AS sd_spread FROM quote WHERE sym IN (" + fifty + ")"
                + " GROUP BY sym ORDER BY sym"),
        new TaqQuery("rare_sym_all_dates", spelling,
            "SELECT " + dt + ", " + tm + ", bid, ask, bsize, asize FROM quote WHERE sym = "
                + quote(subjects.rare()) + " ORDER BY " + dt + ", " + tm,
            "SELECT " + dt + ", " + tm + ", bid, ask, bsize, asize FROM quote WHERE sym = "
                + quote(subjects.rare()) + " ORDER BY " + dt + ", time_ns"),
        new TaqQuery("sym_window", spelling,
            "SELECT " + tm + ", bid, ask, bsize, asize, ex, mode" + window,
            "SELECT " + tm + ", bid, ask, bsize, asize, ex, mode" + duckWindow),
        TaqQuery.same("notin50_volume", spelling,
            "SELECT COUNT(*) AS n, SUM(CAST(size AS BIGINT)) AS volume FROM trade"
                + " WHERE sym NOT IN (" + fifty + ")"),
        new TaqQuery("time_window_all_dates", spelling,
            "SELECT COUNT(*) AS n, AVG(price) AS avg_price FROM trade WHERE " + tm
                + " BETWEEN TIME '12:00:00' AND TIME '12:05:00'",
            "SELECT COUNT(*) AS n, AVG(price) AS avg_price FROM trade WHERE "
                + nanos("12:00:00", "12:05:00")),
        TaqQuery.same("size_in_by_ex", spelling,
            "SELECT ex, COUNT(*) AS n FROM trade WHERE size IN (" + sizes + ")"
                + " GROUP BY ex ORDER BY ex"),
        TaqQuery.same("ex_notin_in50", spelling,
            "SELECT sym, COUNT(*) AS n, MAX(bsize) AS max_bsize FROM quote"
                + " WHERE ex NOT IN ('N', 'Q') AND sym IN (" + fifty + ") GROUP BY sym"
                + " ORDER BY sym"),
        new TaqQuery("timestamp_range", spelling,
            "SELECT COUNT(*) AS n, AVG(price) AS avg_price, SUM(CAST(size AS BIGINT)) AS volume"
                + " FROM trade WHERE " + dt + " + " + tm + " BETWEEN TIMESTAMP '" + wall(from)
                + "' AND TIMESTAMP '" + wall(to) + "'",
            "SELECT COUNT(*) AS n, AVG(price) AS avg_price, SUM(CAST(size AS BIGINT)) AS volume"
                + " FROM trade WHERE " + dt + " BETWEEN " + d + " AND DATE '" + to.toLocalDate()
                + "' AND epoch_ns(CAST(" + dt + " AS TIMESTAMP)) + time_ns BETWEEN "
                + epochNanos(from) + " AND " + epochNanos(to)),
        TaqQuery.same("date_range", spelling,
            "SELECT MIN(" + dt + ") AS first_date, MAX(" + dt + ") AS last_date FROM trade"),
        TaqQuery.same("count_by_date", spelling,
            "SELECT " + dt + ", COUNT(*) AS n FROM quote GROUP BY " + dt + " ORDER BY " + dt),
        TaqQuery.same("distinct_dates", spelling,
            "SELECT COUNT(DISTINCT " + dt + ") AS n FROM trade"));
  }

  /** The kdb+ spelling: the first suite, then the new shapes with date and time unquoted. */
  static List<TaqQuery> kdb(Subjects subjects) {
    String kdb = TaqQuery.KDB;
    String d = "DATE '" + subjects.day() + "'";
    String s = quote(subjects.sym());
    String tradeOrder = " ORDER BY time, price, size, ex, cond";
    String lookup = " FROM trade WHERE date = " + d + " AND sym = " + s
        + " AND time BETWEEN TIME '11:00:00' AND TIME '11:30:00'" + tradeOrder;
    String duckLookup = " FROM trade WHERE date = " + d + " AND sym = " + s
        + " AND " + nanos("11:00:00", "11:30:00") + " ORDER BY time_ns, price, size, ex, cond";
    String oneDay = "SELECT count(*) AS n, avg(price) AS avg_price,"
        + " sum(CAST(size AS BIGINT)) AS volume FROM trade";
    String spread = "SELECT sym, avg(ask - bid) AS avg_spread, min(ask - bid) AS min_spread,"
        + " max(ask - bid) AS max_spread, stddev_samp(ask - bid) AS sd_spread FROM quote"
        + " WHERE date = " + d + " GROUP BY sym ORDER BY sym";
    String top = " FROM trade ORDER BY size DESC, date, sym, time, price, ex, cond LIMIT 10";
    List<TaqQuery> out = new ArrayList<>(List.of(
        new TaqQuery("point_lookup", kdb, "SELECT *" + lookup,
            "SELECT * EXCLUDE (time_ns)" + duckLookup),
        new TaqQuery("vwap_by_sym", kdb,
            "SELECT sym, wavg(size, price) AS vwap FROM trade WHERE date = " + d
                + " GROUP BY sym ORDER BY sym",
            "SELECT sym, sum(price * size) / sum(size) AS vwap FROM trade WHERE date = " + d
                + " GROUP BY sym ORDER BY sym"),
        new TaqQuery("ohlc_5m_bars", kdb,
            "SELECT date, xbar(300000, time) AS bar, first(price) AS open, max(price) AS high,"
                + " min(price) AS low, last(price) AS close, sum(CAST(size AS BIGINT)) AS volume"
                + " FROM trade WHERE sym = " + s + " GROUP BY date, xbar(300000, time)"
                + " ORDER BY date, bar",
            "SELECT date, TIME '00:00:00' + to_microseconds(time_ns // 300000000000 * 300000000)"
                + " AS bar, first(price ORDER BY time_ns) AS open, max(price) AS high,"
                + " min(price) AS low, last(price ORDER BY time_ns) AS close,"
                + " sum(CAST(size AS BIGINT)) AS volume FROM trade WHERE sym = " + s
                + " GROUP BY date, bar ORDER BY date, bar"),
        new TaqQuery("top10_by_size", kdb, "SELECT *" + top, "SELECT * EXCLUDE (time_ns)" + top),
        TaqQuery.same("count_by_ex", kdb,
            "SELECT ex, count(*) AS n FROM trade GROUP BY ex ORDER BY ex"),
        TaqQuery.same("spread_stats", kdb, spread),
        new TaqQuery("asof_trades_quotes", kdb,
            "SELECT t.time, t.price, t.size, q.time AS qtime, q.bid, q.ask"
                + " FROM (SELECT sym, time, price, size FROM trade WHERE date = " + d
                + " AND sym = " + s + ") t ASOF JOIN (SELECT sym, time, bid, ask FROM quote"
                + " WHERE date = " + d + " AND sym = " + s + ") q"
                + " MATCH_CONDITION t.time >= q.time ON t.sym = q.sym"
                + " ORDER BY t.time, t.price, t.size",
            "SELECT t.time, t.price, t.size, q.time AS qtime, q.bid, q.ask"
                + " FROM (SELECT sym, time, time_ns, price, size FROM trade WHERE date = " + d
                + " AND sym = " + s + ") t"
                + " ASOF JOIN (SELECT sym, time, time_ns, bid, ask FROM quote WHERE date = " + d
                + " AND sym = " + s + ") q ON t.sym = q.sym AND t.time_ns >= q.time_ns"
                + " ORDER BY t.time, t.price, t.size"),
        TaqQuery.same("one_date_count_avg", kdb, oneDay + " WHERE date = " + d),
        TaqQuery.same("all_dates_count_avg", kdb, oneDay),
        TaqQuery.same("count_quote", kdb, "SELECT count(*) AS n FROM quote"),
        new TaqQuery("quote_limit_200", kdb, "SELECT * FROM quote LIMIT 200",
            "SELECT * EXCLUDE (time_ns) FROM quote LIMIT 200", true)));
    out.addAll(shapes(subjects, kdb));
    return out;
  }
}
