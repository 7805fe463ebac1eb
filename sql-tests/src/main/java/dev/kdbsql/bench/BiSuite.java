package dev.kdbsql.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The BI suite over the TAQ sample and its {@code ref} table (one row per symbol): the shapes BI
 * tools and analysts send. Joins of {@code trade} and {@code quote} with {@code ref} (filters
 * and groups on {@code ref} columns, {@code LIMIT}, a top-N, a left join), joins of aggregates,
 * scalar subqueries in {@code WHERE} (per day, per symbol and day, global), {@code IN},
 * {@code EXISTS}, {@code NOT IN} and {@code NOT EXISTS} subqueries, derived tables and CTEs as
 * Tableau, Power BI and Metabase write them.
 *
 * <p>The queries are grouped by the operators they need; {@link #windowsAndGroupingSets} is
 * where window functions, {@code ROLLUP}/{@code GROUPING SETS}/{@code CUBE} and
 * {@code COUNT(DISTINCT)} queries go. Rows are compared as sorted multisets, so a query needs
 * an {@code ORDER BY} only where it cuts with a {@code LIMIT}; {@code join_limit_10}, whose ten
 * rows are any ten of the join, is compared by its row count.
 */
final class BiSuite {
  private BiSuite() {}

  /** The suite for one date of the data and one symbol of it ({@code sym}). */
  static List<TaqQuery> queries(LocalDate day, String sym) {
    List<TaqQuery> all = new ArrayList<>();
    all.addAll(joins(day));
    all.addAll(subqueries(day));
    all.addAll(derivedTables(day));
    all.addAll(windowsAndGroupingSets(day, sym));
    return all;
  }

  private static String date(LocalDate day) {
    return "DATE '" + day + "'";
  }

  /** Joins with the reference table, and joins of aggregates. */
  static List<TaqQuery> joins(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("join_sector_volume", TaqQuery.STANDARD,
            "SELECT r.sector, count(*) AS trades, sum(CAST(t.size AS BIGINT)) AS volume,"
                + " avg(t.price) AS avg_price FROM trade t JOIN ref r ON t.sym = r.sym"
                + " GROUP BY r.sector"),
        TaqQuery.same("join_filter_sector", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n, max(t.price) AS hi, min(t.price) AS lo"
                + " FROM trade t JOIN ref r ON t.sym = r.sym WHERE r.sector = 'Technology'"
                + " GROUP BY t.sym"),
        TaqQuery.same("join_filter_rows", TaqQuery.STANDARD,
            "SELECT t.sym, t.time, t.price, t.size, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym WHERE t.\"date\" = " + d + " AND r.tier = 1"
                + " AND r.country <> 'US'"),
        TaqQuery.same("join_quote_spread_by_sector", TaqQuery.STANDARD,
            "SELECT r.sector, avg(q.ask - q.bid) AS spread, count(*) AS n FROM quote q"
                + " JOIN ref r ON q.sym = r.sym WHERE q.\"date\" = " + d + " GROUP BY r.sector"),
        TaqQuery.same("join_quote_filter_ref", TaqQuery.STANDARD,
            "SELECT count(*) AS n, avg(CAST(q.bsize AS DOUBLE)) AS bsize, max(q.ask) AS ask"
                + " FROM quote q"
                + " JOIN ref r ON q.sym = r.sym WHERE r.sector = 'Energy' AND r.tier = 2"),
        TaqQuery.same("join_group_ref_cols", TaqQuery.STANDARD,
            "SELECT r.country, r.tier, count(*) AS n, sum(CAST(t.size AS BIGINT)) AS vol"
                + " FROM trade t JOIN ref r ON t.sym = r.sym GROUP BY r.country, r.tier"),
        new TaqQuery("join_limit_10", TaqQuery.STANDARD,
            "SELECT t.sym, t.time, t.price, r.sector, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym LIMIT 10",
            "SELECT t.sym, t.time, t.price, r.sector, r.name FROM trade t JOIN ref r"
                + " ON t.sym = r.sym LIMIT 10", false, true),
        TaqQuery.same("join_topn", TaqQuery.STANDARD,
            "SELECT t.\"date\", t.sym, t.time, t.price, t.size, r.sector FROM trade t"
                + " JOIN ref r ON t.sym = r.sym WHERE r.sector = 'Energy'"
                + " ORDER BY t.size DESC, t.\"date\", t.sym, t.time, t.price LIMIT 10"),
        TaqQuery.same("left_join_ref", TaqQuery.STANDARD,
            "SELECT r.sector, count(t.sym) AS n FROM ref r LEFT JOIN trade t"
                + " ON t.sym = r.sym AND t.\"date\" = " + d + " GROUP BY r.sector"),
        TaqQuery.same("join_of_aggregates", TaqQuery.STANDARD,
            "SELECT a.sym, a.trades, b.quotes, b.spread FROM (SELECT sym, count(*) AS trades"
                + " FROM trade GROUP BY sym) a JOIN (SELECT sym, count(*) AS quotes,"
                + " avg(ask - bid) AS spread FROM quote GROUP BY sym) b ON a.sym = b.sym"),
        TaqQuery.same("join_expr_on_ref", TaqQuery.STANDARD,
            "SELECT EXTRACT(YEAR FROM r.listed) AS listed_year, count(*) AS n,"
                + " avg(t.price) AS p FROM trade t JOIN ref r ON t.sym = r.sym"
                + " GROUP BY EXTRACT(YEAR FROM r.listed)"));
  }

  /** Subqueries: scalar in WHERE, IN, EXISTS, NOT IN, NOT EXISTS. */
  static List<TaqQuery> subqueries(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("above_day_avg", TaqQuery.STANDARD,
            "SELECT count(*) AS n, sum(CAST(size AS BIGINT)) AS vol FROM trade t"
                + " WHERE t.price > (SELECT avg(t2.price) FROM trade t2"
                + " WHERE t2.\"date\" = t.\"date\")"),
        TaqQuery.same("above_sym_day_avg", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n FROM trade t WHERE t.\"date\" = " + d
                + " AND t.size > (SELECT avg(CAST(t2.size AS DOUBLE)) FROM trade t2 WHERE t2.sym = t.sym"
                + " AND t2.\"date\" = t.\"date\") GROUP BY t.sym"),
        TaqQuery.same("above_global_avg", TaqQuery.STANDARD,
            "SELECT sym, count(*) AS n FROM trade WHERE size > (SELECT avg(CAST(size AS DOUBLE))"
                + " FROM trade)"
                + " GROUP BY sym"),
        TaqQuery.same("in_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n, avg(price) AS p FROM trade WHERE sym IN"
                + " (SELECT sym FROM ref WHERE tier = 1 AND country = 'US')"),
        TaqQuery.same("exists_subquery", TaqQuery.STANDARD,
            "SELECT t.sym, count(*) AS n FROM trade t WHERE EXISTS (SELECT 1 FROM ref r"
                + " WHERE r.sym = t.sym AND r.cap > 2500) GROUP BY t.sym"),
        TaqQuery.same("not_in_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n FROM trade WHERE sym NOT IN"
                + " (SELECT sym FROM ref WHERE sector = 'Energy')"),
        TaqQuery.same("not_exists_subquery", TaqQuery.STANDARD,
            "SELECT count(*) AS n FROM quote q WHERE q.\"date\" = " + d + " AND NOT EXISTS"
                + " (SELECT 1 FROM ref r WHERE r.sym = q.sym AND r.exchange = 'N')"));
  }

  /** Derived tables and CTEs, as BI tools wrap queries. */
  static List<TaqQuery> derivedTables(LocalDate day) {
    String d = date(day);
    return List.of(
        TaqQuery.same("tableau_derived_join", TaqQuery.STANDARD,
            "SELECT \"t0\".\"sector\" AS \"sector\", SUM(\"t0\".\"volume\") AS \"sum_volume\""
                + " FROM (SELECT r.sector AS sector, CAST(t.size AS BIGINT) AS volume"
                + " FROM trade t INNER JOIN ref r ON t.sym = r.sym) \"t0\""
                + " GROUP BY \"t0\".\"sector\""),
        TaqQuery.same("tableau_custom_sql", TaqQuery.STANDARD,
            "SELECT \"Custom SQL Query\".\"sym\" AS \"sym\", \"Custom SQL Query\".\"n\" AS \"n\""
                + " FROM (SELECT sym, count(*) AS n, avg(price) AS p FROM trade"
                + " WHERE \"date\" = " + d + " GROUP BY sym) \"Custom SQL Query\""
                + " ORDER BY \"n\" DESC, \"sym\" LIMIT 20"),
        TaqQuery.same("cte_daily_by_sector", TaqQuery.STANDARD,
            "WITH daily AS (SELECT \"date\", sym, sum(CAST(size AS BIGINT)) AS vol"
                + " FROM trade GROUP BY \"date\", sym) SELECT r.sector, dd.\"date\","
                + " sum(dd.vol) AS vol FROM daily dd JOIN ref r ON dd.sym = r.sym"
                + " GROUP BY r.sector, dd.\"date\""),
        TaqQuery.same("powerbi_left_join", TaqQuery.STANDARD,
            "SELECT \"_\".\"sector\", \"_\".\"country\", sum(\"_\".\"size\") AS \"a0\""
                + " FROM (SELECT CAST(\"t\".\"size\" AS BIGINT) AS \"size\", \"r\".\"sector\","
                + " \"r\".\"country\" FROM \"trade\" \"t\" LEFT OUTER JOIN \"ref\" \"r\""
                + " ON \"t\".\"sym\" = \"r\".\"sym\") \"_\" WHERE \"_\".\"country\" IN ('US', 'GB')"
                + " GROUP BY \"_\".\"sector\", \"_\".\"country\""),
        TaqQuery.same("metabase_filtered", TaqQuery.STANDARD,
            "SELECT \"source\".\"sym\" AS \"sym\", \"source\".\"sum\" AS \"sum\" FROM"
                + " (SELECT \"trade\".\"sym\" AS \"sym\", SUM(CAST(\"trade\".\"size\" AS BIGINT))"
                + " AS \"sum\" FROM \"trade\" WHERE \"trade\".\"date\" = " + d
                + " AND \"trade\".\"price\" > 100 GROUP BY \"trade\".\"sym\") \"source\""
                + " WHERE \"source\".\"sum\" > 10000"));
  }

  /**
   * Window functions, {@code ROLLUP}/{@code GROUPING SETS}/{@code CUBE}, {@code COUNT(DISTINCT)}
   * and groups by parts of the date, in standard SQL. Window orders that tie (trades of one
   * millisecond) are broken by every column a frame's value depends on, so that each row's
   * value is the same whatever order an engine gives tied rows. {@code sym} is one symbol of
   * {@code day} (the as-of shapes work on one symbol's day, as the TAQ suite's as-of join does).
   * Windows ordered by {@code "time"} order by its nanoseconds on DuckDB ({@link #exactTime}).
   */
  /**
   * A query whose window order is {@code "time"}: our driver orders by its exact nanoseconds,
   * DuckDB's {@code "time"} holds milliseconds ({@link DuckDbLoader}), so its variant orders by
   * {@code time_ns}, which the union's parts then select.
   */
  private static TaqQuery exactTime(String name, String sql) {
    String duckdb = sql.replace("ORDER BY \"time\"", "ORDER BY time_ns")
        .replace("(SELECT \"time\", 1 AS isq", "(SELECT \"time\", time_ns, 1 AS isq")
        .replace("UNION ALL SELECT \"time\", 0,", "UNION ALL SELECT \"time\", time_ns, 0,")
        .replace("FROM (SELECT \"time\", isq, price, size, bid, ask,",
            "FROM (SELECT \"time\", time_ns, isq, price, size, bid, ask,");
    return new TaqQuery(name, TaqQuery.STANDARD, sql, duckdb);
  }

  static List<TaqQuery> windowsAndGroupingSets(LocalDate day, String sym) {
    String d = date(day);
    String s = "'" + sym.replace("'", "''") + "'";
    String bar = "EXTRACT(HOUR FROM \"time\") * 60 + EXTRACT(MINUTE FROM \"time\")"
        + " - MOD(EXTRACT(MINUTE FROM \"time\"), 5)";
    return List.of(
        // A 5-minute OHLC as BI tools write it without first/last: ROW_NUMBER from each end.
        exactTime("win_ohlc_row_number",
            "SELECT sym, bar, max(CASE WHEN rn_first = 1 THEN price END) AS open,"
                + " max(price) AS high, min(price) AS low,"
                + " max(CASE WHEN rn_last = 1 THEN price END) AS close,"
                + " sum(CAST(size AS BIGINT)) AS volume FROM (SELECT sym, price, size, " + bar
                + " AS bar, ROW_NUMBER() OVER (PARTITION BY sym, " + bar + " ORDER BY \"time\","
                + " price) AS rn_first, ROW_NUMBER() OVER (PARTITION BY sym, " + bar
                + " ORDER BY \"time\" DESC, price DESC) AS rn_last FROM trade"
                + " WHERE \"date\" = " + d + ") x GROUP BY sym, bar"),
        // The as-of join as a running count over a UNION ALL: each trade takes the last quote
        // at or before it (quotes before trades at one time; ties of quotes by bid, ask).
        exactTime("win_asof_union_running_sum",
            "SELECT \"time\", price, size, bid, ask FROM (SELECT \"time\", isq, price, size,"
                + " max(bid) OVER (PARTITION BY grp) AS bid, max(ask) OVER (PARTITION BY grp)"
                + " AS ask FROM (SELECT \"time\", isq, price, size, bid, ask, sum(isq) OVER"
                + " (ORDER BY \"time\", isq DESC, bid, ask ROWS UNBOUNDED PRECEDING) AS grp"
                + " FROM (SELECT \"time\", 1 AS isq, CAST(NULL AS DOUBLE) AS price,"
                + " CAST(NULL AS INTEGER) AS size, bid, ask FROM quote WHERE \"date\" = " + d
                + " AND sym = " + s + " UNION ALL SELECT \"time\", 0, price, size,"
                + " CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE) FROM trade WHERE \"date\" = " + d
                + " AND sym = " + s + ") u) g) x WHERE isq = 0"),
        TaqQuery.same("win_rank_over_join", TaqQuery.STANDARD,
            "SELECT r.sector, t.sym, sum(CAST(t.size AS BIGINT)) AS vol, RANK() OVER"
                + " (PARTITION BY r.sector ORDER BY sum(CAST(t.size AS BIGINT)) DESC) AS rk"
                + " FROM trade t JOIN ref r ON t.sym = r.sym WHERE t.\"date\" = " + d
                + " GROUP BY r.sector, t.sym"),
        exactTime("win_running_volume",
            "SELECT sym, max(cum) AS vol, max(price - prev) AS up, min(price - prev) AS down"
                + " FROM (SELECT sym, price, sum(CAST(size AS BIGINT)) OVER (PARTITION BY sym"
                + " ORDER BY \"time\") AS cum, lag(price) OVER (PARTITION BY sym"
                + " ORDER BY \"time\", price) AS prev FROM trade WHERE \"date\" = " + d + ") x"
                + " GROUP BY sym"),
        exactTime("win_moving_avg",
            "SELECT sym, max(ma) AS hi, min(ma) AS lo, count(*) AS n FROM (SELECT sym,"
                + " avg(price) OVER (PARTITION BY sym ORDER BY \"time\", price ROWS BETWEEN 9"
                + " PRECEDING AND CURRENT ROW) AS ma FROM trade WHERE \"date\" = " + d + ") x"
                + " GROUP BY sym"),
        TaqQuery.same("win_dense_rank_ntile", TaqQuery.STANDARD,
            "SELECT sym, \"date\", v, DENSE_RANK() OVER (PARTITION BY \"date\" ORDER BY v DESC)"
                + " AS dr, NTILE(4) OVER (PARTITION BY \"date\" ORDER BY v, sym) AS q,"
                + " PERCENT_RANK() OVER (PARTITION BY \"date\" ORDER BY v) AS pr FROM"
                + " (SELECT sym, \"date\", sum(CAST(size AS BIGINT)) AS v FROM trade"
                + " GROUP BY sym, \"date\") x"),
        TaqQuery.same("rollup_date_ex", TaqQuery.STANDARD,
            "SELECT \"date\", ex, count(*) AS n, sum(CAST(size AS BIGINT)) AS vol,"
                + " avg(price) AS p FROM trade GROUP BY ROLLUP(\"date\", ex)"),
        TaqQuery.same("cube_ex_cond", TaqQuery.STANDARD,
            "SELECT ex, cond, count(*) AS n, max(price) AS hi FROM trade WHERE \"date\" = " + d
                + " GROUP BY CUBE(ex, cond)"),
        TaqQuery.same("grouping_sets_sector", TaqQuery.STANDARD,
            "SELECT r.sector, t.ex, count(*) AS n, GROUPING(r.sector, t.ex) AS g FROM trade t"
                + " JOIN ref r ON t.sym = r.sym WHERE t.\"date\" = " + d
                + " GROUP BY GROUPING SETS ((r.sector), (t.ex), ())"),
        TaqQuery.same("count_distinct_sym", TaqQuery.STANDARD,
            "SELECT \"date\", count(DISTINCT sym) AS syms, count(*) AS n FROM trade"
                + " GROUP BY \"date\""),
        TaqQuery.same("count_distinct_by_ex", TaqQuery.STANDARD,
            "SELECT ex, count(DISTINCT sym) AS syms, count(DISTINCT cond) AS conds,"
                + " sum(CAST(size AS BIGINT)) AS vol FROM trade WHERE \"date\" = " + d
                + " GROUP BY ex"),
        TaqQuery.same("group_by_extract_date", TaqQuery.STANDARD,
            "SELECT EXTRACT(YEAR FROM \"date\") AS y, EXTRACT(MONTH FROM \"date\") AS m,"
                + " EXTRACT(DAY FROM \"date\") AS dd, count(*) AS n, avg(price) AS p,"
                + " sum(CAST(size AS BIGINT)) AS vol FROM trade GROUP BY EXTRACT(YEAR FROM"
                + " \"date\"), EXTRACT(MONTH FROM \"date\"), EXTRACT(DAY FROM \"date\")"),
        TaqQuery.same("group_by_dow", TaqQuery.STANDARD,
            "SELECT EXTRACT(ISODOW FROM \"date\") AS dow, count(*) AS n, avg(bid) AS bid"
                + " FROM quote GROUP BY EXTRACT(ISODOW FROM \"date\")"));
  }
}
