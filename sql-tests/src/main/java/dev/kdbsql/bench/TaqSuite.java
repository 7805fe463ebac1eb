package dev.kdbsql.bench;

import java.time.LocalDate;
import java.util.List;

/**
 * The query suite over the TAQ sample: lookups, aggregates by symbol and exchange, bars, top-N, an
 * as-of join, one date against all dates, and the trivial {@code COUNT(*)} and {@code LIMIT}.
 *
 * <p>Every query but {@code quote_limit_200} (which takes the first rows in storage order) orders
 * its rows, so the engines can be compared row by row. Where DuckDB's
 * spelling differs (no {@code xbar}, {@code wavg}, storage-order {@code first}/{@code last}, or
 * {@code MATCH_CONDITION}), its text computes the same thing; its {@code SELECT *} leaves out the
 * {@code time_ns} column the loader adds (see {@link DuckDbLoader}).
 */
final class TaqSuite {
  private TaqSuite() {}

  /** The suite for one date of the data and one symbol that trades on it. */
  static List<TaqQuery> queries(LocalDate day, String sym) {
    String d = "DATE '" + day + "'";
    String s = "'" + sym.replace("'", "''") + "'";
    String tradeOrder = " ORDER BY time, price, size, ex, cond";
    String lookup = " FROM trade WHERE date = " + d + " AND sym = " + s
        + " AND time BETWEEN TIME '11:00:00' AND TIME '11:30:00'" + tradeOrder;
    String oneDay = "SELECT count(*) AS n, avg(price) AS avg_price,"
        + " sum(CAST(size AS BIGINT)) AS volume FROM trade";
    String spread = "SELECT sym, avg(ask - bid) AS avg_spread, min(ask - bid) AS min_spread,"
        + " max(ask - bid) AS max_spread, stddev_samp(ask - bid) AS sd_spread FROM quote"
        + " WHERE date = " + d + " GROUP BY sym ORDER BY sym";
    String top = " FROM trade ORDER BY size DESC, date, sym, time, price, ex, cond LIMIT 10";
    return List.of(
        new TaqQuery("point_lookup", "SELECT *" + lookup, "SELECT * EXCLUDE (time_ns)" + lookup),
        new TaqQuery("vwap_by_sym",
            "SELECT sym, wavg(size, price) AS vwap FROM trade WHERE date = " + d
                + " GROUP BY sym ORDER BY sym",
            "SELECT sym, sum(price * size) / sum(size) AS vwap FROM trade WHERE date = " + d
                + " GROUP BY sym ORDER BY sym"),
        new TaqQuery("ohlc_5m_bars",
            "SELECT date, xbar(300000, time) AS bar, first(price) AS open, max(price) AS high,"
                + " min(price) AS low, last(price) AS close, sum(CAST(size AS BIGINT)) AS volume"
                + " FROM trade WHERE sym = " + s + " GROUP BY date, xbar(300000, time)"
                + " ORDER BY date, bar",
            "SELECT date, TIME '00:00:00' + to_microseconds(time_ns // 300000000000 * 300000000)"
                + " AS bar, first(price ORDER BY time_ns) AS open, max(price) AS high,"
                + " min(price) AS low, last(price ORDER BY time_ns) AS close,"
                + " sum(CAST(size AS BIGINT)) AS volume FROM trade WHERE sym = " + s
                + " GROUP BY date, bar ORDER BY date, bar"),
        new TaqQuery("top10_by_size", "SELECT *" + top, "SELECT * EXCLUDE (time_ns)" + top),
        TaqQuery.same("count_by_ex",
            "SELECT ex, count(*) AS n FROM trade GROUP BY ex ORDER BY ex"),
        TaqQuery.same("spread_stats", spread),
        new TaqQuery("asof_trades_quotes",
            "SELECT t.time, t.price, t.size, q.time AS qtime, q.bid, q.ask"
                + " FROM (SELECT sym, time, price, size FROM trade WHERE date = " + d
                + " AND sym = " + s + ") t ASOF JOIN (SELECT sym, time, bid, ask FROM quote"
                + " WHERE date = " + d + " AND sym = " + s + ") q"
                + " MATCH_CONDITION t.time >= q.time ON t.sym = q.sym"
                + " ORDER BY t.time, t.price, t.size",
            "SELECT t.time, t.price, t.size, q.time AS qtime, q.bid, q.ask"
                + " FROM (SELECT sym, time, time_ns // 1000000 * 1000000 + 999999 AS ms_end,"
                + " price, size FROM trade WHERE date = " + d + " AND sym = " + s + ") t"
                + " ASOF JOIN (SELECT sym, time, time_ns, bid, ask FROM quote WHERE date = " + d
                + " AND sym = " + s + ") q ON t.sym = q.sym AND t.ms_end >= q.time_ns"
                + " ORDER BY t.time, t.price, t.size"),
        TaqQuery.same("one_date_count_avg", oneDay + " WHERE date = " + d),
        TaqQuery.same("all_dates_count_avg", oneDay),
        TaqQuery.same("count_quote", "SELECT count(*) AS n FROM quote"),
        new TaqQuery("quote_limit_200", "SELECT * FROM quote LIMIT 200",
            "SELECT * EXCLUDE (time_ns) FROM quote LIMIT 200", true));
  }
}
